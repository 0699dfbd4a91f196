import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { canonical, compareExpr, indexJacobian, simplify, vectorJacobian } from "../../src/symbolic/index.js";
import { add, call, delta, had, IDENTITY, index, mul, neg, num, ONES, sub, sym, tr } from "../../src/symbolic/build.js";
import { show } from "./show.js";

const [A, B, C, X, a] = ["A", "B", "C", "X", "a"].map(sym);
const table: SymbolTable = {
  symbols: [
    { name: "A", kind: "matrix", shape: ["n", "n"] },
    { name: "B", kind: "matrix", shape: ["n", "n"] },
    { name: "C", kind: "matrix", shape: ["n", "n"] },
    { name: "X", kind: "matrix", shape: ["n", "n"] },
    { name: "a", kind: "scalar" },
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "s", kind: "vector", shape: ["n", 1] },
    { name: "S", kind: "vector", shape: ["n", 1] },
  ],
};
const s = (e: Expr): string => show(simplify(e, table));

describe("simplifier laws", () => {
  it("cancels and pushes transposes only where marks disappear", () => {
    expect(s(tr(tr(A)))).toBe("A");
    expect(s(tr(mul(tr(A), B)))).toBe(show(mul(tr(B), A)));
    expect(s(tr(mul(A, B)))).toBe(show(tr(mul(A, B))));
    expect(s(tr(had(tr(A), tr(B))))).toBe(show(had(A, B)));
    expect(s(tr(call("h", [tr(X)])))).toBe(show(call("h", [X])));
  });
  it("a transposed Hadamard product of transposes reads back as the textbook block", () => {
    const [G, V, W] = [sym("G"), sym("V"), sym("W")];
    const written = tr(had(mul(tr(V), tr(G)), call("h", [mul(W, tr(X))], 1)));
    expect(s(written)).toBe(show(had(mul(G, V), call("h", [mul(X, tr(W))], 1))));
  });
  it("removes identities and ones, folds numbers, moves scalars to the front", () => {
    expect(s(mul(IDENTITY, A, IDENTITY))).toBe("A");
    expect(s(mul(num(2), A, num(3), a))).toBe(show(mul(num(6), a, A)));
    expect(s(had(num(1), A))).toBe("A");
    expect(s(add(num(2), num(3)))).toBe("5");
    expect(s(mul(neg(A), neg(B)))).toBe(show(mul(A, B)));
  });
  it("collects like terms and cancels", () => {
    expect(s(add(A, A, B))).toBe(show(add(mul(num(2), A), B)));
    // A cancelled matrix keeps its shape: 0 A B, not the scalar 0.
    expect(s(sub(mul(A, B), mul(A, B)))).toBe(show(mul(num(0), A, B)));
    expect(s(sub(a, a))).toBe("0");
  });
  it("pulls common factors out of Hadamard and scalar products, left and right factors of matrix products", () => {
    expect(s(add(had(C, A), had(B, C)))).toBe(show(had(C, add(A, B))));
    expect(s(add(mul(A, B), mul(A, C)))).toBe(show(mul(A, add(B, C))));
    expect(s(sub(mul(B, A), mul(C, A)))).toBe(show(mul(sub(B, C), A)));
  });
  it("puts Hadamard factors in a canonical order and positive terms first", () => {
    expect(s(had(call("h", [X]), A))).toBe(show(had(A, call("h", [X]))));
    expect(s(add(neg(B), A))).toBe(show(add(A, neg(B))));
  });
  it("is idempotent and order-insensitive on random sums of Hadamard products", () => {
    const leaf = fc.constantFrom<Expr>(A, B, C, tr(A), call("h", [X]), num(2));
    const term = fc.array(leaf, { minLength: 1, maxLength: 3 }).map((fs) => (fs.length === 1 ? fs[0] : had(...fs)));
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), fc.boolean(), (terms, flip) => {
        const e = add(...terms);
        const once = canonical(e, table);
        expect(compareExpr(canonical(once, table), once)).toBe(0);
        const reordered = add(...(flip ? [...terms].reverse() : terms).map((t) => (t.kind === "hadamard" ? had(...[...t.factors].reverse()) : t)));
        expect(show(canonical(reordered, table))).toBe(show(once));
      }),
      { numRuns: 200 },
    );
  });
});

describe("Jacobians", () => {
  const sm = call("softmax", [sym("x")]);
  it("softmax: diag(s) - s s^T and S_i(δ_ij - S_j)", () => {
    const m = vectorJacobian(sm, "x", table, { abbreviations: { s: sm } });
    expect(m.ok && show(m.expr)).toBe(show(sub(call("diag", [sym("s")]), mul(sym("s"), tr(sym("s"))))));
    const i = indexJacobian(sm, "x", table, { abbreviations: { S: sm } });
    const Si = index(sym("S"), sym("i"));
    expect(i.ok && show(i.expr)).toBe(show(mul(Si, sub(delta(sym("i"), sym("j")), index(sym("S"), sym("j"))))));
  });
  it("sigmoid: diag(σ(x) ∘ (1 - σ(x)))", () => {
    const sg = call("sigma", [sym("x")]);
    const m = vectorJacobian(sg, "x", table);
    expect(m.ok && show(m.expr)).toBe(show(call("diag", [had(sg, sub(num(1), sg))])));
  });
  it("a vector of ones in an outer product reads as 1 in index form", () => {
    const j = vectorJacobian(call("logsoftmax", [sym("x")]), "x", table, { abbreviations: { s: sm } });
    expect(j.ok && show(j.expr)).toBe(show(sub(IDENTITY, mul(ONES, tr(sym("s"))))));
  });
});
