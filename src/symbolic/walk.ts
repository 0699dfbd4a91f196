/** Generic traversal of expressions: children, rebuild with mapped children, symbol substitution. */
import type { Expr } from "../expr/ast.js";

/** Whether a name satisfying `pred` occurs as a symbol in e. */
export function mentions(e: Expr, pred: (name: string) => boolean): boolean {
  if (e.kind === "sym") return pred(e.name);
  return children(e).some((c) => mentions(c, pred));
}

export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case "add":
      return e.terms;
    case "mul":
    case "hadamard":
      return e.factors;
    case "neg":
    case "transpose":
      return [e.arg];
    case "div":
      return [e.num, e.den];
    case "pow":
      return [e.base, e.exp];
    case "call":
      return e.args;
    case "index":
      return [e.base, ...e.indices];
    case "delta":
      return [e.i, e.j];
    case "indicator":
      return [e.cond];
    case "rel":
      return e.operands;
    case "cases":
      return e.branches.flatMap((b) => (b.cond ? [b.value, b.cond] : [b.value]));
    case "bigop":
      return [e.body, ...[e.lower, e.upper, e.cond].filter((x): x is Expr => x !== null)];
    case "limit":
      return [e.to, e.body];
    case "deriv":
      return [e.body, e.wrt];
    case "integral":
      return [e.body, ...[e.lower, e.upper].filter((x): x is Expr => x !== null)];
    case "expect":
      return e.over ? [e.over, e.body] : [e.body];
    case "tuple":
      return e.items;
    case "matrix":
      return e.rows.flat();
    default:
      return [];
  }
}

/** Replaces every occurrence of symbol `name` with `by`. */
export function substitute(e: Expr, name: string, by: Expr): Expr {
  return mapChildren(e, (c) => substitute(c, name, by), (s) => (s.name === name ? by : s));
}

/** Rebuilds a node with each child mapped; `leaf` handles symbols. */
export function mapChildren(e: Expr, f: (c: Expr) => Expr, leaf: (s: Expr & { kind: "sym" }) => Expr = (s) => s): Expr {
  switch (e.kind) {
    case "sym":
      return leaf(e);
    case "add":
      return { ...e, terms: e.terms.map(f) };
    case "mul":
    case "hadamard":
      return { ...e, factors: e.factors.map(f) };
    case "neg":
    case "transpose":
      return { ...e, arg: f(e.arg) };
    case "div":
      return { ...e, num: f(e.num), den: f(e.den) };
    case "pow":
      return { ...e, base: f(e.base), exp: f(e.exp) };
    case "call":
      return { ...e, args: e.args.map(f) };
    case "index":
      return { ...e, base: f(e.base), indices: e.indices.map(f) };
    case "delta":
      return { ...e, i: f(e.i), j: f(e.j) };
    case "indicator":
      return { ...e, cond: f(e.cond) };
    case "rel":
      return { ...e, operands: e.operands.map(f) };
    case "cases":
      return { ...e, branches: e.branches.map((b) => ({ value: f(b.value), cond: b.cond && f(b.cond) })) };
    case "bigop":
      return { ...e, body: f(e.body), lower: e.lower && f(e.lower), upper: e.upper && f(e.upper), cond: e.cond && f(e.cond) };
    case "limit":
      return { ...e, to: f(e.to), body: f(e.body) };
    case "deriv":
      return { ...e, body: f(e.body), wrt: f(e.wrt) };
    case "integral":
      return { ...e, body: f(e.body), lower: e.lower && f(e.lower), upper: e.upper && f(e.upper) };
    case "expect":
      return { ...e, over: e.over && f(e.over), body: f(e.body) };
    case "tuple":
      return { ...e, items: e.items.map(f) };
    case "matrix":
      return { ...e, rows: e.rows.map((r) => r.map(f)) };
    default:
      return e;
  }
}

/** Every symbol name that occurs in e. */
export function symbolsIn(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.kind === "sym") into.add(e.name);
  for (const c of children(e)) symbolsIn(c, into);
  return into;
}
