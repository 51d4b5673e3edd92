import type { DatasetConfig } from '../model/config';
import type { Prng } from './prng';
import { allocateSplit, syntheticCounts } from './splits';
import type { Dataset, Split } from './types';

/** Timesteps per cycle of the base frequency; each window's frequency is jittered around it. */
const BASE_PERIOD = 16;
const FREQUENCY_JITTER = 0.3;
/** Standard deviation of a unit sine: noise is given in units of the clean signal's spread. */
const SINE_STD = Math.SQRT1_2;

/**
 * Noisy sine forecasting: each window is T steps of sin(ωt + φ) + noise, with a random phase and a
 * frequency within ±30% of the base; the target is the next observed (noisy) value of the same
 * series, so noise both hides the signal and sets a floor under the loss. x [n, T, 1], y [n, 1].
 */
export function buildSine(config: DatasetConfig, prng: Prng): Dataset {
  const T = config.timesteps;
  const { nTrain, nVal } = syntheticCounts(config);
  // Separate streams per split: changing valFraction leaves the training windows as they were.
  const train = fill(allocateSplit(nTrain, T, 1, 1, 'training'), T, config.noise, prng.fork(0));
  const val = fill(allocateSplit(nVal, T, 1, 1, 'validation'), T, config.noise, prng.fork(1));
  return {
    name: 'sine',
    task: 'regression',
    timesteps: T,
    features: 1,
    outputs: 1,
    train,
    val,
    featureNames: ['value'],
    // The sine is already unit-scale: scaling it would only hide the units.
    targetScale: { mean: 0, std: 1 },
    targetFeature: 0,
    description: `Noisy sine waves (period ≈ ${BASE_PERIOD} steps, random phase): forecast the next value.`,
  };
}

function fill(split: Split, T: number, noise: number, rng: Prng): Split {
  const noiseStd = noise * SINE_STD;
  for (let i = 0; i < split.n; i++) {
    const omega = ((2 * Math.PI) / BASE_PERIOD) * (1 + rng.uniform(-FREQUENCY_JITTER, FREQUENCY_JITTER));
    const phase = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t <= T; t++) {
      const value = Math.sin(omega * t + phase) + noiseStd * rng.normal();
      if (t < T) split.x[i * T + t] = value;
      else split.y[i] = value;
    }
  }
  return split;
}
