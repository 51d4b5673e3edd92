import { Prng } from '../src/data/prng';
import { createReferenceBackend } from '../src/engine/reference/backend';
import { allocWeights, type Weights, weightTensors } from '../src/model/params';
import { type BenchRun, batchRows, benchConfig, benchDataset, benchShape } from './configs';
import type { LossCheck } from './result';
import type { TfjsTimings } from './tfjsStep';

/**
 * Is TF.js's model ours? For a run whose TF.js model we wrote part of ourselves (R4's attention
 * layer, tfjsModel.ts), each TF.js backend computes the loss of batch 0 with our weights, and the
 * result records how far it is from our reference engine's loss on the same weights and batch.
 * The weights: every tensor uniform in ±0.5, where the loss depends on the attention (with the
 * Keras init the states are small and the attention nearly uniform: replacing it by uniform
 * weights moves that loss by 4e-5 relative only, against 3.6% here; bench.test.ts).
 */
export const LOSS_CHECK_SEED = 5;

/**
 * Above this relative difference a repeat notes that TF.js's model is not ours. Measured on tfjs
 * cpu in Node: 6.1e-8 on these weights (bench.test.ts, which holds it to 20× its measured error);
 * the browser backends' own float math (WebGPU on SwiftShader, wasm SIMD) is given room up to
 * 1e-4, which is still 90× below what dropping the attention's tanh moves it by (0.9%).
 */
export const LOSS_CHECK_NOTE = 1e-4;

/** Whether the run gets the check: the runs with attention or a decoder, whose TF.js layer is ours. */
export const checksLoss = (run: BenchRun): boolean => run.attention !== 'none' || run.decoder !== undefined;

/** Our weights for the check: allocated for the run's shape, every tensor uniform in [-0.5, 0.5). */
export function checkWeights(run: BenchRun, seed = LOSS_CHECK_SEED): Weights {
  const w = allocWeights(benchShape(run));
  const rng = new Prng(seed);
  for (const t of weightTensors(w)) for (let i = 0; i < t.length; i++) t[i] = rng.uniform(-0.5, 0.5);
  return w;
}

/** Our reference engine's first training loss on batch 0 (the forward before the update). */
export async function oursBatchLoss(run: BenchRun, weights: Weights): Promise<number> {
  const backend = createReferenceBackend(benchConfig(run), benchDataset(run), weights);
  try {
    backend.trainStep(batchRows(run, 0), 0);
    const [loss] = await backend.takeLosses();
    return loss;
  } finally {
    backend.dispose();
  }
}

/**
 * Is TF.js's model ours: each backend's loss of batch 0 on the check's weights
 * against our reference engine's; a difference over LOSS_CHECK_NOTE is noted.
 */
export async function compareLosses(
  run: BenchRun,
  check: Weights,
  tfjs: Record<keyof LossCheck['relativeError'], TfjsTimings | null>,
  notes: string[],
): Promise<LossCheck> {
  const ours = await oursBatchLoss(run, check);
  const relative = (t: TfjsTimings | null) =>
    t?.checkLoss === undefined ? null : Math.abs(t.checkLoss - ours) / Math.abs(ours);
  const relativeError = {
    tfjsWebgpu: relative(tfjs.tfjsWebgpu),
    tfjsCpu: relative(tfjs.tfjsCpu),
    tfjsWasm: relative(tfjs.tfjsWasm),
  };
  for (const [backend, error] of Object.entries(relativeError))
    if (error !== null && !(error <= LOSS_CHECK_NOTE))
      notes.push(
        `${backend}: its loss on our weights is ${error.toExponential(1)} off ours: not the same model`,
      );
  return { ours, relativeError };
}
