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
  let equal = true;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      // An infinity equals only the same infinity; NaN equals nothing.
      if (!(x[i] === y[i])) equal = false;
      continue;
    }
    const m = Math.max(Math.abs(x[i]), Math.abs(y[i]));
    if (m > scale) scale = m;
  }
  const bound = ATOL + RTOL * scale;
  let worst = equal ? 0 : Infinity;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const d = Math.abs(x[i] - y[i]);
    if (!(d <= bound)) equal = false;
    if (d > worst) worst = d;
  }
  return { equal, relError: scale === 0 || worst === Infinity ? worst : worst / scale };
}

/**
 * For Monte Carlo values (expectations) the tolerance widens by their standard errors: equal when
 * every |a − b| ≤ ATOL + RTOL·scale + 5·(se_a + se_b). Five standard errors make a false
 * "different" rarer than one in a million per entry.
 */
export function compareWithStderr(a: Tensor, b: Tensor, seA?: Tensor, seB?: Tensor): Comparison {
  const plain = compareValues(a, b);
  if (plain.equal || (!seA && !seB)) return plain;
  const x = a.data;
  const y = b.data;
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]), Math.abs(y[i]));
  const se = (t: Tensor | undefined, i: number): number => (t ? t.data[t.data.length === 1 ? 0 : i] : 0);
  for (let i = 0; i < x.length; i++) {
    const allowed = ATOL + RTOL * scale + 5 * (se(seA, i) + se(seB, i));
    if (!(Math.abs(x[i] - y[i]) <= allowed)) return plain;
  }
  return { equal: true, relError: plain.relError };
}
