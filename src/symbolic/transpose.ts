/**
 * Transpose placement: for every node, the cheapest way to write it and the cheapest way to write
 * its transpose, where the cost is the number of transpose marks. `(AB)^\top = B^\top A^\top`,
 * `(A \circ B)^\top = A^\top \circ B^\top`, `f(A)^\top = f(A^\top)` and `(A^\top)^\top = A` are used in
 * whichever direction removes marks; on a tie the form closer to the written one wins, so a reference
 * like `((G V) \circ h'(X W^\top))^\top X` is left as printed, and `(X^\top D)^\top` becomes `D^\top X`.
 */
import type { Expr } from "../expr/ast.js";
import { tr } from "./build.js";
import { ELEMENTWISE_BUILTINS, type ShapeContext } from "./shape.js";

/** An expression and its cost: the number of transpose marks in it. */
interface Form {
  e: Expr;
  cost: number;
}
interface Pair {
  /** the node itself */
  p: Form;
  /** its transpose */
  q: Form;
}

const better = (a: Form, b: Form): Form => (b.cost < a.cost ? b : a);
const outer = (f: Form): Form => ({ e: tr(f.e), cost: f.cost + 1 });
const combine = (e: Expr, fs: Form[]): Form => ({ e, cost: fs.reduce((s, f) => s + f.cost, 0) });

/**
 * Rewriting the argument of a function (`h'(X W^\top)^\top` as `h'(W X^\top)`) must save a mark
 * beyond the one it moves: textbooks keep a forward quantity written as in the forward pass.
 */
const ARGUMENT_PENALTY = 1;

export function placeTransposes(e: Expr, ctx: ShapeContext): Expr {
  return walk(e, ctx).p.e;
}

function symmetric(e: Expr, ctx: ShapeContext): boolean {
  if (ctx.isScalar(e)) return true;
  if (e.kind === "const" && e.name === "I") return true;
  return e.kind === "call" && e.fn === "diag" && e.args.length === 1 && !ctx.isScalar(e.args[0]) && isColumn(e.args[0], ctx);
}

function isColumn(e: Expr, ctx: ShapeContext): boolean {
  const s = ctx.shapeOf(e);
  return !s.scalar && s.c === 1;
}

/** Both forms of a node whose children are combined entry by entry or by a list rebuild. */
function listNode(parts: Pair[], rebuild: (items: Expr[]) => Expr, reverseForTranspose: boolean, swapPenalty = 0): Pair {
  const ps = parts.map((x) => x.p);
  const qs = parts.map((x) => x.q);
  if (reverseForTranspose) qs.reverse();
  const plain = combine(rebuild(ps.map((f) => f.e)), ps);
  const swapped = combine(rebuild(qs.map((f) => f.e)), qs);
  swapped.cost += swapPenalty;
  // Around a function, a tie goes to the form without a transpose outside it: h'(X W^T), not h'(W X^T)^T.
  const q = swapPenalty > 0 ? better(swapped, outer(plain)) : better(outer(plain), swapped);
  return { p: better(plain, outer(swapped)), q };
}

function walk(e: Expr, ctx: ShapeContext): Pair {
  if (symmetric(e, ctx) && e.kind !== "transpose") {
    const p = rebuildChildren(e, ctx);
    return { p, q: p };
  }
  switch (e.kind) {
    case "transpose": {
      const inner = walk(e.arg, ctx);
      return { p: inner.q, q: inner.p };
    }
    case "neg": {
      const inner = walk(e.arg, ctx);
      return { p: combine({ kind: "neg", arg: inner.p.e }, [inner.p]), q: combine({ kind: "neg", arg: inner.q.e }, [inner.q]) };
    }
    case "mul":
      return listNode(e.factors.map((f) => walk(f, ctx)), (fs) => ({ kind: "mul", factors: fs }), true);
    case "hadamard":
      return listNode(e.factors.map((f) => walk(f, ctx)), (fs) => ({ kind: "hadamard", factors: fs }), false);
    case "add":
      return listNode(e.terms.map((f) => walk(f, ctx)), (ts) => ({ kind: "add", terms: ts }), false);
    case "div":
      return listNode([walk(e.num, ctx), walk(e.den, ctx)], ([n, d]) => ({ kind: "div", num: n, den: d }), false);
    case "pow":
      return listNode([walk(e.base, ctx), walk(e.exp, ctx)], ([b, x]) => ({ kind: "pow", base: b, exp: x }), false);
    case "call":
      if (ELEMENTWISE_BUILTINS.has(e.fn) || isElementwiseSymbol(e.fn, ctx)) {
        return listNode(e.args.map((a) => walk(a, ctx)), (as) => ({ ...e, args: as }), false, ARGUMENT_PENALTY);
      }
      break;
    case "indicator":
      if (e.cond.kind === "rel") {
        const c = e.cond;
        return listNode(c.operands.map((o) => walk(o, ctx)), (os) => ({ kind: "indicator", cond: { ...c, operands: os } }), false, ARGUMENT_PENALTY);
      }
      break;
    default:
      break;
  }
  const p = rebuildChildren(e, ctx);
  return { p, q: outer(p) };
}

function isElementwiseSymbol(fn: string, ctx: ShapeContext): boolean {
  const k = ctx.symbolKind(fn);
  return k === undefined || k === "elementwise";
}

/** A node kept as it is, with its children each put in their own cheapest form. */
function rebuildChildren(e: Expr, ctx: ShapeContext): Form {
  const f = (x: Expr): Form => walk(x, ctx).p;
  switch (e.kind) {
    case "mul":
    case "hadamard": {
      const fs = e.factors.map(f);
      return combine({ ...e, factors: fs.map((x) => x.e) }, fs);
    }
    case "add": {
      const ts = e.terms.map(f);
      return combine({ ...e, terms: ts.map((x) => x.e) }, ts);
    }
    case "neg": {
      const a = f(e.arg);
      return combine({ kind: "neg", arg: a.e }, [a]);
    }
    case "div": {
      const n = f(e.num);
      const d = f(e.den);
      return combine({ kind: "div", num: n.e, den: d.e }, [n, d]);
    }
    case "pow": {
      const b = f(e.base);
      return combine({ kind: "pow", base: b.e, exp: e.exp }, [b]);
    }
    case "call": {
      const as = e.args.map(f);
      return combine({ ...e, args: as.map((x) => x.e) }, as);
    }
    case "index": {
      const b = f(e.base);
      return combine({ ...e, base: b.e }, [b]);
    }
    default:
      return combine(e, []);
  }
}
