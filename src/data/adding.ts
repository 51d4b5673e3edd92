import type { DatasetConfig } from '../model/config';
import type { Prng } from './prng';
import { standardizeTargets } from './scaler';
import { allocateSplit, syntheticCounts } from './splits';
import type { Dataset, Split } from './types';

/** Standard deviation of U[0,1]: noise is given in units of the values' own spread. */
const VALUE_STD = Math.sqrt(1 / 12);

/**
 * The adding problem (Hochreiter & Schmidhuber 1997): x_t = [value in [0,1], marker]. Exactly two
 * steps are marked, one in the first half and one in the second, so the first must be carried
 * across at least T/2 steps; the target is the sum of the two marked (clean) values. Noise is
 * added to the value channel only. x [n, T, 2], y [n, 1] z-scored on the training targets.
 */
export function buildAdding(config: DatasetConfig, prng: Prng): Dataset {
  const T = config.timesteps;
  const { nTrain, nVal } = syntheticCounts(config);
  const train = fill(allocateSplit(nTrain, T, 2, 1, 'training'), T, config.noise, prng.fork(0));
  const val = fill(allocateSplit(nVal, T, 2, 1, 'validation'), T, config.noise, prng.fork(1));
  const targetScale = standardizeTargets(train, val);
  return {
    name: 'adding',
    task: 'regression',
    timesteps: T,
    features: 2,
    outputs: 1,
    train,
    val,
    featureNames: ['value', 'marker'],
    targetScale,
    description: `The adding problem: sum the two marked values, one in each half of ${T} steps.`,
  };
}

function fill(split: Split, T: number, noise: number, rng: Prng): Split {
  const half = Math.floor(T / 2);
  for (let i = 0; i < split.n; i++) {
    const first = rng.int(half);
    const second = half + rng.int(T - half);
    let sum = 0;
    for (let t = 0; t < T; t++) {
      const value = rng.next();
      const marked = t === first || t === second;
      if (marked) sum += value;
      split.x[(i * T + t) * 2] = value + (noise > 0 ? noise * VALUE_STD * rng.normal() : 0);
      split.x[(i * T + t) * 2 + 1] = marked ? 1 : 0;
    }
    split.y[i] = sum;
  }
  return split;
}
