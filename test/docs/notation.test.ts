/**
 * docs/notation.md's examples are parsed by test/expr/notation.test.ts (H2a). Here: every LaTeX
 * example also renders in KaTeX, the renderer of the answer sheet, so what the parser documents as
 * readable can be shown on a sheet. ASCII examples (no backslash or brace) are not LaTeX and are skipped.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderMath } from "../../src/sheet/index.js";
import { fencedBlocks, formulasOf } from "./extract.js";

const md = readFileSync(join(import.meta.dirname, "..", "..", "docs", "notation.md"), "utf8");

describe("docs/notation.md", () => {
  it("every LaTeX example renders in KaTeX", () => {
    const rows = [...md.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    const latexLines = fencedBlocks(md)
      .filter((b) => b.lang === "latex")
      .flatMap((b) => b.text.split("\n").filter((l) => l.trim()));
    const examples = [...rows, ...latexLines, ...formulasOf(md).map((f) => f.latex)].filter((t) => /[\\{]/.test(t));
    expect(examples.length).toBeGreaterThanOrEqual(50);
    const failures = examples.map((t) => ({ t, r: renderMath(t, false) })).filter(({ r }) => !r.ok).map(({ t, r }) => `${t}: ${r.error}`);
    expect(failures).toEqual([]);
  });
});
