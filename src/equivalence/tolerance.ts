/**
 * When two evaluated formulas count as equal. Entrywise, with the scale taken from the larger
 * infinity norm of the two values, so that entries near zero are judged against the size of the
 * whole result rather than against themselves:
 *
 *     |a_ij − b_ij| ≤ ATOL + RTOL · max(‖a‖∞, ‖b‖∞)
 *
 * ATOL = 1e-9 is the floor for results that are entirely near zero; RTOL = 1e-7 leaves room for
 * float64 rounding in long chains and for autodiff against closed forms, and is still orders of
 * magnitude below any real mistake (a wrong sign, a factor 2, h for h', a missing transpose).
 */
import type { Tensor } from "../tensor/tensor.js";

export const ATOL = 1e-9;
export const RTOL = 1e-7;

export interface Comparison {
  equal: boolean;
  /** max |a − b| / max(‖a‖∞, ‖b‖∞) (0 when both are 0). */
  relError: number;
}

export function compareValues(a: Tensor, b: Tensor): Comparison {
  const x = a.data;
  const y = b.data;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const m = Math.max(Math.abs(x[i]), Math.abs(y[i]));
    if (m > scale) scale = m;
  }
  const bound = ATOL + RTOL * scale;
  let worst = 0;
  let equal = true;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    if (!(d <= bound)) equal = false;
    if (d > worst || Number.isNaN(d)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return { equal, relError: scale === 0 ? worst : worst / scale };
}
