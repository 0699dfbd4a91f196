/**
 * The one table of derivatives of elementwise functions: for `f(u_1, ..., u_k)` applied entry by
 * entry, the partial derivative with respect to each argument, itself elementwise. A rule gets the
 * arguments and whether the application is scalar (so `\tanh^2` prints as a power for scalars and as
 * a Hadamard square for matrices, where `X^2` would read as a matrix power). A function without a rule
 * is a loud error, never a silent zero.
 */
import type { Expr } from "../expr/ast.js";
import { add, call, had, indicator, mul, neg, num, pow, rel, sub } from "./build.js";

/** One partial per argument; null where the derivative is zero almost everywhere or the argument is a constant. */
export type Partials = (Expr | null)[];
type Rule = (args: Expr[], scalar: boolean, order: number) => Partials;

const square = (e: Expr, scalar: boolean): Expr => (scalar ? pow(e, num(2)) : had(e, e));
const times = (a: Expr, b: Expr, scalar: boolean): Expr => (scalar ? mul(a, b) : had(a, b));
const leakyPartials = (u: Expr, slope: Expr | undefined, scalar: boolean): Partials => {
  const s = slope ?? num(0.01);
  return [
    add(indicator(rel(">", u, num(0))), times(s, indicator(rel("<=", u, num(0))), scalar)),
    slope ? call("min", [num(0), u]) : null,
  ];
};

export const ELEMENTWISE_RULES: Record<string, Rule> = {
  sigma: ([u], s) => [times(call("sigma", [u]), sub(num(1), call("sigma", [u])), s)],
  tanh: ([u], s) => [sub(num(1), square(call("tanh", [u]), s))],
  exp: ([u]) => [call("exp", [u])],
  sin: ([u]) => [call("cos", [u])],
  cos: ([u]) => [neg(call("sin", [u]))],
  softplus: ([u]) => [call("sigma", [u])],
  relu: ([u]) => [indicator(rel(">", u, num(0)))],
  lrelu: ([u, a], s) => leakyPartials(u, a, s),
  prelu: ([u, t], s) => leakyPartials(u, t, s),
  max: ([a, b]) => [indicator(rel(">", a, b)), indicator(rel(">", b, a))],
  min: ([a, b]) => [indicator(rel("<", a, b)), indicator(rel("<", b, a))],
  abs: ([u]) => [call("sign", [u])],
  sign: () => [null],
  H: () => [null],
  floor: () => [null],
  ceil: () => [null],
};

/** Functions whose derivative is a division (`\log u` gives `g / u`), so no `1/X` of a matrix appears. */
export const DIVIDING_RULES: Record<string, (u: Expr) => Expr> = {
  log: (u) => u,
  sqrt: (u) => mul(num(2), call("sqrt", [u])),
};

/** The derivative of a named elementwise symbol `h` of order k is `h` of order k+1. */
export const namedPartials = (fn: string, args: Expr[], order: number): Partials => [call(fn, args, order + 1)];
