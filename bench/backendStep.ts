import type { Backend, BackendInfo } from '../src/engine/contracts/backend';
import { type BenchRun, batchRows } from './configs';
import { type StepPlan, timeSteps } from './timing';

export type { StepPlan } from './timing';

export interface BackendTimings {
  /** From `open` to the first step's loss back on the CPU (start-up included). */
  firstStepMs: number;
  msPerStep: number;
  /** Steps in each timed repetition, as the plan's rule chose them for this engine. */
  stepsPerRep: number;
  repsMsPerStep: number[];
  info: BackendInfo;
}

/**
 * Times one of our backends: opening it (for WebGPU: autotuning and pipeline compilation) and
 * its first step, then the median ms per step (timing.ts's plan). A repetition enqueues its steps and
 * ends with takeLosses, which waits for the losses to come back: on WebGPU the GPU's work is
 * inside the time, and steps may overlap with the CPU's encoding as they do in a real epoch.
 */
export async function backendTimings(
  open: () => Backend | Promise<Backend>,
  run: BenchRun,
  plan: StepPlan,
): Promise<BackendTimings> {
  const start = performance.now();
  const backend = await open();
  let step = 0;
  const steps = async (count: number) => {
    for (let s = 0; s < count; s++, step++) backend.trainStep(batchRows(run, step), step);
    const losses = await backend.takeLosses();
    if (losses.length !== count) throw new Error(`expected ${count} losses, got ${losses.length}`);
    if (!losses.every(Number.isFinite))
      throw new Error(`non-finite loss in ${run.name}: ${losses.join(', ')}`);
  };
  try {
    await steps(1);
    const firstStepMs = performance.now() - start;
    const timing = await timeSteps(steps, plan);
    return { firstStepMs, ...timing, info: backend.info };
  } finally {
    backend.dispose();
  }
}
