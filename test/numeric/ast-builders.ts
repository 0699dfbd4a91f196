/** Tiny AST builders and shared tables for tests that must not depend on the parser. */
import type { Expr } from "../../src/expr/ast.js";
import type { SymbolTable } from "../../src/expr/types.js";

export const sym = (name: string): Expr => ({ kind: "sym", name });
export const num = (value: number): Expr => ({ kind: "num", value });
export const I: Expr = { kind: "const", name: "I" };
export const ones: Expr = { kind: "const", name: "ones" };
export const mul = (...factors: Expr[]): Expr => ({ kind: "mul", factors });
export const had = (...factors: Expr[]): Expr => ({ kind: "hadamard", factors });
export const add = (...terms: Expr[]): Expr => ({ kind: "add", terms });
export const neg = (arg: Expr): Expr => ({ kind: "neg", arg });
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));
export const div = (n: Expr, d: Expr): Expr => ({ kind: "div", num: n, den: d });
export const pow = (base: Expr, exp: Expr): Expr => ({ kind: "pow", base, exp });
export const T = (arg: Expr): Expr => ({ kind: "transpose", arg });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: "call", fn, args, order: 0 });
export const dcall = (fn: string, order: number, ...args: Expr[]): Expr => ({ kind: "call", fn, args, order });
export const idx = (base: Expr, ...indices: Expr[]): Expr => ({ kind: "index", base, indices });
export const delta = (i: string, j: string): Expr => ({ kind: "delta", i: sym(i), j: sym(j) });
export const tuple = (...items: Expr[]): Expr => ({ kind: "tuple", brackets: "[]", items });
export const rel = (op: "=" | "<" | ">" | "<=" | ">=" | "!=", a: Expr, b: Expr): Expr => ({ kind: "rel", ops: [op], operands: [a, b] });
export const ind = (cond: Expr): Expr => ({ kind: "indicator", cond });
export const sum = (index: string, lower: Expr | null, upper: Expr | null, body: Expr, cond: Expr | null = null): Expr => ({
  kind: "bigop", op: "sum", index, lower, upper, cond, body,
});
export const prod = (index: string, lower: Expr | null, upper: Expr | null, body: Expr, cond: Expr | null = null): Expr => ({
  kind: "bigop", op: "prod", index, lower, upper, cond, body,
});
export const deriv = (body: Expr, wrt: Expr, order = 1): Expr => ({ kind: "deriv", body, wrt, order, partial: true });
export const lim = (variable: string, to: Expr, body: Expr, side: "+" | "-" | null = null): Expr => ({ kind: "limit", variable, to, side, body });
export const integral = (variable: string, lower: Expr | null, upper: Expr | null, body: Expr): Expr => ({ kind: "integral", variable, lower, upper, body });
export const expect = (body: Expr, over: Expr | null = null, op: "E" | "Var" = "E"): Expr => ({ kind: "expect", op, over, body });
export const cases = (...branches: Array<[Expr, Expr | null]>): Expr => ({ kind: "cases", branches: branches.map(([value, cond]) => ({ value, cond })) });
export const inf: Expr = { kind: "const", name: "inf" };

/** The block of block-gradients-ab: Y = h(X Wᵀ) Vᵀ with upstream gradient G, and a bias b. */
export const blockTable: SymbolTable = {
  symbols: [
    { name: "X", kind: "matrix", shape: ["S", "M"] },
    { name: "W", kind: "matrix", shape: ["F", "M"] },
    { name: "V", kind: "matrix", shape: ["N", "F"] },
    { name: "G", kind: "matrix", shape: ["S", "N"] },
    { name: "b", kind: "vector", shape: ["F", 1] },
    { name: "h", kind: "elementwise" },
  ],
};
