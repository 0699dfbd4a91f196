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

describe("\\cdot between two declared column vectors is their dot product", () => {
  const symbols = {
    symbols: [
      { name: "s", kind: "vector" as const, shape: ["n", 1] as ["n", 1] },
      { name: "g", kind: "vector" as const, shape: ["n", 1] as ["n", 1] },
      { name: "A", kind: "matrix" as const, shape: ["n", "n"] as ["n", "n"] },
      { name: "c", kind: "scalar" as const, shape: [] as [] },
    ],
  };
  const read = (t: string): Expr => {
    const r = parse(t, { symbols });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const eq = (a: string, b: string): boolean => exprEquals(read(a), read(b));

  it("reads g \\cdot s as g^\\top s, alone and inside a product", () => {
    expect(eq("g \\cdot s", "g^\\top s")).toBe(true);
    expect(eq("(s \\cdot g) s", "(s^\\top g) s")).toBe(true);
    expect(eq("s \\circ (g - (g \\cdot s)\\mathbf{1})", "s \\circ (g - (g^\\top s)\\mathbf{1})")).toBe(true);
  });

  it("keeps \\cdot an ordinary product for anything else", () => {
    expect(eq("c \\cdot s", "c s")).toBe(true);
    expect(eq("A \\cdot s", "A s")).toBe(true);
    expect(eq("c \\cdot A \\cdot s", "c A s")).toBe(true);
    expect(eq("2 \\cdot c", "2 c")).toBe(true);
  });

  it("leaves no raw mark in the tree, with or without a table", () => {
    expect(JSON.stringify(read("c \\cdot s \\cdot g"))).not.toMatch(/"dot"/);
    const bare = parse("a \\cdot b");
    expect(bare.ok && JSON.stringify(bare.value)).not.toMatch(/"dot"/);
  });
});
