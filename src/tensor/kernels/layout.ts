/** Axis permutation: the one data-moving layout kernel (reshape never moves data). */
import { alloc } from "../alloc.js";
import { sizeOf, type Shape } from "../shape.js";

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
  const outShape = perm.map((p) => xs[p]);
  const strides = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(n).fill(0);
  const size = sizeOf(outShape);
  let pos = 0;
  for (let k = 0; k < size; k++) {
    out[k] = x[pos];
    for (let ax = n - 1; ax >= 0; ax--) {
      idx[ax]++;
      pos += strides[ax];
      if (idx[ax] < outShape[ax]) break;
      pos -= strides[ax] * idx[ax];
      idx[ax] = 0;
    }
  }
  return out;
}
