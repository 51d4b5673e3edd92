import { describe, expect, it } from 'vitest';
import { fitScale, standardizeTargets } from './scaler';
import type { Split } from './types';

describe('fitScale', () => {
  it('gives the mean and the population standard deviation', () => {
    expect(fitScale([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
  });

  it('looks only at values[from..to)', () => {
    expect(fitScale([100, 1, 3, -100], 1, 3)).toEqual({ mean: 2, std: 1 });
  });

  it('gives a constant column std 1, and an empty range the identity', () => {
    expect(fitScale([3, 3, 3])).toEqual({ mean: 3, std: 1 });
    expect(fitScale([1, 2], 1, 1)).toEqual({ mean: 0, std: 1 });
    expect(fitScale([])).toEqual({ mean: 0, std: 1 });
  });

  it('counts a spread of 1e-12 or less as constant, and a wider one as a spread', () => {
    // ±1e-12 around 0: std exactly 1e-12, scaled by 1; ±2e-12: std 2e-12, kept.
    expect(fitScale([-1e-12, 1e-12])).toEqual({ mean: 0, std: 1 });
    expect(fitScale([-2e-12, 2e-12])).toEqual({ mean: 0, std: 2e-12 });
  });
});

describe('standardizeTargets', () => {
  it('z-scores both splits with the training targets alone', () => {
    const split = (y: number[]): Split => ({ x: new Float32Array(0), y: Float32Array.from(y), n: y.length });
    const train = split([1, 3]);
    const val = split([5, 2]);
    expect(standardizeTargets(train, val)).toEqual({ mean: 2, std: 1 });
    expect(Array.from(train.y)).toEqual([-1, 1]);
    expect(Array.from(val.y)).toEqual([3, 0]);
  });
});
