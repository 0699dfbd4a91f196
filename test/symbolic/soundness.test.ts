import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { simplify } from "../../src/symbolic/index.js";
import { equiv } from "../../src/equivalence/index.js";
import { add, call, div, had, mul, neg, num, ONES, sub, sym, tr, IDENTITY } from "../../src/symbolic/build.js";
import { show } from "./show.js";

const table: SymbolTable = {
  symbols: [
    { name: "A", kind: "matrix", shape: ["n", "n"] },
    { name: "B", kind: "matrix", shape: ["n", "n"] },
    { name: "C", kind: "matrix", shape: ["n", "n"] },
    { name: "a", kind: "scalar" },
    { name: "b", kind: "scalar" },
    { name: "h", kind: "elementwise" },
  ],
};

/** Random n×n matrix expressions built from every operation the simplifier rewrites. */
const matrixExpr: fc.Arbitrary<Expr> = fc.letrec<{ m: Expr; s: Expr }>((tie) => ({
  s: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(sym("a"), sym("b"), num(2), num(-1), num(0.5), num(0), num(1)),
    fc.tuple(tie("s"), tie("s")).map(([x, y]) => mul(x, y)),
    fc.tuple(tie("s"), tie("s")).map(([x, y]) => sub(x, y)),
    tie("m").map((m) => mul(tr(ONES), m, ONES)),
  ),
  m: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(sym("A"), sym("B"), sym("C"), IDENTITY),
    fc.tuple(tie("m"), tie("m")).map(([x, y]) => mul(x, y)),
    fc.tuple(tie("m"), tie("m")).map(([x, y]) => had(x, y)),
    fc.tuple(tie("m"), tie("m")).map(([x, y]) => add(x, y)),
    fc.tuple(tie("m"), tie("m")).map(([x, y]) => sub(x, y)),
    tie("m").map((x) => tr(x)),
    tie("m").map((x) => neg(x)),
    fc.tuple(tie("s"), tie("m")).map(([c, x]) => mul(c, x)),
    fc.tuple(tie("s"), tie("m")).map(([c, x]) => had(c, x)),
    tie("m").map((x) => call("h", [x], 1)),
    tie("m").map((x) => call("tanh", [x])),
    tie("m").map((x) => div(x, num(2))),
  ),
})).m;

describe("the simplifier is sound: simplify(e) equals e on random instances", () => {
  it("for random matrix expressions of every rewritten operation", () => {
    fc.assert(
      fc.property(matrixExpr, (e) => {
        const s = simplify(e, table);
        const r = equiv(e, s, { symbols: table, trials: 12, symbolic: false });
        expect(r.outcome, `${show(e)}  ->  ${show(s)}: ${r.reason}`).toBe("equal");
        expect(show(simplify(s, table))).toBe(show(s));
      }),
      { numRuns: 250 },
    );
  });
});

const vectors: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "y", kind: "vector", shape: ["n", 1] },
    { name: "A", kind: "matrix", shape: ["n", "n"] },
    { name: "a", kind: "scalar" },
    { name: "h", kind: "elementwise" },
  ],
};

/** Column vectors, 1×1 products (x^T y) and outer products (x y^T): where scalars and matrices meet. */
const vectorExpr: fc.Arbitrary<Expr> = fc.letrec<{ v: Expr; s: Expr; m: Expr }>((tie) => ({
  s: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(sym("a"), num(2), num(-1)),
    fc.tuple(tie("v"), tie("v")).map(([p, q]) => mul(tr(p), q)),
    tie("v").map((p) => mul(tr(ONES), p)),
    fc.tuple(tie("s"), tie("s")).map(([p, q]) => sub(p, q)),
  ),
  m: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(sym("A"), IDENTITY),
    fc.tuple(tie("v"), tie("v")).map(([p, q]) => mul(p, tr(q))),
    fc.tuple(tie("m"), tie("m")).map(([p, q]) => add(p, q)),
    tie("m").map((p) => tr(p)),
    fc.tuple(tie("s"), tie("m")).map(([c, p]) => mul(c, p)),
    fc.tuple(tie("m"), tie("m")).map(([p, q]) => had(p, q)),
  ),
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(sym("x"), sym("y")),
    fc.tuple(tie("m"), tie("v")).map(([p, q]) => mul(p, q)),
    fc.tuple(tie("v"), tie("v")).map(([p, q]) => sub(p, q)),
    fc.tuple(tie("v"), tie("v")).map(([p, q]) => had(p, q)),
    fc.tuple(tie("s"), tie("v")).map(([c, p]) => mul(c, p)),
    fc.tuple(tie("v"), tie("s")).map(([p, c]) => mul(p, c)),
    tie("v").map((p) => call("h", [p])),
    tie("v").map((p) => tr(tr(p))),
  ),
})).v;

describe("the simplifier is sound where vectors, 1×1 products and outer products meet", () => {
  it("simplify(e) equals e for random vector expressions", () => {
    fc.assert(
      fc.property(vectorExpr, (e) => {
        const s = simplify(e, vectors);
        const r = equiv(e, s, { symbols: vectors, trials: 12, symbolic: false });
        expect(r.outcome, `${show(e)}  ->  ${show(s)}: ${r.reason}`).toBe("equal");
      }),
      { numRuns: 250 },
    );
  });
});
