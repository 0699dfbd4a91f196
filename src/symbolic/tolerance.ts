import type { Tensor } from "../tensor/tensor.js";

/**
 * The one tolerance of gradsheet's numeric judges (documented in docs/symbolic.md): entrywise
 * |a − b| ≤ ATOL + RTOL · max(‖a‖∞, ‖b‖∞). The scale is the larger infinity norm, so entries near
 * zero are judged against the size of the whole result; ATOL is the floor for results that are zero.
 */
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
