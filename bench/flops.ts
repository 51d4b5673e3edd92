import { GATES_OF } from '../src/model/params';
import type { BenchRun } from './configs';

/**
 * Matmul FLOPs of one training step, counted from the shapes (2 FLOPs per multiply-add).
 * B batch, T timesteps, per layer l and direction: F_l input width, H_l units (G·H gate columns:
 * G = 4 LSTM, 3 GRU, 1 SimpleRNN); K outputs.
 *
 *   forward projection  Zx = X·W            2·T·B·F·4H
 *   recurrent forward   h_{t-1}·U, all t     2·T·B·H·4H
 *   backward            dh_rec = dZ·Uᵀ       2·T·B·4H·H
 *   input gradient      dX = dZ·Wᵀ           2·T·B·4H·F   (layers l ≥ 1 only: layer 0 needs no dX)
 *   weight gradients    dW = Xᵀ·dZ           2·T·B·F·4H
 *                       dU = Hprevᵀ·dZ       2·T·B·H·4H
 *   head                logits, dWd, dhL     3 · 2·B·H_last·K
 *
 * Elementwise work (gates, loss, Adam) is left out: it is small beside these and is not what a
 * GEMM roofline measures. R1 ≈ 0.159 GFLOP, R2 ≈ 1.13 GFLOP, R3 ≈ 0.238 GFLOP.
 */
export function stepMatmulFlops(run: BenchRun): number {
  const { batchSize: B, timesteps: T } = run;
  const G = GATES_OF[run.cell];
  const directions = run.bidirectional ? 2 : 1;
  let flops = 0;
  run.layers.forEach((H, l) => {
    const F = l === 0 ? run.features : run.layers[l - 1] * directions;
    const rows = T * B;
    const projection = 2 * rows * F * G * H;
    const recurrent = 2 * rows * H * G * H;
    let layer = projection + recurrent; // forward
    layer += recurrent; // dZ·Uᵀ
    if (l > 0) layer += projection; // dZ·Wᵀ
    layer += projection + recurrent; // dW, dU
    flops += directions * layer;
  });
  const hidden = run.layers[run.layers.length - 1] * directions;
  return flops + 3 * 2 * B * hidden * run.outputs;
}

/** FLOPs of an M×K by K×N GEMM. */
export function gemmFlops(m: number, n: number, k: number): number {
  return 2 * m * n * k;
}
