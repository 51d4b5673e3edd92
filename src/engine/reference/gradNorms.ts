import type { NormDims } from '../contracts/dims';

export type { NormDims } from '../contracts/dims';

import type { Floats } from './types';

/**
 * grad_norm_steps(dims, grad, acc): the twin of the entry point of the same name in
 * shaders/grad_norms.wgsl, the same buffers in its binding order.
 *   grad [rows, cols] a cell's dc_steps or dh_steps (rows t·B + b, cols the units)
 *   acc  [rows]       acc[r] += ‖grad[r, ·]‖₂, summed over the training steps of an epoch
 * The squares are summed over the units in order (the kernel in f32 with fma, this in f64); acc is
 * f32 in the engine, so each step's addition rounds as the kernel's does.
 */

export function grad_norm_steps(dims: NormDims, grad: Floats, acc: Floats): void {
  const { rows, cols } = dims;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += grad[base + j] * grad[base + j];
    acc[r] += Math.sqrt(sum);
  }
}
