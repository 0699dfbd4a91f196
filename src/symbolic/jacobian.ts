/**
 * Jacobians of vector functions, in matrix form (`\mathrm{diag}(s) - s s^\top`) by forward-mode
 * chain rule on the AST, and in index form (`S_i(\delta_{ij} - S_j)`) by reading entry (i, j) of the
 * matrix form: `\mathrm{diag}(v)_{ij} = v_i \delta_{ij}`, `(u v^\top)_{ij} = u_i v_j`, `I_{ij} = \delta_{ij}`.
 */
import type { Expr } from "../expr/ast.js";
import type { SymbolTable } from "../expr/types.js";
import { add, bigsum, call, delta, IDENTITY, index, mul, neg, ONES, sub, sym, tr } from "./build.js";
import { ELEMENTWISE_RULES } from "./elementwise.js";
import { sameExpr } from "./order.js";
import { ShapeContext } from "./shape.js";
import { simplify } from "./simplify.js";
import { mapChildren, mentions } from "./walk.js";

export type JacobianResult = { ok: true; expr: Expr } | { ok: false; message: string };

export interface JacobianOptions {
  /** Names for sub-expressions, put back after simplifying: `{ s: softmax(x) }` prints `\mathrm{diag}(s) - s s^\top`. */
  abbreviations?: Record<string, Expr>;
}

class JacobianError extends Error {}

/** ∂y/∂x for a column-vector function y of the column vector x, as a matrix expression. */
export function vectorJacobian(y: Expr, x: string, table?: SymbolTable, opts: JacobianOptions = {}): JacobianResult {
  const ctx = new ShapeContext(table);
  try {
    const j = forward(y, x, ctx) ?? { kind: "num", value: 0 };
    return { ok: true, expr: abbreviate(simplify(j, ctx), opts.abbreviations ?? {}, ctx) };
  } catch (e) {
    if (e instanceof JacobianError) return { ok: false, message: e.message };
    throw e;
  }
}

/** ∂y_i/∂x_j in index notation, with Kronecker deltas. */
export function indexJacobian(
  y: Expr,
  x: string,
  table?: SymbolTable,
  opts: JacobianOptions & { i?: string; j?: string } = {},
): JacobianResult {
  const m = vectorJacobian(y, x, table, opts);
  if (!m.ok) return m;
  const ctx = new ShapeContext(table);
  for (const [name, def] of Object.entries(opts.abbreviations ?? {})) ctx.define(name, ctx.shapeOf(def));
  try {
    const e = entry(m.expr, sym(opts.i ?? "i"), sym(opts.j ?? "j"), ctx);
    return { ok: true, expr: simplify(e, ctx) };
  } catch (err) {
    if (err instanceof JacobianError) return { ok: false, message: err.message };
    throw err;
  }
}

/** Forward-mode Jacobian; null stands for zero (y does not depend on x). */
function forward(y: Expr, x: string, ctx: ShapeContext): Expr | null {
  if (!mentions(y, (n) => n === x)) return null;
  const chain = (outer: Expr, inner: Expr): Expr | null => {
    const j = forward(inner, x, ctx);
    return j && mul(outer, j);
  };
  switch (y.kind) {
    case "sym":
      return IDENTITY;
    case "neg": {
      const j = forward(y.arg, x, ctx);
      return j && neg(j);
    }
    case "add": {
      const parts = y.terms.map((t) => forward(t, x, ctx)).filter((t): t is Expr => t !== null);
      return parts.length === 1 ? parts[0] : add(...parts);
    }
    case "mul": {
      const k = y.factors.findIndex((f) => mentions(f, (n) => n === x));
      if (y.factors.some((f, i) => i !== k && mentions(f, (n) => n === x)) || k !== y.factors.length - 1) {
        throw new JacobianError("the Jacobian is derived here for products A u with the vector u last and A constant");
      }
      const before = y.factors.slice(0, k);
      return chain(before.length === 1 ? before[0] : mul(...before), y.factors[k]);
    }
    case "hadamard": {
      const parts = y.factors
        .map((f, k) => {
          const others = y.factors.filter((_, i) => i !== k);
          return chain(call("diag", [others.length === 1 ? others[0] : { kind: "hadamard", factors: others }]), f);
        })
        .filter((t): t is Expr => t !== null);
      return parts.length === 1 ? parts[0] : add(...parts);
    }
    case "call": {
      const u = y.args[0];
      if (y.fn === "softmax") {
        const s = call("softmax", [u]);
        return chain(sub(call("diag", [s]), mul(s, tr(s))), u);
      }
      if (y.fn === "logsoftmax") return chain(sub(IDENTITY, mul(ONES, tr(call("softmax", [u])))), u);
      const rule = ELEMENTWISE_RULES[y.fn];
      const partial = rule ? rule(y.args, false, y.order)[0] : y.order >= 0 && !rule ? call(y.fn, y.args, y.order + 1) : null;
      if (!partial || y.args.length !== 1) throw new JacobianError(`no Jacobian rule for ${y.fn}`);
      return chain(call("diag", [partial]), u);
    }
    default:
      throw new JacobianError(`no Jacobian rule for a '${y.kind}' node`);
  }
}

/** Replaces each abbreviated sub-expression by its name. */
function abbreviate(e: Expr, abbreviations: Record<string, Expr>, ctx: ShapeContext): Expr {
  for (const [name, def] of Object.entries(abbreviations)) {
    if (sameExpr(e, def)) return sym(name);
  }
  const out = mapChildren(e, (c) => abbreviate(c, abbreviations, ctx));
  return out;
}

/** Entry (row, col) of a matrix expression; null for the single index of a vector's unit side. */
function entry(e: Expr, row: Expr | null, col: Expr | null, ctx: ShapeContext): Expr {
  if (ctx.isScalar(e)) return e;
  switch (e.kind) {
    case "sym": {
      const idx = [row, col].filter((v): v is Expr => v !== null);
      return index(e, ...idx);
    }
    case "const":
      if (e.name === "I" && row && col) return delta(row, col);
      if (e.name === "ones") return { kind: "num", value: 1 };
      break;
    case "transpose":
      return entry(e.arg, col, row, ctx);
    case "neg":
      return neg(entry(e.arg, row, col, ctx));
    case "add":
      return add(...e.terms.map((t) => entry(t, row, col, ctx)));
    case "hadamard":
      return mul(...e.factors.map((f) => entry(f, row, col, ctx)));
    case "call":
      if (e.fn === "diag" && row && col) return mul(entry(e.args[0], row, null, ctx), delta(row, col));
      if (e.fn !== "diag" && e.fn !== "softmax" && e.fn !== "logsoftmax") {
        return { ...e, args: e.args.map((a) => entry(a, row, col, ctx)) };
      }
      break;
    case "mul": {
      const scalars = e.factors.filter((f) => ctx.isScalar(f));
      const mats = e.factors.filter((f) => !ctx.isScalar(f));
      return mul(...scalars, productEntry(mats, row, col, ctx, 0));
    }
    default:
      break;
  }
  throw new JacobianError(`cannot read an entry of a '${e.kind === "call" ? e.fn : e.kind}' in index notation`);
}

function productEntry(mats: Expr[], row: Expr | null, col: Expr | null, ctx: ShapeContext, depth: number): Expr {
  if (mats.length === 1) return entry(mats[0], row, col, ctx);
  const first = ctx.shapeOf(mats[0]);
  const rest = mats.slice(1);
  // A column times a row: no inner index to sum over.
  if (!first.scalar && first.c === 1) return mul(entry(mats[0], row, null, ctx), productEntry(rest, null, col, ctx, depth));
  const k = sym(depth === 0 ? "k" : `k_${depth}`);
  return bigsum(k.kind === "sym" ? k.name : "k", mul(entry(mats[0], row, k, ctx), productEntry(rest, k, col, ctx, depth + 1)));
}
