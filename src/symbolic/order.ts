/**
 * A total order on expressions (spans ignored), used to put the factors of commutative products and
 * the terms of sums in one canonical order. The kind ranks are chosen so that the canonical order is
 * the one textbooks print: numbers first, then symbols, constants, indicators, products, and function applications last
 * (`G \circ \min(0, X)`, `(G V) \circ h'(X W^\top)`, `\sigma(x) \circ (1 - \sigma(x))`).
 */
import type { Expr, ExprKind } from "../expr/ast.js";

const RANK: Record<ExprKind, number> = {
  num: 0,
  sym: 1,
  const: 2,
  index: 3,
  delta: 4,
  indicator: 5,
  transpose: 6,
  mul: 7,
  div: 8,
  pow: 9,
  hadamard: 10,
  call: 11,
  cases: 12,
  add: 13,
  neg: 14,
  bigop: 15,
  limit: 16,
  deriv: 17,
  integral: 18,
  expect: 19,
  tuple: 20,
  matrix: 21,
  rel: 22,
};

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpList(a: readonly Expr[], b: readonly Expr[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareExpr(a[i], b[i]);
    if (c !== 0) return c;
  }
  return cmpNum(a.length, b.length);
}

function cmpOpt(a: Expr | null, b: Expr | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareExpr(a, b);
}

export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  const r = cmpNum(RANK[a.kind], RANK[b.kind]);
  if (r !== 0) return r;
  switch (a.kind) {
    case "num":
      return cmpNum(a.value, (b as typeof a).value);
    case "sym":
    case "const":
      return cmpStr(a.name, (b as typeof a).name);
    case "index": {
      const o = b as typeof a;
      return compareExpr(a.base, o.base) || cmpList(a.indices, o.indices);
    }
    case "delta": {
      const o = b as typeof a;
      return compareExpr(a.i, o.i) || compareExpr(a.j, o.j);
    }
    case "add":
      return cmpList(a.terms, (b as typeof a).terms);
    case "mul":
    case "hadamard":
      return cmpList(a.factors, (b as typeof a).factors);
    case "neg":
    case "transpose":
      return compareExpr(a.arg, (b as typeof a).arg);
    case "div": {
      const o = b as typeof a;
      return compareExpr(a.num, o.num) || compareExpr(a.den, o.den);
    }
    case "pow": {
      const o = b as typeof a;
      return compareExpr(a.base, o.base) || compareExpr(a.exp, o.exp);
    }
    case "call": {
      const o = b as typeof a;
      return cmpStr(a.fn, o.fn) || cmpNum(a.order, o.order) || cmpList(a.args, o.args);
    }
    case "indicator":
      return compareExpr(a.cond, (b as typeof a).cond);
    case "rel": {
      const o = b as typeof a;
      return cmpStr(a.ops.join(","), o.ops.join(",")) || cmpList(a.operands, o.operands);
    }
    case "cases": {
      const o = b as typeof a;
      const n = Math.min(a.branches.length, o.branches.length);
      for (let i = 0; i < n; i++) {
        const c = compareExpr(a.branches[i].value, o.branches[i].value) || cmpOpt(a.branches[i].cond, o.branches[i].cond);
        if (c !== 0) return c;
      }
      return cmpNum(a.branches.length, o.branches.length);
    }
    case "bigop": {
      const o = b as typeof a;
      return (
        cmpStr(a.op, o.op) || cmpStr(a.index, o.index) || cmpOpt(a.lower, o.lower) || cmpOpt(a.upper, o.upper) ||
        cmpOpt(a.cond, o.cond) || compareExpr(a.body, o.body)
      );
    }
    case "limit": {
      const o = b as typeof a;
      return cmpStr(a.variable, o.variable) || cmpStr(a.side ?? "", o.side ?? "") || compareExpr(a.to, o.to) || compareExpr(a.body, o.body);
    }
    case "deriv": {
      const o = b as typeof a;
      return cmpNum(a.order, o.order) || cmpNum(+a.partial, +o.partial) || compareExpr(a.body, o.body) || compareExpr(a.wrt, o.wrt);
    }
    case "integral": {
      const o = b as typeof a;
      return cmpStr(a.variable, o.variable) || cmpOpt(a.lower, o.lower) || cmpOpt(a.upper, o.upper) || compareExpr(a.body, o.body);
    }
    case "expect": {
      const o = b as typeof a;
      return cmpStr(a.op, o.op) || cmpOpt(a.over, o.over) || compareExpr(a.body, o.body);
    }
    case "tuple": {
      const o = b as typeof a;
      return cmpStr(a.brackets, o.brackets) || cmpList(a.items, o.items);
    }
    case "matrix": {
      const o = b as typeof a;
      const n = Math.min(a.rows.length, o.rows.length);
      for (let i = 0; i < n; i++) {
        const c = cmpList(a.rows[i], o.rows[i]);
        if (c !== 0) return c;
      }
      return cmpNum(a.rows.length, o.rows.length);
    }
  }
}

export const sameExpr = (a: Expr, b: Expr): boolean => compareExpr(a, b) === 0;
