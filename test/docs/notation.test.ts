/**
 * Every LaTeX example of docs/notation.md (the parser's reference, written with the parser) must
 * parse: inline and display math, and fenced `latex` / `tex` blocks line by line.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "../../src/expr/index.js";
import { fencedBlocks, formulasOf } from "./extract.js";

const file = join(import.meta.dirname, "..", "..", "docs", "notation.md");
const present = existsSync(file);
if (!present) console.warn("docs/notation.md is not written yet: its examples are not checked");

describe.skipIf(!present)("docs/notation.md", () => {
  const md = present ? readFileSync(file, "utf8") : "";

  it("every formula parses", () => {
    const formulas = formulasOf(md).map((f) => ({ latex: f.latex, line: f.line }));
    for (const b of fencedBlocks(md).filter((b) => b.lang === "latex" || b.lang === "tex")) {
      b.text.split("\n").forEach((l, k) => {
        if (l.trim()) formulas.push({ latex: l.trim(), line: b.line + k });
      });
    }
    expect(formulas.length).toBeGreaterThanOrEqual(10);
    const failures = formulas
      .map((f) => ({ f, r: parse(f.latex) }))
      .filter(({ r }) => !r.ok)
      .map(({ f, r }) => `line ${f.line}: ${f.latex}: ${r.ok ? "" : r.error.message}`);
    expect(failures).toEqual([]);
  });
});
