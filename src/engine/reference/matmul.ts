import type { Floats } from './types';

/**
 * matmul: C[M, N] (+)= op(A)[M, K] · op(B)[K, N]
 *   A is stored [M, K], or [K, M] when transA (op(A) = Aᵀ)
 *   B is stored [K, N], or [N, K] when transB (op(B) = Bᵀ)
 *   accumulate: add into C instead of overwriting it.
 *
 * Loop orders keep the innermost loop contiguous: i-k-j (a row of B streams into a row of C) for
 * op(B) = B, and a dot product over k for op(B) = Bᵀ (both operands contiguous in k). The k loop is
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
  // Strides of op(A)[i, k] in storage.
  const aRow = transA ? 1 : K;
  const aCol = transA ? M : 1;
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const c0 = i * N;
    let k = 0;
    for (; k < K4; k += 4) {
      const a0 = A[i * aRow + k * aCol];
      const a1 = A[i * aRow + (k + 1) * aCol];
      const a2 = A[i * aRow + (k + 2) * aCol];
      const a3 = A[i * aRow + (k + 3) * aCol];
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
      const a = A[i * aRow + k * aCol];
      if (a === 0) continue;
      const b0 = k * N;
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
