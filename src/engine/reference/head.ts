import { matmul } from './matmul';
import type { Floats } from './types';

/**
 * The Dense head on the last timestep's (dropped-out) hidden state.
 *
 * dense_forward(out, inp, weight, bias, B, C, K)
 *   out [B, K] = inp [B, C] · weight [C, K] + bias [K]
 *
 * dense_backward(dinp, dweight, dbias, dout, inp, weight, B, C, K)   all three ACCUMULATE (+=)
 *   dweight [C, K] += inpᵀ · dout
 *   dbias   [K]    += Σ_b dout[b, ·]
 *   dinp    [B, C] += dout · weightᵀ      (null: not needed)
 *   dout [B, K]; inp [B, C]; weight [C, K]
 */
export function dense_forward(
  out: Floats,
  inp: Floats,
  weight: Floats,
  bias: Floats,
  B: number,
  C: number,
  K: number,
): void {
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < K; k++) out[b * K + k] = bias[k];
  }
  matmul(out, inp, weight, B, K, C, false, false, true);
}

export function dense_backward(
  dinp: Floats | null,
  dweight: Floats,
  dbias: Floats,
  dout: Floats,
  inp: Floats,
  weight: Floats,
  B: number,
  C: number,
  K: number,
): void {
  matmul(dweight, inp, dout, C, K, B, true, false, true);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < K; k++) dbias[k] += dout[b * K + k];
  }
  if (dinp) matmul(dinp, dout, weight, B, C, K, false, true, true);
}
