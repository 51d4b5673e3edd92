import type { GatherDims, LastDims, RowsDims } from '../contracts/dims';

export { type GatherDims, type LastDims, type RowsDims, rowsDims } from '../contracts/dims';

import { type Floats, roundAs } from './types';

/**
 * Row-wise helpers of the step, twins of the entry points of the same names in
 * shaders/batch_ops.wgsl: the same dims (field for field) and buffers, in the shader's binding
 * order; src_off / out_off are element offsets into src / out, as there.
 */

/**
 * gather_batch(dims, idx, x, y, x0, y0): sample-major split → time-major batch
 *   idx [B] the step's rows of the split;  x [n, T, F] its inputs;  y [n, K] its targets
 *   x0  [T·B, F] out, row t·B + b = x[idx[b], t, ·];  y0 [B, K] out, row b = y[idx[b], ·]
 * A copy, so the kernel matches it bit for bit.
 */
export function gather_batch(
  dims: GatherDims,
  idx: Uint32Array,
  x: Floats,
  y: Floats,
  x0: Floats,
  y0: Floats,
): void {
  const { batch: B, steps: T, features: F, outputs: K } = dims;
  for (let b = 0; b < B; b++) {
    const n = idx[b];
    for (let t = 0; t < T; t++) {
      const from = (n * T + t) * F;
      const to = (t * B + b) * F;
      for (let f = 0; f < F; f++) x0[to + f] = x[from + f];
    }
    for (let k = 0; k < K; k++) y0[b * K + k] = y[n * K + k];
  }
}

/**
 * mask_rows(dims, src, out, mask): a dropout mask shared by every timestep
 *   out [rows, D] = src [rows, D] ⊙ mask [B, D], row r using mask row r mod B
 * (rows = T·B for a layer's input, B for one timestep). out and src are different buffers, as the
 * kernel must have them (a buffer bound twice, once writable, is refused).
 */
export function mask_rows(dims: RowsDims, src: Floats, out: Floats, mask: Floats): void {
  const { rows, cols: D, batch: B, src_off, out_off } = dims;
  for (let r = 0; r < rows; r++) {
    const m0 = (r % B) * D;
    const s0 = src_off + r * D;
    const o0 = out_off + r * D;
    // Adding, the kernel rounds the product to f32 first, then the sum.
    if (dims.accumulate) for (let d = 0; d < D; d++) out[o0 + d] += roundAs(out, src[s0 + d] * mask[m0 + d]);
    else for (let d = 0; d < D; d++) out[o0 + d] = src[s0 + d] * mask[m0 + d];
  }
}

/**
 * sum_rows(dims, src, out): column sums, the bias gradient of a layer applied to every row
 *   out [D] = Σ_r src [rows, D]      (overwrites, not +=)
 * Summed row by row in out's own precision (f32 in the engine, f64 in the gradient check); the
 * kernel keeps four f32 partial sums per column, so the two agree to rounding, not bits.
 */
export function sum_rows(dims: RowsDims, src: Floats, out: Floats): void {
  const { rows, cols: D, src_off, out_off } = dims;
  out.fill(0, out_off, out_off + D);
  for (let r = 0; r < rows; r++) {
    const s0 = src_off + r * D;
    for (let d = 0; d < D; d++) out[out_off + d] += src[s0 + d];
  }
}

/** Where entry i of hd [B, dirs·H] sits in h or dH [T·B, dirs·H]. */
function lastPlace(dims: LastDims, i: number): number {
  const W = dims.units * dims.directions;
  const b = Math.floor(i / W);
  const col = i % W;
  const pos = Math.floor(col / dims.units) === 1 ? 0 : dims.steps - 1;
  return (pos * dims.batch + b) * W + col;
}

/** last_hidden(dims, h, mask, hd): hd [B, dirs·H] = each direction's last h ⊙ mask [B, dirs·H]. */
export function last_hidden(dims: LastDims, h: Floats, mask: Floats, hd: Floats): void {
  const n = dims.batch * dims.units * dims.directions;
  for (let i = 0; i < n; i++) hd[i] = h[lastPlace(dims, i)] * mask[i];
}

/** last_hidden_backward(dims, dhd, mask, dH): dhd ⊙ mask to where last_hidden read h from. */
export function last_hidden_backward(dims: LastDims, dhd: Floats, mask: Floats, dH: Floats): void {
  const n = dims.batch * dims.units * dims.directions;
  for (let i = 0; i < n; i++) dH[lastPlace(dims, i)] = dhd[i] * mask[i];
}
