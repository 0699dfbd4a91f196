/** Axis permutation: the one data-moving layout kernel (reshape never moves data). */
import { alloc } from "../alloc.js";
import { type Shape, stridedOffsets } from "../shape.js";

/** out[i_perm[0], ..., i_perm[n-1]] = x[i_0, ..., i_{n-1}]: output axis j is input axis perm[j]. */
export function permuteKernel(x: Float64Array, xs: Shape, perm: readonly number[]): Float64Array {
  const n = xs.length;
  const out = alloc(x.length);
  if (n === 2 && perm[0] === 1) {
    const r = xs[0], c = xs[1];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
    return out;
  }
  const inStrides = new Array<number>(n);
  let st = 1;
  for (let i = n - 1; i >= 0; i--) { inStrides[i] = st; st *= xs[i]; }
  const src = stridedOffsets(perm.map((p) => xs[p]), perm.map((p) => inStrides[p]));
  for (let k = 0; k < src.length; k++) out[k] = x[src[k]];
  return out;
}

/** Splits a shape at `axis` into (outer, length, inner) element counts. */
export function around(shape: Shape, axis: number): [outer: number, len: number, inner: number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/**
 * Copies blocks between a tensor and a window [start, start + len) of one axis of a larger one:
 * `into` false reads the window out of `big` (slice); true writes `small` into it (concat, and the
 * slice VJP). `bigLen`/`len` are the axis lengths; `outer`/`inner` the products around it.
 */
export function windowCopy(big: Float64Array, small: Float64Array, outer: number, bigLen: number, start: number, len: number, inner: number, into: boolean): void {
  const run = len * inner;
  for (let o = 0; o < outer; o++) {
    const b = (o * bigLen + start) * inner, s = o * run;
    if (into) big.set(small.subarray(s, s + run), b);
    else small.set(big.subarray(b, b + run), s);
  }
}
