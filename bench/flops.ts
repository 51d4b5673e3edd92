import { trainingStepFlops } from '../src/engine/training/stepCost';
import { type BenchRun, benchShape } from './configs';

/**
 * Matmul FLOPs of one training step, counted from the shapes (2 FLOPs per multiply-add): the
 * engine's own count (engine/training/stepCost.ts, each layer by its kind in model/layers.ts).
 * B batch, T timesteps, per layer l and direction: F_l input width, H_l units (G·H gate columns:
 * G = 4 LSTM, 3 GRU, 1 SimpleRNN); K outputs.
 *
 *   forward projection  Zx = X·W            2·T·B·F·GH
 *   recurrent forward   h_{t-1}·U, all t     2·T·B·H·GH
 *   backward            dh_rec = dZ·Uᵀ       2·T·B·GH·H
 *   input gradient      dX = dZ·Wᵀ           2·T·B·GH·F   (layers l ≥ 1 only: layer 0 needs no dX)
 *   weight gradients    dW = Xᵀ·dZ           2·T·B·F·GH
 *                       dU = Hprevᵀ·dZ       2·T·B·H·GH
 *   head                logits, dWd, dhL     3 · 2·B·H_out·K   (H_out = H_last · directions)
 *   attention (R4)      its LAYER_KINDS entry: additive, over rows = B·T, D states wide, A hidden:
 *                       scores W·h_t, v·tanh 2·rows·(D·A + A); weighted sum 2·rows·D;
 *                       dα, α·dc 2·2·rows·D; Wᵀ·du, dW, dv 2·rows·(2·D·A + A)
 *   decoder (R5)        its LAYER_KINDS entry, over rows = B·T_out, T = T_in, D = H, V symbols:
 *                       LSTM 2·rows·4H·(2·(V+1) + 3·H); query s·Wa, dWa, dq·Waᵀ 3·2·rows·H·D;
 *                       scores, context and their backward 2·rows·T·D·6; combine 3·2·rows·(D+H)·H;
 *                       the head over the T_out − 1 steps the Dense entry does not count
 *
 * Elementwise work (gates, loss, Adam) is left out: it is small beside these and is not what a
 * GEMM roofline measures. R1 ≈ 0.159 GFLOP, R2 ≈ 1.13 GFLOP, R3 ≈ 0.238 GFLOP, R4 ≈ 0.199
 * GFLOP.
 */
export function stepMatmulFlops(run: BenchRun): number {
  return trainingStepFlops(benchShape(run), run.batchSize, run.timesteps);
}

/** FLOPs of an M×K by K×N GEMM. */
export function gemmFlops(m: number, n: number, k: number): number {
  return 2 * m * n * k;
}
