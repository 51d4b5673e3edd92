import type { Backend } from '../src/engine/backend';
import { type BenchRun, batchRows } from './configs';
import { medianMsPerUnit, type Repetitions } from './timing';

/**
 * Median ms per training step of one of our backends. A repetition enqueues `stepsPerRep` steps
 * and ends with takeLosses, which waits for the losses to come back: on WebGPU the GPU's work is
 * inside the time, and steps may overlap with the CPU's encoding as they do in a real epoch.
 */
export async function backendMsPerStep(
  backend: Backend,
  run: BenchRun,
  reps: Repetitions,
  stepsPerRep: number,
): Promise<number> {
  let step = 0;
  return medianMsPerUnit(
    async () => {
      for (let s = 0; s < stepsPerRep; s++, step++) backend.trainStep(batchRows(run, step), step);
      const losses = await backend.takeLosses();
      if (losses.length !== stepsPerRep)
        throw new Error(`expected ${stepsPerRep} losses, got ${losses.length}`);
      if (!losses.every(Number.isFinite))
        throw new Error(`non-finite loss in ${run.name}: ${losses.join(', ')}`);
    },
    reps,
    stepsPerRep,
  );
}
