import type { Floats } from './types';

/**
 * matmul: C[M, N] (+)= op(A)[M, K] · op(B)[K, N]
 *   A is stored [M, K], or [K, M] when transA (op(A) = Aᵀ)
 *   B is stored [K, N], or [N, K] when transB (op(B) = Bᵀ)
 *   accumulate: add into C instead of overwriting it.
 *
 * Loop orders keep the innermost loop contiguous: i-k-j (a row of B streams into a row of C) for
 * op(B) = B (k-i-j when transA), and a dot product over k for op(B) = Bᵀ (both contiguous in k). The k loop is
 * unrolled by 4 so each C element is loaded and stored a quarter as often. No allocation.
 */
export function matmul(
  C: Floats,
  A: Floats,
  B: Floats,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  if (transB) {
    matmulDotRows(C, A, B, M, N, K, transA, accumulate);
    return;
  }
  if (!accumulate) C.fill(0, 0, M * N);
  if (transA) {
    matmulTransA(C, A, B, M, N, K);
    return;
  }
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const c0 = i * N;
    const a = i * K;
    let k = 0;
    for (; k < K4; k += 4) {
      const a0 = A[a + k];
      const a1 = A[a + k + 1];
      const a2 = A[a + k + 2];
      const a3 = A[a + k + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue; // dropped units, zero rows
      const b0 = k * N;
      const b1 = b0 + N;
      const b2 = b1 + N;
      const b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        C[c0 + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
      }
    }
    for (; k < K; k++) {
      const ak = A[a + k];
      if (ak === 0) continue;
      const b0 = k * N;
      for (let j = 0; j < N; j++) C[c0 + j] += ak * B[b0 + j];
    }
  }
}

/**
 * C[M, N] += Aᵀ·B with A stored [K, M], B [K, N]: k-i-j, so four rows of B stay in L1 while every
 * row of C takes them in turn. This is the weight-gradient GEMM (K = T·B rows, summed over time),
 * where an i-outer order would stream all of B once per row of C.
 */
function matmulTransA(C: Floats, A: Floats, B: Floats, M: number, N: number, K: number): void {
  const K4 = K - (K % 4);
  let k = 0;
  for (; k < K4; k += 4) {
    const b0 = k * N;
    const b1 = b0 + N;
    const b2 = b1 + N;
    const b3 = b2 + N;
    for (let i = 0; i < M; i++) {
      const a0 = A[k * M + i];
      const a1 = A[(k + 1) * M + i];
      const a2 = A[(k + 2) * M + i];
      const a3 = A[(k + 3) * M + i];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const c0 = i * N;
      for (let j = 0; j < N; j++) {
        C[c0 + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
      }
    }
  }
  for (; k < K; k++) {
    const b0 = k * N;
    for (let i = 0; i < M; i++) {
      const a = A[k * M + i];
      if (a === 0) continue;
      const c0 = i * N;
      for (let j = 0; j < N; j++) C[c0 + j] += a * B[b0 + j];
    }
  }
}

/** op(B) = Bᵀ: C[i, j] (+)= Σ_k op(A)[i, k] · B[j, k], a dot product over contiguous k. */
function matmulDotRows(
  C: Floats,
  A: Floats,
  B: Floats,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  accumulate: boolean,
): void {
  const aRow = transA ? 1 : K;
  const aCol = transA ? M : 1;
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const a0 = i * aRow;
    for (let j = 0; j < N; j++) {
      const b0 = j * K;
      // Four partial sums break the add dependency chain.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k < K4; k += 4) {
        s0 += A[a0 + k * aCol] * B[b0 + k];
        s1 += A[a0 + (k + 1) * aCol] * B[b0 + k + 1];
        s2 += A[a0 + (k + 2) * aCol] * B[b0 + k + 2];
        s3 += A[a0 + (k + 3) * aCol] * B[b0 + k + 3];
      }
      for (; k < K; k++) s0 += A[a0 + k * aCol] * B[b0 + k];
      const s = s0 + s1 + s2 + s3;
      C[i * N + j] = accumulate ? C[i * N + j] + s : s;
    }
  }
}
