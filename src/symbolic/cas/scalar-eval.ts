/**
 * Plain-number evaluation of scalar expressions: what the CAS bridge uses to check a candidate
 * against the expression it came from at random points. NaN means "undefined here" (log of a
 * negative, 0/0) and such points are skipped, never counted as agreement.
 */
import type { Expr } from "../../expr/ast.js";
import { SCALAR_FUNCTIONS } from "../../numeric/scalar-functions.js";

export type ScalarEnv = Record<string, number>;
export type ScalarFunctions = Record<string, (x: number) => number>;

const BUILTINS: Record<string, (...xs: number[]) => number> = {
  ...SCALAR_FUNCTIONS,
  lrelu: (x, a = 0.01) => (x > 0 ? x : a * x),
  prelu: (x, t) => (x > 0 ? x : t * x),
  max: (...xs) => Math.max(...xs),
  min: (...xs) => Math.min(...xs),
};

export class ScalarEvalError extends Error {}

export function evalScalar(e: Expr, env: ScalarEnv, fns: ScalarFunctions = {}): number {
  const ev = (x: Expr): number => evalScalar(x, env, fns);
  switch (e.kind) {
    case "num":
      return e.value;
    case "sym": {
      const v = env[e.name];
      if (v === undefined) throw new ScalarEvalError(`no value for '${e.name}'`);
      return v;
    }
    case "const":
      if (e.name === "e") return Math.E;
      if (e.name === "pi") return Math.PI;
      if (e.name === "inf") return Infinity;
      throw new ScalarEvalError(`'${e.name}' is not a scalar`);
    case "add":
      return e.terms.reduce((s, t) => s + ev(t), 0);
    case "neg":
      return -ev(e.arg);
    case "mul":
    case "hadamard":
      return e.factors.reduce((p, f) => p * ev(f), 1);
    case "div":
      return ev(e.num) / ev(e.den);
    case "pow":
      return Math.pow(ev(e.base), ev(e.exp));
    case "call": {
      const args = e.args.map(ev);
      if (e.order === 0) {
        const f = BUILTINS[e.fn] ?? fns[e.fn];
        if (f) return f(...args);
      }
      return derivativeOf(e.fn, e.order, args[0], fns);
    }
    case "indicator":
      return ev(e.cond);
    case "rel": {
      for (let k = 0; k < e.ops.length; k++) {
        const a = ev(e.operands[k]);
        const b = ev(e.operands[k + 1]);
        const op = e.ops[k];
        const holds = op === "=" ? a === b : op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : op === ">=" ? a >= b : a !== b;
        if (!holds) return 0;
      }
      return 1;
    }
    case "cases":
      for (const b of e.branches) if (b.cond === null || ev(b.cond) !== 0) return ev(b.value);
      return NaN;
    default:
      throw new ScalarEvalError(`a '${e.kind}' is not a scalar expression the bridge evaluates`);
  }
}

/** Derivatives of named functions by central differences of order `order` (for checks only). */
function derivativeOf(fn: string, order: number, x: number, fns: ScalarFunctions): number {
  const f = BUILTINS[fn] ?? fns[fn];
  if (!f) throw new ScalarEvalError(`unknown function '${fn}'`);
  const h = 1e-4;
  let g = (t: number): number => f(t);
  for (let k = 0; k < order; k++) {
    const prev = g;
    g = (t: number) => (prev(t + h) - prev(t - h)) / (2 * h);
  }
  return g(x);
}
