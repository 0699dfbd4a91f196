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
