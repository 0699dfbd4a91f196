import { describe, expect, it } from "vitest";
import { parse, exprEquals } from "../../src/expr/index.js";
import type { Expr } from "../../src/expr/ast.js";

function same(a: string, b: string): void {
  const ra = parse(a);
  const rb = parse(b);
  if (!ra.ok) throw new Error(`${a}: ${ra.error.message}`);
  if (!rb.ok) throw new Error(`${b}: ${rb.error.message}`);
  expect(exprEquals(ra.value, rb.value)).toBe(true);
}

// Spellings found by the held-out grading corpus: each read as the LaTeX a student meant.
describe("student spellings", () => {
  it("ASCII subscripts stop at a capital: S_iS_j is S_i S_j", () => {
    same("S_i delta_ij - S_iS_j", "S_i \\delta_{ij} - S_i S_j");
    same("delta_ij", "\\delta_{ij}");
  });

  it("PDF glyphs: 𝟏 is \\mathbf{1} and ⊤ is a transpose", () => {
    same("S ⊙ (g − (Sᵀg)𝟏)", "S \\odot (g - (S^\\top g)\\mathbf{1})");
    same("h'(X W^⊤)", "h'(X W^\\top)");
  });

  it("\\mathbf{1}[cond] is an indicator, \\mathbf{1}(b) a product with the ones vector", () => {
    const r = parse("G \\circ X \\circ \\mathbf{1}[X < 0]");
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.stringify(r.value)).toMatch(/"indicator"/);
    same("G \\circ X \\circ \\mathbf{1}[X < 0]", "G \\circ X \\circ \\mathbb{1}[X < 0]");
    const p = parse("\\mathbf{1}(b)");
    expect(p.ok && (p.value as Expr).kind === "mul").toBe(true);
  });
});

describe("transpose glyphs under a caret", () => {
  it("W^⊤, W^{ᵀ}, W⊤ and Wᵀ are all W^\\top", () => {
    for (const s of ["W^⊤", "W^{ᵀ}", "W⊤", "Wᵀ", "W^{⊤}"]) same(s, "W^\\top");
  });
});
