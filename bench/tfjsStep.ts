import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import './tfjsWasm';
import type { Weights } from '../src/model/params';
import type { StepPlan } from './backendStep';
import type { BenchRun } from './configs';
import { buildTfjsModel, disposeBatch, tfjsBatch, tfjsBatchLoss } from './tfjsModel';
import { timeSteps } from './timing';

export type TfjsBackendName = 'webgpu' | 'cpu' | 'wasm';

export interface TfjsTimings {
  /** tf.setBackend (its first call in the page sets up the backend), model build and compile, first trainOnBatch. */
  firstStepMs: number;
  msPerStep: number;
  stepsPerRep: number;
  repsMsPerStep: number[];
  /** The loss of batch 0 with `check`'s weights, after the timing (lossCheck.ts), if asked. */
  checkLoss?: number;
}

/**
 * The peer: the same network in TensorFlow.js layers (tfjsModel.ts; R4's attention and R5's
 * decoder layers of TF.js ops, whose backward TF.js's autodiff takes), trained one batch per step with
 * trainOnBatch (a model.fit of one batch without fit's per-epoch callbacks). recurrentActivation
 * 'sigmoid' and unitForgetBias as Keras 2.3+ (tfjs defaults to hardSigmoid and no forget bias).
 * trainOnBatch resolves with the loss read back, so each step's GPU work is inside its time; a
 * repetition's steps are chosen by the same rule as ours (timing.ts).
 */
export async function tfjsTimings(
  run: BenchRun,
  backend: TfjsBackendName,
  plan: StepPlan,
  check?: Weights,
): Promise<TfjsTimings> {
  const start = performance.now();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  const model = buildTfjsModel(run);
  const batch = tfjsBatch(run);
  const { xs, y } = batch;
  try {
    await model.trainOnBatch(xs, y);
    const firstStepMs = performance.now() - start;
    const timing = await timeSteps(async (count) => {
      for (let s = 0; s < count; s++) await model.trainOnBatch(xs, y);
    }, plan);
    const checkLoss = check ? await tfjsBatchLoss(model, run, check) : undefined;
    return { firstStepMs, ...timing, ...(checkLoss === undefined ? {} : { checkLoss }) };
  } finally {
    disposeBatch(batch);
    model.dispose();
  }
}
