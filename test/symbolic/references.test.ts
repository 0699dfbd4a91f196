import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { parse, toLatex } from "../../src/expr/index.js";
import { canonical, deriveBankReference, derive, parseSymbolsSpec, sameExpr } from "../../src/symbolic/index.js";

const spec = (s: string): SymbolTable => {
  const r = parseSymbolsSpec(s);
  if (!r.ok) throw new Error(r.message);
  return r.table;
};
const BLOCK = spec("X: S x M, W: F x M, V: N x F, G: S x N, h: elementwise");
const read = (t: string, table: SymbolTable): Expr => {
  const r = parse(t, { symbols: table });
  if (!r.ok) throw new Error(`${t}: ${r.error.message}`);
  return r.value;
};

/** The derived form is structurally the reference after canonical ordering (not just numerically equal). */
function expectStructural(derived: Expr, referenceText: string, table: SymbolTable): void {
  const ref = canonical(read(referenceText, table), table);
  expect(toLatex(derived)).toBe(toLatex(ref));
  expect(sameExpr(derived, ref)).toBe(true);
}

describe("section A: derived forms match the published references structurally", () => {
  const cases: [string, string, string][] = [
    ["Y = h(X W^\\top) V^\\top", "X", "((G V) \\circ h'(X W^\\top)) W"],
    ["Y = h(X W^\\top) V^\\top", "W", "((G V) \\circ h'(X W^\\top))^\\top X"],
    ["Y = h(X W^\\top) V^\\top", "V", "G^\\top h(X W^\\top)"],
    ["Y = h(X W^T) V^T", "X", "(h'(X W^T) \\circ (G V)) W"],
    ["H = h(X W^\\top), Y = H V^\\top", "W", "((G V) \\circ h'(X W^\\top))^\\top X"],
  ];
  for (const [forward, wrt, reference] of cases) {
    it(`${forward}: ∂L/∂${wrt} = ${reference}`, () => {
      const d = derive(forward, wrt, { symbols: BLOCK });
      expect(d.ok, d.ok ? "" : d.message).toBe(true);
      if (d.ok) expectStructural(d.expr, reference, BLOCK);
    });
  }
  it("PReLU D = G ∘ min(0, X) for an entrywise θ", () => {
    const table = spec("X: S x M, G: S x M, \\theta: S x M");
    const d = derive("Y = \\mathrm{PReLU}(X, \\theta)", "\\theta", { symbols: table });
    expect(d.ok).toBe(true);
    if (d.ok) expectStructural(d.expr, "G \\circ \\min(0, X)", table);
  });
  it("bank references: softmax Jacobians, sigmoid Jacobian, block A ∘ B and C, PReLU D", () => {
    const pairs: [string, string, string][] = [
      ["softmax-jacobian", "S_i(\\delta_{ij} - S_j)", "S: vector n, i: index, j: index"],
      ["softmax-jacobian-matrix", "\\mathrm{diag}(s) - s s^\\top", "s: vector n"],
      ["softmax-vjp", "s \\circ (g - (s^\\top g)\\mathbf{1})", "s: vector n, g: vector n"],
      ["sigmoid-jacobian", "\\mathrm{diag}(\\sigma(x) \\circ (1 - \\sigma(x)))", "x: vector n"],
      ["block-gradients-ab", "(G V) \\circ h'(X W^\\top)", "X: S x M, W: F x M, V: N x F, G: S x N, h: elementwise"],
      ["block-gradients-c", "G^\\top h(X W^\\top)", "X: S x M, W: F x M, V: N x F, G: S x N, h: elementwise"],
      ["softmax-ce-grad", "o_i - y_i", "o: vector n, y: vector n, i: index"],
    ];
    for (const [id, reference, symbols] of pairs) {
      const r = deriveBankReference(id);
      expect(r.ok, id).toBe(true);
      if (r.ok) expectStructural(r.expr, reference, spec(symbols));
    }
  });
  it("Kaiming variance and the limits read as the references (canonical forms)", () => {
    const scalars = spec("\\alpha: scalar, d_x: positive, x: scalar");
    const k = deriveBankReference("leaky-relu-kaiming");
    if (!k.ok) throw new Error(k.message);
    expectStructural(k.expr, "\\frac{2}{(1+\\alpha^2) d_x}", scalars);
    const inf = deriveBankReference("swish-limit-infinity");
    if (!inf.ok) throw new Error(inf.message);
    expectStructural(inf.expr, "\\max(0, x)", scalars);
  });
});
