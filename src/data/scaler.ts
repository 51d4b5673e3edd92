import type { Split } from './types';

/** A z-score: scaled = (value − mean) / std. */
export interface Scale {
  mean: number;
  std: number;
}

/**
 * Mean and standard deviation of values[from..to). Callers pass only the training part, so
 * nothing of the validation part leaks into the scaling. A constant column gets std 1.
 */
export function fitScale(values: ArrayLike<number>, from = 0, to = values.length): Scale {
  const count = to - from;
  if (count <= 0) return { mean: 0, std: 1 };
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  const mean = sum / count;
  let squares = 0;
  for (let i = from; i < to; i++) squares += (values[i] - mean) ** 2;
  const std = Math.sqrt(squares / count);
  return { mean, std: std > 1e-12 ? std : 1 };
}

/** Z-scores single-output regression targets in place, with the training targets' statistics. */
export function standardizeTargets(train: Split, val: Split): Scale {
  const scale = fitScale(train.y);
  for (const split of [train, val]) {
    for (let i = 0; i < split.y.length; i++) split.y[i] = (split.y[i] - scale.mean) / scale.std;
  }
  return scale;
}
