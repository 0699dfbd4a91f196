/**
 * Reductions over a set of axes. The kept shape (reduced axes as 1) broadcast to the input gives
 * each input element its output slot, so one index map serves sum, max and un-broadcasting.
 */
import { alloc, copyOf } from "../alloc.js";
import { broadcastIndex, sameShape, sizeOf, type Shape } from "../shape.js";

/** Sum of x (shape xs) into the shape `kept`, which must broadcast to xs. */
export function sumTo(x: Float64Array, xs: Shape, kept: Shape): Float64Array {
  const m = sizeOf(kept);
  if (m === x.length && sameShapeIgnoringOnes(xs, kept)) return copyOf(x);
  const out = alloc(m);
  if (m === 1) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    out[0] = s;
    return out;
  }
  const lastInner = innerRun(xs, kept);
  if (lastInner > 1) {
    // Reducing only trailing axes: each output is the sum of one contiguous run.
    for (let o = 0; o < m; o++) {
      let s = 0;
      const base = o * lastInner;
      for (let i = 0; i < lastInner; i++) s += x[base + i];
      out[o] = s;
    }
    return out;
  }
  const map = broadcastIndex(xs, kept);
  for (let i = 0; i < x.length; i++) out[map[i]] += x[i];
  return out;
}

/** Max of x over the axes where `kept` has 1 (and xs does not). Empty reductions are an error upstream. */
export function maxTo(x: Float64Array, xs: Shape, kept: Shape): Float64Array {
  const m = sizeOf(kept);
  const out = alloc(m).fill(-Infinity);
  const map = broadcastIndex(xs, kept);
  for (let i = 0; i < x.length; i++) {
    const v = x[i], o = map[i];
    // NaN wins, as in torch.amax.
    if (v > out[o] || v !== v) out[o] = v;
  }
  return out;
}

/** dx for a max reduction: the upstream gradient split evenly among the tied maxima (torch.amax). */
export function maxBackward(x: Float64Array, xs: Shape, y: Float64Array, g: Float64Array, kept: Shape): Float64Array {
  const map = broadcastIndex(xs, kept);
  const count = alloc(y.length);
  for (let i = 0; i < x.length; i++) if (x[i] === y[map[i]]) count[map[i]]++;
  const dx = alloc(x.length);
  for (let i = 0; i < x.length; i++) {
    const o = map[i];
    if (x[i] === y[o]) dx[i] = g[o] / count[o];
  }
  return dx;
}

/** Broadcast x (shape xs) to shape `to`. */
export function broadcastTo(x: Float64Array, xs: Shape, to: Shape): Float64Array {
  const n = sizeOf(to);
  if (x.length === n) return copyOf(x);
  const out = alloc(n);
  if (x.length === 1) return out.fill(x[0]);
  const map = broadcastIndex(to, xs);
  for (let i = 0; i < n; i++) out[i] = x[map[i]];
  return out;
}

function sameShapeIgnoringOnes(a: Shape, b: Shape): boolean {
  const fa = a.filter((d) => d !== 1), fb = b.filter((d) => d !== 1);
  return sameShape(fa, fb);
}

/** Length of the contiguous run reduced per output when only trailing axes are reduced, else 1. */
function innerRun(xs: Shape, kept: Shape): number {
  const off = xs.length - kept.length;
  let run = 1;
  let i = xs.length - 1;
  for (; i >= 0; i--) {
    const k = i - off >= 0 ? kept[i - off] : 1;
    if (k === 1 && xs[i] !== 1) run *= xs[i];
    else if (k === xs[i]) break;
  }
  for (; i >= 0; i--) {
    const k = i - off >= 0 ? kept[i - off] : 1;
    if (k !== xs[i]) return 1;
  }
  return run;
}
