/**
 * Matrix product kernels. Each variant walks memory contiguously in its innermost loop, so the
 * transposed operands that backward passes need (g Bᵀ, Aᵀ g) are never materialised.
 */

/**
 * C[m,n] += op(A) op(B) where op(A) is [m,k] and op(B) is [k,n]. With `ta` A is stored [k,m];
 * with `tb` B is stored [n,k]. Offsets address one matrix inside a batch.
 */
export function gemm(
  ta: boolean, tb: boolean, m: number, n: number, k: number,
  A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number,
): void {
  if (m >= 8 && n >= 8 && m * n * k >= 32768) gemmPacked(ta, tb, m, n, k, A, aOff, B, bOff, C, cOff);
  else if (!ta && !tb) gemmNN(m, n, k, A, aOff, B, bOff, C, cOff);
  else if (!ta && tb) gemmNT(m, n, k, A, aOff, B, bOff, C, cOff);
  else if (ta && !tb) gemmTN(m, n, k, A, aOff, B, bOff, C, cOff);
  else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[aOff + p * m + i] * B[bOff + j * k + p];
        C[cOff + i * n + j] += s;
      }
    }
  }
}

// i-k-j order: the inner loop streams one row of B into one row of C; four rows of A at a time
// reuse each loaded row of B four times.
function gemmNN(m: number, n: number, k: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const c0 = cOff + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    const a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p];
      const b = bOff + p * n;
      for (let j = 0; j < n; j++) {
        const y = B[b + j];
        C[c0 + j] += x0 * y;
        C[c1 + j] += x1 * y;
        C[c2 + j] += x2 * y;
        C[c3 + j] += x3 * y;
      }
    }
  }
  for (; i < m; i++) {
    const c0 = cOff + i * n, a0 = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const x0 = A[a0 + p];
      if (x0 === 0) continue;
      const b = bOff + p * n;
      for (let j = 0; j < n; j++) C[c0 + j] += x0 * B[b + j];
    }
  }
}

// Rows of A against rows of B: contiguous dot products, two rows of B at a time.
function gemmNT(m: number, n: number, k: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number): void {
  for (let i = 0; i < m; i++) {
    const a = aOff + i * k, c = cOff + i * n;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const b0 = bOff + j * k, b1 = b0 + k;
      let s0 = 0, s1 = 0;
      for (let p = 0; p < k; p++) {
        const x = A[a + p];
        s0 += x * B[b0 + p];
        s1 += x * B[b1 + p];
      }
      C[c + j] += s0;
      C[c + j + 1] += s1;
    }
    for (; j < n; j++) {
      const b0 = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[a + p] * B[b0 + p];
      C[c + j] += s;
    }
  }
}

// A stored [k,m]: for each p, rank-1 update of C with column p of op(A) and row p of B.
function gemmTN(m: number, n: number, k: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number): void {
  for (let p = 0; p < k; p++) {
    const a = aOff + p * m, b = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const x = A[a + i];
      if (x === 0) continue;
      const c = cOff + i * n;
      for (let j = 0; j < n; j++) C[c + j] += x * B[b + j];
    }
  }
}

// ---- large products: packed panels and a 4×4 register-blocked micro-kernel ----
// Packing copies op(A) four rows at a time and op(B) four columns at a time into contiguous,
// zero-padded panels, so one micro-kernel serves every transpose variant and its loads are
// sequential. The depth is cut into chunks of KC so a pair of panels stays in L1.
const KC = 256;
let packA = new Float64Array(4 * KC);
let packB = new Float64Array(0);
/** The 4×4 block of an edge tile, before its in-range part is added to C. */
const EDGE = new Float64Array(16);

function gemmPacked(
  ta: boolean, tb: boolean, m: number, n: number, k: number,
  A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number,
): void {
  const np = (n + 3) >> 2, mp = (m + 3) >> 2;
  if (packB.length < KC * np * 4) packB = new Float64Array(KC * np * 4);
  const ap = packA, bp = packB;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    for (let jp = 0; jp < np; jp++) {
      const base = jp * kc * 4;
      for (let q = 0; q < 4; q++) {
        const j = jp * 4 + q;
        if (j >= n) {
          for (let p = 0; p < kc; p++) bp[base + p * 4 + q] = 0;
        } else if (tb) {
          const src = bOff + j * k + p0;
          for (let p = 0; p < kc; p++) bp[base + p * 4 + q] = B[src + p];
        } else {
          const src = bOff + p0 * n + j;
          for (let p = 0; p < kc; p++) bp[base + p * 4 + q] = B[src + p * n];
        }
      }
    }
    for (let ip = 0; ip < mp; ip++) {
      for (let r = 0; r < 4; r++) {
        const i = ip * 4 + r;
        if (i >= m) {
          for (let p = 0; p < kc; p++) ap[p * 4 + r] = 0;
        } else if (ta) {
          const src = aOff + p0 * m + i;
          for (let p = 0; p < kc; p++) ap[p * 4 + r] = A[src + p * m];
        } else {
          const src = aOff + i * k + p0;
          for (let p = 0; p < kc; p++) ap[p * 4 + r] = A[src + p];
        }
      }
      const rows = Math.min(4, m - ip * 4);
      for (let jp = 0; jp < np; jp++) {
        micro(kc, ap, bp, jp * kc * 4, C, cOff + ip * 4 * n + jp * 4, n, rows, Math.min(4, n - jp * 4));
      }
    }
  }
}

/** C[0:rows, 0:cols] += (4×kc panel of A) · (kc×4 panel of B), accumulated in 16 registers. */
function micro(kc: number, ap: Float64Array, bp: Float64Array, bBase: number, C: Float64Array, c: number, n: number, rows: number, cols: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0, a = 0, b = bBase; p < kc; p++, a += 4, b += 4) {
    const b0 = bp[b], b1 = bp[b + 1], b2 = bp[b + 2], b3 = bp[b + 3];
    const a0 = ap[a], a1 = ap[a + 1], a2 = ap[a + 2], a3 = ap[a + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (rows === 4 && cols === 4) {
    C[c] += c00; C[c + 1] += c01; C[c + 2] += c02; C[c + 3] += c03; c += n;
    C[c] += c10; C[c + 1] += c11; C[c + 2] += c12; C[c + 3] += c13; c += n;
    C[c] += c20; C[c + 1] += c21; C[c + 2] += c22; C[c + 3] += c23; c += n;
    C[c] += c30; C[c + 1] += c31; C[c + 2] += c32; C[c + 3] += c33;
    return;
  }
  const e = EDGE;
  e[0] = c00; e[1] = c01; e[2] = c02; e[3] = c03; e[4] = c10; e[5] = c11; e[6] = c12; e[7] = c13;
  e[8] = c20; e[9] = c21; e[10] = c22; e[11] = c23; e[12] = c30; e[13] = c31; e[14] = c32; e[15] = c33;
  for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) C[c + r * n + q] += e[r * 4 + q];
}
