import { Prng } from '../../../src/data/prng';
import type { Dataset, Task } from '../../../src/data/types';

/**
 * A dataset of seeded noise for engine tests: x [n, T, F] standard normal; y one-hot of a random
 * class (classification) or standard normal targets (regression). The validation split holds
 * ceil(n / 3) rows. Nothing to learn: the tests compare engines, not what they learn.
 */
export function randomDataset(task: Task, n: number, T: number, F: number, K: number, seed: number): Dataset {
  const rng = new Prng(seed);
  const split = (rows: number) => {
    const x = new Float32Array(rows * T * F).map(() => rng.normal());
    const y = new Float32Array(rows * K);
    for (let r = 0; r < rows; r++) {
      if (task === 'classification') y[r * K + rng.int(K)] = 1;
      else for (let k = 0; k < K; k++) y[r * K + k] = rng.normal();
    }
    return { n: rows, x, y };
  };
  return {
    name: 'random',
    task,
    timesteps: T,
    features: F,
    outputs: K,
    train: split(n),
    val: split(Math.ceil(n / 3)),
    featureNames: [],
    description: 'random test data',
  };
}
