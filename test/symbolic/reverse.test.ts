import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { deriveGradient, sameExpr } from "../../src/symbolic/index.js";
import { add, call, had, indicator, mul, num, ONES, rel, sumAll, sym, tr } from "../../src/symbolic/build.js";
import { show } from "./show.js";
import { blockTable } from "./fixtures.js";

const [X, W, V, G, b, c, theta] = ["X", "W", "V", "G", "b", "c", "theta"].map(sym);
const table: SymbolTable = blockTable(
  { name: "b", kind: "vector", shape: ["F", 1] },
  { name: "c", kind: "scalar" },
  { name: "theta", kind: "scalar" },
);

function derived(forward: Expr | Expr[], wrt: string): Expr {
  const r = deriveGradient(forward, wrt, table);
  if (!r.ok) throw new Error(r.message);
  return r.expr;
}

function expectForm(got: Expr, want: Expr): void {
  expect(show(got)).toBe(show(want));
  expect(sameExpr(got, want)).toBe(true);
}

const XWt = mul(X, tr(W));
const block = mul(call("h", [XWt]), tr(V));
const AoB = had(mul(G, V), call("h", [XWt], 1));

describe("reverse mode: section A block gradients in textbook form", () => {
  it("∂L/∂X = ((G V) ∘ h'(X W^T)) W", () => expectForm(derived(block, "X"), mul(AoB, W)));
  it("∂L/∂W = ((G V) ∘ h'(X W^T))^T X", () => expectForm(derived(block, "W"), mul(tr(AoB), X)));
  it("∂L/∂V = G^T h(X W^T)", () => expectForm(derived(block, "V"), mul(tr(G), call("h", [XWt]))));
  it("stacked definitions give the same forms as the one-line block", () => {
    const defs = [rel("=", sym("H"), call("h", [XWt])), rel("=", sym("Y"), mul(sym("H"), tr(V)))];
    for (const w of ["X", "W", "V"]) expectForm(derived(defs, w), derived(block, w));
  });
});

describe("reverse mode: broadcasting, biases, piecewise functions", () => {
  it("a scalar added to a matrix receives the sum of all entries", () => {
    expectForm(derived(add(XWt, c), "c"), sumAll(G));
  });
  it("a bias row 1 b^T inside h receives (G ∘ h'(·))^T 1", () => {
    const pre = add(XWt, mul(ONES, tr(b)));
    expectForm(derived(call("h", [pre]), "b"), mul(tr(had(G, call("h", [pre], 1))), ONES));
  });
  it("PReLU: D = G ∘ min(0, X) for an entrywise θ, summed for a scalar θ", () => {
    const tableM: SymbolTable = { symbols: [...table.symbols.filter((s) => s.name !== "theta"), { name: "theta", kind: "matrix", shape: ["S", "M"] }] };
    const r = deriveGradient(call("prelu", [X, theta]), "theta", tableM);
    expect(r.ok && show(r.expr)).toBe(show(had(G, call("min", [num(0), X]))));
    expectForm(derived(call("prelu", [X, theta]), "theta"), sumAll(had(G, call("min", [num(0), X]))));
  });
  it("PReLU input gradient uses indicators: G ∘ (1[X>0] + θ 1[X<=0])", () => {
    const E = add(indicator(rel(">", X, num(0))), mul(theta, indicator(rel("<=", X, num(0)))));
    expectForm(derived(call("prelu", [X, theta]), "X"), had(G, E));
  });
  it("ReLU through max(0, ·) of a product", () => {
    expectForm(derived(call("max", [num(0), XWt]), "W"), mul(tr(had(G, indicator(rel(">", XWt, num(0))))), X));
  });
  it("a name that is not in the forward pass is an error, not a zero", () => {
    const r = deriveGradient(block, "Z", table);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/'Z' does not appear/);
  });
  it("index notation in a forward pass is refused with a pointer to the Jacobian functions", () => {
    const r = deriveGradient({ kind: "index", base: X, indices: [sym("i")] }, "X", table);
    expect(!r.ok && r.message).toMatch(/index notation/);
  });
});
