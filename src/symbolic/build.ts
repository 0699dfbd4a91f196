/**
 * Small constructors for AST nodes, so rules read like the math they encode. They build plain nodes
 * (no spans) and do no simplification: that is `simplify`'s job, kept in one place.
 */
import type { Expr, RelOp } from "../expr/ast.js";

export const num = (value: number): Expr => ({ kind: "num", value });
export const sym = (name: string): Expr => ({ kind: "sym", name });
export const ONES: Expr = { kind: "const", name: "ones" };
export const IDENTITY: Expr = { kind: "const", name: "I" };
export const ZERO: Expr = num(0);
export const ONE: Expr = num(1);

export const add = (...terms: Expr[]): Expr => ({ kind: "add", terms });
export const neg = (arg: Expr): Expr => ({ kind: "neg", arg });
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));
export const mul = (...factors: Expr[]): Expr => ({ kind: "mul", factors });
export const had = (...factors: Expr[]): Expr => ({ kind: "hadamard", factors });
export const div = (n: Expr, d: Expr): Expr => ({ kind: "div", num: n, den: d });
export const pow = (base: Expr, exp: Expr): Expr => ({ kind: "pow", base, exp });
export const tr = (arg: Expr): Expr => ({ kind: "transpose", arg });
export const call = (fn: string, args: Expr[], order = 0): Expr => ({ kind: "call", fn, args, order });
export const indicator = (cond: Expr): Expr => ({ kind: "indicator", cond });
export const rel = (op: RelOp, a: Expr, b: Expr): Expr => ({ kind: "rel", ops: [op], operands: [a, b] });
export const index = (base: Expr, ...indices: Expr[]): Expr => ({ kind: "index", base, indices });
export const delta = (i: Expr, j: Expr): Expr => ({ kind: "delta", i, j });
export const bigsum = (indexName: string, body: Expr): Expr => ({
  kind: "bigop",
  op: "sum",
  index: indexName,
  lower: null,
  upper: null,
  cond: null,
  body,
});

/** `\mathbf{1}^\top M \mathbf{1}`: the sum of all entries of M (what a broadcast scalar receives). */
export const sumAll = (m: Expr): Expr => mul(tr(ONES), m, ONES);
