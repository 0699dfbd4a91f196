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
  if (!ta && !tb) gemmNN(m, n, k, A, aOff, B, bOff, C, cOff);
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
