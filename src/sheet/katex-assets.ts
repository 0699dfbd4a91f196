/**
 * KaTeX's stylesheet with every font embedded as a base64 woff2 data URL, so the sheet renders the
 * same offline, from a mail attachment or a USB stick. Only woff2 is kept: every browser that
 * prints a sheet reads it, and the other formats would triple the file.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | null = null;

function katexDist(): string {
  // The package's main entry is dist/katex.js; its stylesheet and fonts sit beside it.
  return dirname(createRequire(import.meta.url).resolve("katex"));
}

/** The KaTeX CSS, self-contained. Throws if the installed KaTeX lacks a font it references. */
export function katexCss(): string {
  if (cached !== null) return cached;
  const dist = katexDist();
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  cached = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\)[^;}]*/g, (_all, font: string) => {
    const data = readFileSync(join(dist, "fonts", `${font}.woff2`)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  if (/url\(fonts\//.test(cached)) throw new Error("katexCss: a KaTeX font reference was not embedded");
  return cached;
}
