import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { deriveGradient, mentions, substitute, toDefinitions, verifyGradient } from "../../src/symbolic/index.js";
import { matrixExpr, squareTable, vectorExpr, vectorTable } from "./generators.js";
import { show } from "./show.js";
import { add, call, div, had, mul, num, ONES, rel, sym, tr } from "../../src/symbolic/build.js";

const [X, W, V, G, b, c, A, B, theta, z] = ["X", "W", "V", "G", "b", "c", "A", "B", "\\theta", "z"].map(sym);
const table: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "M"] },
    { name: "W", kind: "matrix", shape: ["F", "M"] },
    { name: "V", kind: "matrix", shape: ["N", "F"] },
    { name: "A", kind: "matrix", shape: ["F", "M"] },
    { name: "B", kind: "matrix", shape: ["N", "F"] },
    { name: "b", kind: "vector", shape: ["F", 1] },
    { name: "c", kind: "scalar" },
    { name: "\\theta", kind: "scalar", domain: { kind: "positive" } },
    { name: "z", kind: "vector", shape: ["n", 1] },
    { name: "h", kind: "elementwise" },
    { name: "g", kind: "elementwise" },
  ],
};

/** The forward output with intermediate definitions inlined, and the table with G shaped like it. */
function setup(forward: Expr | Expr[], gShape: [string, string] | [string, number]): { output: Expr; table: SymbolTable } {
  const defs = toDefinitions(forward);
  let output = defs[defs.length - 1].expr;
  for (let k = defs.length - 2; k >= 0; k--) output = substitute(output, defs[k].name, defs[k].expr);
  return { output, table: { symbols: [...table.symbols, { name: "G", kind: "matrix", shape: gShape }] } };
}

const XWt = mul(X, tr(W));
const cases: { name: string; forward: Expr | Expr[]; wrt: string[]; g: [string, string] | [string, number] }[] = [
  { name: "block h(XW^T)V^T", forward: mul(call("h", [XWt]), tr(V)), wrt: ["X", "W", "V"], g: ["S", "N"] },
  { name: "bias through 1 b^T", forward: mul(call("h", [add(XWt, mul(ONES, tr(b)))]), tr(V)), wrt: ["X", "W", "V", "b"], g: ["S", "N"] },
  {
    name: "two stacked layers",
    forward: [rel("=", sym("H"), call("tanh", [XWt])), rel("=", sym("Y"), call("sigma", [mul(sym("H"), tr(B))]))],
    wrt: ["X", "W", "B"],
    g: ["S", "N"],
  },
  { name: "product of two elementwise functions", forward: had(call("h", [XWt]), call("g", [mul(X, tr(A))])), wrt: ["X", "W", "A"], g: ["S", "F"] },
  { name: "ReLU through max", forward: mul(call("max", [num(0), XWt]), tr(V)), wrt: ["X", "W", "V"], g: ["S", "N"] },
  { name: "scalar broadcast and scaling", forward: add(mul(c, XWt), c), wrt: ["c", "X"], g: ["S", "F"] },
  { name: "PReLU", forward: call("prelu", [XWt, theta]), wrt: ["\\theta", "W"], g: ["S", "F"] },
  { name: "log, exp, division by a scalar", forward: div(call("log", [add(call("exp", [XWt]), num(1))]), theta), wrt: ["W", "\\theta"], g: ["S", "F"] },
  { name: "softmax of a vector", forward: call("softmax", [mul(c, z)]), wrt: ["z", "c"], g: ["n", 1] },
  { name: "log-softmax of a vector", forward: call("logsoftmax", [z]), wrt: ["z"], g: ["n", 1] },
  { name: "tanh and sigmoid of a product", forward: had(call("tanh", [XWt]), call("sigma", [XWt])), wrt: ["X"], g: ["S", "F"] },
];

describe("derived gradients equal autodiff on random shapes", () => {
  for (const k of cases) {
    it(k.name, () => {
      const { output, table: t } = setup(k.forward, k.g);
      for (const wrt of k.wrt) {
        const d = deriveGradient(k.forward, wrt, t);
        expect(d.ok, `${wrt}: ${!d.ok ? d.message : ""}`).toBe(true);
        if (!d.ok) continue;
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
            const ev = verifyGradient(output, wrt, d.expr, t, { seed, trials: 3 });
            expect(ev.ok, `${wrt}: ${ev.detail}`).toBe(true);
          }),
          { numRuns: 4 },
        );
      }
    });
  }
  it("the judge rejects a wrong gradient (h instead of h')", () => {
    const { output, table: t } = setup(cases[0].forward, ["S", "N"]);
    const wrong = mul(had(mul(G, V), call("h", [XWt])), W);
    const ev = verifyGradient(output, "X", wrong, t, { seed: 3 });
    expect(ev.ok).toBe(false);
    expect(ev.detail).toMatch(/differs from autodiff/);
  });
});

describe("reverse mode on random forward passes agrees with autodiff", () => {
  it("for every input of random matrix and vector expressions", () => {
    const withG = (t: SymbolTable, shape: [string, string] | [string, number]): SymbolTable => ({
      symbols: [...t.symbols, { name: "G", kind: "matrix", shape }],
    });
    const square = withG(squareTable, ["n", "n"]);
    const vec = withG(vectorTable, ["n", 1]);
    fc.assert(
      fc.property(fc.oneof(fc.tuple(matrixExpr, fc.constant(square)), fc.tuple(vectorExpr, fc.constant(vec))), fc.integer({ min: 1, max: 1e6 }), ([forward, t], seed) => {
        const inputs = t.symbols.filter((s) => s.name !== "G" && s.kind !== "elementwise" && mentions(forward, (n) => n === s.name));
        for (const input of inputs) {
          const d = deriveGradient(forward, input.name, t);
          expect(d.ok, `${show(forward)} w.r.t. ${input.name}: ${!d.ok ? d.message : ""}`).toBe(true);
          if (!d.ok) continue;
          const ev = verifyGradient(forward, input.name, d.expr, t, { seed, trials: 2, maxDim: 4 });
          expect(ev.ok, `${show(forward)} w.r.t. ${input.name} gave ${show(d.expr)}: ${ev.detail}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
