/** Generic traversal: the children of a node, and a copy of a node with its children mapped. */
import type { Expr } from "./ast.js";

/** Direct sub-expressions of `e`, in source order. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case "num":
    case "sym":
    case "const":
      return [];
    case "index":
      return [e.base, ...e.indices];
    case "delta":
      return [e.i, e.j];
    case "add":
      return e.terms;
    case "neg":
      return [e.arg];
    case "mul":
    case "hadamard":
      return e.factors;
    case "div":
      return [e.num, e.den];
    case "pow":
      return [e.base, e.exp];
    case "transpose":
      return [e.arg];
    case "call":
      return e.args;
    case "indicator":
      return [e.cond];
    case "rel":
      return e.operands;
    case "cases":
      return e.branches.flatMap((b) => (b.cond ? [b.value, b.cond] : [b.value]));
    case "bigop":
      return [e.lower, e.upper, e.cond, e.body].filter((x): x is Expr => x !== null);
    case "limit":
      return [e.to, e.body];
    case "deriv":
      return [e.body, e.wrt];
    case "integral":
      return [e.lower, e.upper, e.body].filter((x): x is Expr => x !== null);
    case "expect":
      return e.over ? [e.over, e.body] : [e.body];
    case "tuple":
      return e.items;
    case "matrix":
      return e.rows.flat();
  }
}

/** A shallow copy of `e` with every child replaced by `f(child)`. */
export function mapChildren(e: Expr, f: (x: Expr) => Expr): Expr {
  const m = (x: Expr | null): Expr | null => (x === null ? null : f(x));
  switch (e.kind) {
    case "num":
    case "sym":
    case "const":
      return e;
    case "index":
      return { ...e, base: f(e.base), indices: e.indices.map(f) };
    case "delta":
      return { ...e, i: f(e.i), j: f(e.j) };
    case "add":
      return { ...e, terms: e.terms.map(f) };
    case "neg":
      return { ...e, arg: f(e.arg) };
    case "mul":
    case "hadamard":
      return { ...e, factors: e.factors.map(f) };
    case "div":
      return { ...e, num: f(e.num), den: f(e.den) };
    case "pow":
      return { ...e, base: f(e.base), exp: f(e.exp) };
    case "transpose":
      return { ...e, arg: f(e.arg) };
    case "call":
      return { ...e, args: e.args.map(f) };
    case "indicator":
      return { ...e, cond: f(e.cond) };
    case "rel":
      return { ...e, operands: e.operands.map(f) };
    case "cases":
      return { ...e, branches: e.branches.map((b) => ({ value: f(b.value), cond: m(b.cond) })) };
    case "bigop":
      return { ...e, lower: m(e.lower), upper: m(e.upper), cond: m(e.cond), body: f(e.body) };
    case "limit":
      return { ...e, to: f(e.to), body: f(e.body) };
    case "deriv":
      return { ...e, body: f(e.body), wrt: f(e.wrt) };
    case "integral":
      return { ...e, lower: m(e.lower), upper: m(e.upper), body: f(e.body) };
    case "expect":
      return { ...e, over: m(e.over), body: f(e.body) };
    case "tuple":
      return { ...e, items: e.items.map(f) };
    case "matrix":
      return { ...e, rows: e.rows.map((r) => r.map(f)) };
  }
}
