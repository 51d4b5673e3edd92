import type { MatmulDims } from '../contracts/dims';

export { type MatmulDims, matmulDims } from '../contracts/dims';

import type { Floats } from './types';

/**
 * matmul(dims, a, b, c, bias): c[m, n] = op(a)[m, k] · op(b)[k, n] (+ bias[n]), the twin of every
 * matmul_* variant in shaders/matmul.wgsl (register-blocked or tiled, they all compute this).
 *   a is stored [m, k], or [k, m] when transA (op(a) = aᵀ); b is stored [k, n], or [n, k] when transB
 *   each operand starts at its *_off element inside its array (one flat parameter array holds every
 *   tensor); c is overwritten, never accumulated; bias null: none (the kernel's BIAS flag).
 *
 * Loop orders keep the innermost loop contiguous: i-k-j (a row of b streams into a row of c) for
 * op(b) = b (k-i-j when transA), and a dot product over k for op(b) = bᵀ (both contiguous in k). The
 * k loop is unrolled by 4 so each c element is loaded and stored a quarter as often; the kernels sum
 * over k in the same order, 4 deep, with fma in f32. No allocation.
 */

export function matmul(dims: MatmulDims, a: Floats, b: Floats, c: Floats, bias: Floats | null): void {
  const { m: M, n: N, k: K, transA, transB } = dims;
  const A = dims.a_off ? a.subarray(dims.a_off) : a;
  const B = dims.b_off ? b.subarray(dims.b_off) : b;
  const C = dims.c_off ? c.subarray(dims.c_off) : c;
  const biasRow = bias ? bias.subarray(dims.bias_off, dims.bias_off + N) : null;
  if (transB) {
    matmulDotRows(C, A, B, M, N, K, transA, biasRow);
    return;
  }
  for (let i = 0; i < M; i++) {
    if (biasRow) C.set(biasRow, i * N);
    else C.fill(0, i * N, (i + 1) * N);
  }
  if (transA) {
    matmulTransA(C, A, B, M, N, K);
    return;
  }
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const c0 = i * N;
    const a0 = i * K;
    let k = 0;
    for (; k < K4; k += 4) {
      const x0 = A[a0 + k];
      const x1 = A[a0 + k + 1];
      const x2 = A[a0 + k + 2];
      const x3 = A[a0 + k + 3];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue; // dropped units, zero rows
      const b0 = k * N;
      const b1 = b0 + N;
      const b2 = b1 + N;
      const b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        C[c0 + j] += x0 * B[b0 + j] + x1 * B[b1 + j] + x2 * B[b2 + j] + x3 * B[b3 + j];
      }
    }
    for (; k < K; k++) {
      const x = A[a0 + k];
      if (x === 0) continue;
      const b0 = k * N;
      for (let j = 0; j < N; j++) C[c0 + j] += x * B[b0 + j];
    }
  }
}

/**
 * C[M, N] += Aᵀ·B (C holds 0 or the bias rows) with A stored [K, M], B [K, N]: k-i-j, so four rows of B stay in L1 while every
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

/** op(B) = Bᵀ: C[i, j] = (bias[j] +) Σ_k op(A)[i, k] · B[j, k], a dot product over contiguous k. */
function matmulDotRows(
  C: Floats,
  A: Floats,
  B: Floats,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  bias: Floats | null,
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
      C[i * N + j] = bias ? bias[j] + s : s;
    }
  }
}
