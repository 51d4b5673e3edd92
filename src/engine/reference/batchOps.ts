import type { Floats } from './types';

/**
 * Row-wise helpers of the step, twins of the entry points in shaders/batch_ops.wgsl (same names,
 * same argument meaning; the WGSL's src_off / out_off are subarrays here).
 */

/**
 * gather_batch(x0, y0, x, y, idx, T, F, K): sample-major split → time-major batch
 *   x   [n, T, F] the split's inputs;  y [n, K] its targets;  idx [B] the step's rows of them
 *   x0  [T·B, F] out, row t·B + b = x[idx[b], t, ·];  y0 [B, K] out, row b = y[idx[b], ·]
 * B = idx.length. A copy, so the WGSL kernel matches it bit for bit.
 */
export function gather_batch(
  x0: Floats,
  y0: Floats,
  x: Floats,
  y: Floats,
  idx: Uint32Array,
  T: number,
  F: number,
  K: number,
): void {
  const B = idx.length;
  for (let b = 0; b < B; b++) {
    const n = idx[b];
    for (let t = 0; t < T; t++) {
      const src = (n * T + t) * F;
      const dst = (t * B + b) * F;
      for (let f = 0; f < F; f++) x0[dst + f] = x[src + f];
    }
    for (let k = 0; k < K; k++) y0[b * K + k] = y[n * K + k];
  }
}

/**
 * mask_rows(out, src, mask, rows, D, B): a dropout mask shared by every timestep
 *   out [rows, D] = src [rows, D] ⊙ mask [B, D], row r using mask row r mod B
 * (rows = T·B for a layer's input, B for one timestep). out may be src (masking in place).
 * Returns out, so a caller can use the masked tensor in an expression.
 */
export function mask_rows<A extends Floats>(
  out: A,
  src: Floats,
  mask: Floats,
  rows: number,
  D: number,
  B: number,
): A {
  for (let r = 0; r < rows; r++) {
    const m0 = (r % B) * D;
    for (let d = 0; d < D; d++) out[r * D + d] = src[r * D + d] * mask[m0 + d];
  }
  return out;
}

/**
 * sum_rows(out, src, rows, D): column sums, the bias gradient of a layer applied to every row
 *   out [D] = Σ_r src [rows, D]      (overwrites, like the WGSL; not +=)
 * Summed row by row in out's own precision (f32 in the engine, f64 in the gradient check); the
 * WGSL kernel keeps four f32 partial sums per column, so the two agree to rounding, not bits.
 */
export function sum_rows(out: Floats, src: Floats, rows: number, D: number): void {
  out.fill(0, 0, D);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < D; d++) out[d] += src[r * D + d];
  }
}
