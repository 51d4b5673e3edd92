import { Prng } from '../../../src/data/prng';
import type { AttentionDims } from '../../../src/engine/contracts/dims';
import {
  additive_attention_backward_states,
  additive_attention_forward,
  dot_attention_backward_states,
  dot_attention_forward,
} from '../../../src/engine/reference/attention';
import { randomFloats } from './testDevice';

/**
 * A random attention problem for the per-call tests of the attention kernels (WebGPU and
 * WebAssembly): f32 inputs, and the tensors a later kernel reads (pre, alpha, de) taken from the
 * reference's earlier kernels and rounded to f32, so every kernel is held to its twin on the same
 * floats. Padding: batch row 0 loses its last `padded` steps, row 1 (if any) its first step.
 */
export interface AttentionProblem {
  dims: AttentionDims;
  hs: Float32Array;
  W: Float32Array;
  bias: Float32Array;
  v: Float32Array;
  q: Float32Array;
  mask: Float32Array;
  dcontext: Float32Array;
  /**
   * An input for attention_padding_mask [T·B, D] (D as its features): hs with the masked rows
   * zeroed (padding), every third row left with one feature (as a one-hot word), every other row
   * with one feature zeroed, and batch row 2 (if any) all zero: a row with no real step.
   */
  x0: Float32Array;
  /** The reference's forward and states backward, rounded to f32, per kind. */
  additive: { pre: Float32Array; alpha: Float32Array; de: Float32Array };
  dot: { alpha: Float32Array; de: Float32Array };
}

export function attentionProblem(seed: number, dims: AttentionDims, padded: number): AttentionProblem {
  const { batch: B, steps: T, width: D, hidden: A } = dims;
  const rng = new Prng(seed);
  const rand = (n: number, scale: number) => randomFloats(n, () => rng.next(), scale);
  const mask = new Float32Array(T * B).fill(1);
  for (let t = Math.max(1, T - padded); t < T; t++) mask[t * B] = 0;
  if (B > 1 && T > 1) mask[1] = 0;
  const p = {
    dims,
    hs: rand(T * B * D, 1),
    W: rand(D * A, 0.8),
    bias: rand(A, 0.3),
    v: rand(A, 1),
    q: rand(D, 1),
    mask,
    dcontext: rand(B * D, 1),
  };
  const pre = new Float32Array(T * B * A);
  const [scores, context, dhs] = [
    new Float32Array(T * B),
    new Float32Array(B * D),
    new Float32Array(T * B * D),
  ];
  const additive = { pre, alpha: new Float32Array(T * B), de: new Float32Array(T * B) };
  additive_attention_forward(dims, p.hs, p.W, p.bias, p.v, mask, pre, scores, additive.alpha, context);
  additive_attention_backward_states(dims, p.hs, p.W, p.v, pre, additive.alpha, p.dcontext, additive.de, dhs);
  const dot = { alpha: new Float32Array(T * B), de: new Float32Array(T * B) };
  dot_attention_forward(dims, p.hs, p.q, mask, scores, dot.alpha, context);
  dot_attention_backward_states(dims, p.hs, p.q, dot.alpha, p.dcontext, dot.de, dhs);
  return { ...p, additive, dot, x0: paddedInput(dims, p.hs, mask) };
}

function paddedInput(dims: AttentionDims, hs: Float32Array, mask: Float32Array): Float32Array {
  const { batch: B, steps: T, width: D } = dims;
  const x0 = hs.slice();
  for (let r = 0; r < T * B; r++) {
    const empty = mask[r] === 0 || r % B === 2;
    const oneHot = r % 3 === 0; // only feature r mod D kept; otherwise only that one dropped
    for (let d = 0; d < D; d++) if (empty || (d === r % D) !== oneHot) x0[r * D + d] = 0;
  }
  return x0;
}

/**
 * Shapes the tests share, [B, T, D, A, padded steps of row 0]: one of each; odd sizes (A and D not
 * multiples of 4); more steps than a workgroup's 64 threads (each thread takes several); a
 * playground-sized layer (B 16, T 50, 64 states, A 32).
 */
export const ATTENTION_SHAPES: [number, number, number, number, number][] = [
  [1, 1, 1, 1, 0],
  [3, 7, 5, 6, 2],
  [2, 70, 9, 3, 5],
  [16, 50, 64, 32, 10],
];
