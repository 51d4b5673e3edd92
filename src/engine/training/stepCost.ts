import type { Config } from '../../model/config';
import { type DescribedData, describedStepFlops } from '../../model/layers';
import { engineShapeOf, layersOf, type ModelShape } from '../../model/params';

/**
 * What one training step costs, and whether the CPU engine may take a config on. A step of the
 * CPU engine is one uninterrupted piece of work (the trainer checks Pause between steps), so a
 * config whose step takes minutes could not be paused, and its first epoch would show nothing for
 * an hour. Such a config is refused before it starts, naming the knob to lower and a value that fits.
 */

/**
 * Matmul FLOPs of one training step (2 per multiply-add), each layer counted by its kind
 * (model/layers.ts's LAYER_KINDS): a recurrent layer by its cell's gates and per direction (the input
 * projection and the recurrent product forward, their gradients backward, no input gradient for the
 * first layer), the head once per window. bench/flops.ts reports the same count; elementwise work
 * is small beside it.
 */
export function trainingStepFlops(shape: ModelShape, batch: number, timesteps: number): number {
  return describedStepFlops(layersOf(shape), batch, timesteps);
}

/**
 * The largest step the CPU engine takes on: 1.5 GFLOP. The CPU engine does ~1.65 GFLOP/s in
 * Chromium on this project's 2-core machine (npm run bench, R2: 1.13 GFLOP in 684 ms) and ~0.75
 * when the machine is busy, so a step at the limit takes about 1-2 s there and less on a newer
 * laptop. The keras-seed preset (1.13 GFLOP) stays under it.
 */
export const MAX_CPU_STEP_FLOPS = 1.5e9;

export type HeavyKnob = 'batchSize' | 'timesteps' | 'units';

export interface TooHeavy {
  stepFlops: number;
  limitFlops: number;
  /** One knob lowered alone to a value that fits, the gentlest first; null when none fits alone. */
  suggestion: { knob: HeavyKnob; value: number; config: Config } | null;
}

/** The CPU engine will not take this config on (the worker tells the page, which words it). */
export class ConfigTooHeavyError extends Error {
  /** Why the CPU engine was to run it (WebGPU missing, or the config over the GPU's limits). */
  fallbackReason?: string;

  constructor(readonly verdict: TooHeavy) {
    const gflop = (f: number) => (f / 1e9).toFixed(1);
    const hint = verdict.suggestion
      ? `; ${verdict.suggestion.knob} ${verdict.suggestion.value} would fit`
      : '';
    super(
      `one training step needs ${gflop(verdict.stepFlops)} GFLOP, over the CPU engine's limit of ` +
        `${gflop(verdict.limitFlops)} GFLOP (it could not pause in between)${hint}`,
    );
    this.name = 'ConfigTooHeavyError';
  }
}

/** The CPU engine's verdict on a config for data of this width (null: it may run). */
export function cpuStepTooHeavy(
  config: Config,
  dataset: Omit<DescribedData, 'task'> & { timesteps: number; trainRows: number },
): TooHeavy | null {
  const batch = Math.max(1, Math.min(config.batchSize, dataset.trainRows));
  // The model the engines would train: its attention, or an encoder–decoder's decoder, counted too.
  const cost = (layers: number[], b: number, t: number) =>
    trainingStepFlops(engineShapeOf({ ...config, layers }, dataset), b, t);
  const stepFlops = cost(config.layers, batch, dataset.timesteps);
  if (stepFlops <= MAX_CPU_STEP_FLOPS) return null;
  const fits = (layers: number[], b: number, t: number) => cost(layers, b, t) <= MAX_CPU_STEP_FLOPS;
  // Largest value in [min, current) that fits, by bisection (cost grows with each knob).
  const largest = (min: number, current: number, fitsAt: (v: number) => boolean): number | null => {
    if (current <= min || !fitsAt(min)) return null;
    let lo = min;
    let hi = current;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fitsAt(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const widest = Math.max(...config.layers);
  const scaled = (u: number) => config.layers.map((units) => Math.max(1, Math.round((units * u) / widest)));
  // Batch size first (the model stays the same), then the sequence length, then the units.
  const candidates: [HeavyKnob, number | null][] = [
    ['batchSize', largest(8, batch, (b) => fits(config.layers, b, dataset.timesteps))],
    ['timesteps', largest(8, dataset.timesteps, (t) => fits(config.layers, batch, t))],
    ['units', largest(4, widest, (u) => fits(scaled(u), batch, dataset.timesteps))],
  ];
  const found = candidates.find(([, value]) => value !== null);
  const lowered = (knob: HeavyKnob, value: number): Config => {
    if (knob === 'batchSize') return { ...config, batchSize: value };
    if (knob === 'timesteps') return { ...config, dataset: { ...config.dataset, timesteps: value } };
    return { ...config, layers: scaled(value) };
  };
  return {
    stepFlops,
    limitFlops: MAX_CPU_STEP_FLOPS,
    suggestion: found ? { knob: found[0], value: found[1]!, config: lowered(found[0], found[1]!) } : null,
  };
}
