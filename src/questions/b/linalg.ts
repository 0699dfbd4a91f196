/**
 * Small dense linear algebra for the oracles (plain arrays, n ≤ 20): a Jacobi eigen-solver for
 * symmetric matrices, a Cholesky test for positive definiteness, random orthogonal matrices and
 * an LU solve. Written out here so that an oracle does not lean on the code it checks.
 */
import type { Rng } from "../../tensor/rng.js";

export type Mat = number[][];

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, ascending. */
export function symmetricEigenvalues(input: Mat): number[] {
  const n = input.length;
  const a = input.map((r) => r.slice());
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]).sort((x, y) => x - y);
}

/** True when the Cholesky factorisation succeeds with pivots above `tol`: positive definite. */
export function choleskySucceeds(a: Mat, tol = 1e-12): boolean {
  const n = a.length;
  const l: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (!(d > tol)) return false;
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return true;
}

/** A random orthogonal matrix: Gram–Schmidt on Gaussian columns; returned as rows = basis vectors. */
export function randomOrthogonal(n: number, rng: Rng): Mat {
  const basis: number[][] = [];
  while (basis.length < n) {
    let v = Array.from({ length: n }, () => rng.normal());
    for (const b of basis) {
      const c = dot(v, b);
      v = v.map((x, i) => x - c * b[i]);
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-6) basis.push(v.map((x) => x / norm));
  }
  return basis;
}

/** Q diag(λ) Qᵀ with the rows of `q` as eigenvectors. */
export function fromEigen(q: Mat, lambda: readonly number[]): Mat {
  const n = lambda.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k][i] * lambda[k] * q[k][j];
      return s;
    }),
  );
}

/** Solves A X = B (B with one column per right-hand side) by Gaussian elimination with partial pivoting. */
export function solve(a: Mat, b: Mat): Mat {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...b[i]]);
  const w = m[0].length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (Math.abs(m[piv][c]) < 1e-300) throw new Error("singular matrix");
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      if (f !== 0) for (let k = c; k < w; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / m[i][i]));
}
