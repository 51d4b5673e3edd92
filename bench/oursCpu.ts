import { createReferenceBackend } from '../src/engine/reference/backend';
import { initWeights } from '../src/engine/reference/init';
import { type BackendTimings, backendTimings, type StepPlan } from './backendStep';
import { type BenchRun, benchConfig, benchDataset, benchShape } from './configs';

/** Seed of the initial weights every engine of ours starts from (Keras init, reference/init.ts). */
export const WEIGHT_SEED = 42;

/** Our reference engine (plain TS on the CPU), in this thread: first step and median ms per step. */
export async function measureOursCpu(run: BenchRun, plan: StepPlan): Promise<BackendTimings> {
  const weights = initWeights(benchShape(run), WEIGHT_SEED);
  return backendTimings(
    () => createReferenceBackend(benchConfig(run), benchDataset(run), weights),
    run,
    plan,
  );
}
