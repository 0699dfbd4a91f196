/**
 * Derivative nodes (`\frac{\partial S_i}{\partial x_j}`, `\frac{\partial L}{\partial W}`, `\frac{d^2}{dx^2}`)
 * by the autodiff engine: the body as a function of the variable, symbols defined from it following it.
 */
import { grad, jacobian } from "../autodiff/index.js";
import { scalar } from "../tensor/create.js";
import type { Tensor } from "../tensor/tensor.js";
import { asScalar, pickEntry } from "./ops.js";
import { fail, shapeText, text, unitLike, type EvalContext, type Node } from "./eval-support.js";

/**
 * d^k/dx^k: of a function of a scalar (any output shape), or of an elementwise function entry by
 * entry. Autodiff gives the first derivative; higher orders are central differences of it
 * (the tape does not differentiate its own backward pass).
 */
export function nthDerivative(f: (t: Tensor) => Tensor, x: Tensor, order: number): Tensor {
  const d1 = (t: Tensor): Tensor => (t.shape.length === 0 ? jacobian(f)(t) : grad((u) => f(u).sum())(t)[0]);
  if (order === 1) return d1(x);
  const h = 1e-4;
  const lower = (t: Tensor): Tensor => nthDerivative(f, t, order - 1);
  return lower(x.add(h)).sub(lower(x.sub(h))).div(2 * h);
}

export function derivative(ctx: EvalContext, e: Node<"deriv">): Tensor {
  const wrtSym = e.wrt.kind === "index" ? e.wrt.base : e.wrt;
  if (wrtSym.kind !== "sym") return fail(`can only differentiate with respect to a variable, not ${text(e.wrt)}`, "unsupported");
  const name = wrtSym.name;
  // A defined variable (Y = h(XWᵀ)Vᵀ) is held fixed as a value: symbols defined from it follow it.
  const x0 = ctx.symbol(name);
  const f = (x: Tensor): Tensor => ctx.withScope([name], [x], () => ctx.eval(e.body));
  const entry = e.wrt.kind === "index" ? entryOf(ctx, e.wrt, x0) : null;
  if (e.order > 1 || (entry !== null && !scalarBody(ctx, e))) {
    // Along one coordinate: φ(t) = body at x0 + t·e_entry (or x0 + t for a scalar variable).
    const dir = entry === null ? scalar(1) : unitLike(x0, entry);
    const phi = (t: Tensor): Tensor => f(x0.add(dir.mul(t)));
    if (e.order === 1) return jacobian(phi)(scalar(0));
    return nthDerivative(phi, scalar(0), e.order);
  }
  const key = scopeKey(ctx, ctx.deps.freeOf(e.body));
  let byScope = ctx.derivCache.get(e);
  if (!byScope) ctx.derivCache.set(e, (byScope = new Map()));
  let g = byScope.get(key);
  if (!g) {
    const probe = f(x0);
    if (probe.data.length === 1) g = grad((x) => asScalar(f(x)))(x0)[0];
    else {
      const J = jacobian(f)(x0);
      if (x0.data.length === 1) g = J.reshape([...probe.shape]);
      else if (probe.shape[1] === 1 && x0.shape[1] === 1) g = J.reshape([probe.shape[0], x0.shape[0]]);
      else return fail(`the derivative of ${text(e.body)} (${shapeText(probe)}) with respect to ${text(e.wrt)} (${shapeText(x0)}) has four indices; write it entry by entry`, "unsupported");
    }
    byScope.set(key, g);
  }
  return entry === null ? g : pickEntry(g, entry[0], entry[1]);
}

function scalarBody(ctx: EvalContext, e: Node<"deriv">): boolean {
  const s = ctx.shapeOfNode(e.body);
  return s !== null && (s.length === 0 || (s[0] === 1 && s[1] === 1));
}

/** 0-based (row, col) of `x_j` or `X_{ij}` in the variable. */
function entryOf(ctx: EvalContext, w: Node<"index">, x: Tensor): [number, number] {
  const ks = w.indices.map((i) => ctx.intOf(i) - 1);
  if (x.shape.length !== 2) return fail(`${text(w)}: ${text(w.base)} is a scalar`, "shape-mismatch");
  const [r, c] = ks.length === 2 ? ks : x.shape[1] === 1 ? [ks[0], 0] : [0, ks[0]];
  if (r < 0 || c < 0 || r >= x.shape[0] || c >= x.shape[1]) fail(`${text(w)} is outside ${shapeText(x)}`, "domain");
  return [r, c];
}

function scopeKey(ctx: EvalContext, relevant: Set<string>): string {
  let k = "";
  for (const [n, v] of ctx.scope) if (relevant.has(n)) k += `${n}=${v.data.length === 1 ? v.data[0] : Array.from(v.data).join(",")};`;
  return k;
}
