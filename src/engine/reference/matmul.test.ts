import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { matmul, matmulDims } from './matmul';

/** The definition, op(A)[i, k]·op(B)[k, j] summed in float64, to hold the fast loop orders to. */
function naive(A: Float64Array, B: Float64Array, M: number, N: number, K: number, tA: boolean, tB: boolean) {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++)
        C[i * N + j] += (tA ? A[k * M + i] : A[i * K + k]) * (tB ? B[j * K + k] : B[k * N + j]);
  return C;
}

describe('matmul', () => {
  // Sizes not divisible by the unroll factor exercise the remainder loops.
  const sizes = [
    [1, 1, 1],
    [3, 5, 7],
    [6, 9, 13],
  ];
  for (const [M, N, K] of sizes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`C[${M},${N}] = op(A)·op(B) over K=${K}, transA=${transA}, transB=${transB}, overwrite and with a bias`, () => {
          const rng = new Prng(M * 100 + N * 10 + K);
          const A = Float64Array.from({ length: M * K }, () => rng.normal());
          const B = Float64Array.from({ length: K * N }, () => rng.normal());
          A[0] = 0; // a zero operand takes the skip path
          const expected = naive(A, B, M, N, K, transA, transB);
          const C = Float64Array.from({ length: M * N }, () => 99); // stale values must be overwritten
          const dims = matmulDims(M, N, K, transA, transB);
          matmul(dims, A, B, C, null);
          for (let i = 0; i < C.length; i++) expect(C[i]).toBeCloseTo(expected[i], 12);
          // With the operands and the output at offsets inside bigger arrays, and a bias row.
          const pad = (v: Float64Array) => Float64Array.of(5, 5, 5, ...v);
          const bias = Float64Array.from({ length: N }, (_, j) => j - 2);
          const C2 = new Float64Array(3 + M * N);
          const at3 = { ...dims, a_off: 3, b_off: 3, c_off: 3, bias_off: 3 };
          matmul(at3, pad(A), pad(B), C2, pad(bias));
          expect(Array.from(C2.subarray(0, 3))).toEqual([0, 0, 0]);
          for (let i = 0; i < C.length; i++) expect(C2[3 + i]).toBeCloseTo(expected[i] + bias[i % N], 12);
        });
      }
    }
  }
});
