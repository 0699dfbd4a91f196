/**
 * Square-matrix linear algebra by LU decomposition with partial pivoting (row-major n×n): the
 * inverse, the determinant and log|det|. Small matrices only (the sizes of formulas and questions),
 * so plain O(n³) loops; a singular matrix is reported by the caller, never a silent infinity.
 */
import { alloc } from "../alloc.js";

export interface Lu {
  /** L (unit diagonal, below) and U (on and above the diagonal) packed in one matrix. */
  lu: Float64Array;
  /** Row `perm[i]` of the input is row i of P A. */
  perm: Int32Array;
  /** +1 or −1: the sign of the row permutation. */
  parity: number;
  /** A pivot was exactly zero: the matrix is singular. */
  singular: boolean;
}

export function luDecompose(a: Float64Array, n: number): Lu {
  const lu = alloc(n * n);
  lu.set(a);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let parity = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) { singular = true; continue; }
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = lu[k * n + j]; lu[k * n + j] = lu[p * n + j]; lu[p * n + j] = t; }
      const t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      parity = -parity;
    }
    const piv = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= piv);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { lu, perm, parity, singular };
}

/** det A = parity · Π U_kk (0 for a singular matrix). */
export function detOf(d: Lu, n: number): number {
  if (d.singular) return 0;
  let p = d.parity;
  for (let k = 0; k < n; k++) p *= d.lu[k * n + k];
  return p;
}

/** log|det A| as a sum of logs, so large matrices neither overflow nor underflow (−∞ when singular). */
export function logAbsDetOf(d: Lu, n: number): number {
  if (d.singular) return -Infinity;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.log(Math.abs(d.lu[k * n + k]));
  return s;
}

/** A⁻¹ by solving A X = I column by column; null when A is singular. */
export function inverseOf(d: Lu, n: number): Float64Array | null {
  if (d.singular) return null;
  const { lu, perm } = d;
  const out = alloc(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) col[i] = perm[i] === c ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = col[i];
      for (let j = 0; j < i; j++) s -= lu[i * n + j] * col[j];
      col[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i];
      for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * col[j];
      col[i] = s / lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out[i * n + c] = col[i];
  }
  return out;
}

/** The transpose of a row-major n×n matrix. */
export function transposeSquare(a: Float64Array, n: number): Float64Array {
  const out = alloc(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j];
  return out;
}
