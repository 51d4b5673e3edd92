import { createReferenceBackend } from '../src/engine/reference/backend';
import { initWeights } from '../src/engine/reference/init';
import { modelShape } from '../src/model/params';
import { backendMsPerStep } from './backendStep';
import { type BenchRun, benchConfig, benchDataset } from './configs';
import type { Repetitions } from './timing';

/** Seed of the initial weights every engine of ours starts from (Keras init, reference/init.ts). */
export const WEIGHT_SEED = 42;

/** Median ms per step of our reference engine (plain TS on the CPU), in this thread. */
export async function measureOursCpu(run: BenchRun, reps: Repetitions): Promise<number> {
  const weights = initWeights(modelShape(run.layers, run.features, run.outputs), WEIGHT_SEED);
  const backend = createReferenceBackend(benchConfig(run), benchDataset(run), weights);
  try {
    return await backendMsPerStep(backend, run, reps, 1);
  } finally {
    backend.dispose();
  }
}
