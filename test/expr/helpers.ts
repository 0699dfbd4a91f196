/** Small AST builders for expected values in tests. */
import type { Expr } from "../../src/expr/ast.js";
import { parse, type ParseOptions } from "../../src/expr/index.js";

export const sym = (name: string): Expr => ({ kind: "sym", name });
export const num = (value: number): Expr => ({ kind: "num", value });
export const add = (...terms: Expr[]): Expr => ({ kind: "add", terms });
export const neg = (arg: Expr): Expr => ({ kind: "neg", arg });
export const mul = (...factors: Expr[]): Expr => ({ kind: "mul", factors });
export const had = (...factors: Expr[]): Expr => ({ kind: "hadamard", factors });
export const div = (n: Expr, d: Expr): Expr => ({ kind: "div", num: n, den: d });
export const pow = (base: Expr, exp: Expr): Expr => ({ kind: "pow", base, exp });
export const tr = (arg: Expr): Expr => ({ kind: "transpose", arg });
export const call = (fn: string, args: Expr[], order = 0): Expr => ({ kind: "call", fn, args, order });
export const idx = (base: Expr, ...indices: Expr[]): Expr => ({ kind: "index", base, indices });
export const delta = (i: Expr, j: Expr): Expr => ({ kind: "delta", i, j });
export const cnst = (name: "I" | "ones" | "inf" | "pi" | "e"): Expr => ({ kind: "const", name });
export const rel = (ops: ("=" | "<" | ">" | "<=" | ">=" | "!=")[], ...operands: Expr[]): Expr => ({ kind: "rel", ops, operands });
export const deriv = (body: Expr, wrt: Expr, partial = true, order = 1): Expr => ({ kind: "deriv", body, wrt, order, partial });

/** Parses or fails the test with the parser's message. */
export function ok(text: string, opts?: ParseOptions): Expr {
  const r = parse(text, opts);
  if (!r.ok) throw new Error(`${text}: ${r.error.code} ${r.error.message} at ${r.error.pos.offset}`);
  return r.value;
}

/** Removes spans so toEqual compares structure only. */
export function strip<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === "span" ? undefined : v))) as T;
}
