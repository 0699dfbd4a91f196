/** Random well-shaped expressions for property tests of the simplifier and the reverse mode. */
import fc from "fast-check";
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";
import { add, call, div, had, mul, neg, num, ONES, sub, sym, tr, IDENTITY } from "../../src/symbolic/build.js";

export const squareTable: SymbolTable = {
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
export const matrixExpr: fc.Arbitrary<Expr> = fc.letrec<{ m: Expr; s: Expr }>((tie) => ({
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

export const vectorTable: SymbolTable = {
  symbols: [
    { name: "x", kind: "vector", shape: ["n", 1] },
    { name: "y", kind: "vector", shape: ["n", 1] },
    { name: "A", kind: "matrix", shape: ["n", "n"] },
    { name: "a", kind: "scalar" },
    { name: "h", kind: "elementwise" },
  ],
};

/** Column vectors, 1×1 products (x^T y) and outer products (x y^T): where scalars and matrices meet. */
export const vectorExpr: fc.Arbitrary<Expr> = fc.letrec<{ v: Expr; s: Expr; m: Expr }>((tie) => ({
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

