import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LIMITS } from '../model/config';
import { DataError } from './dataError';
import { allocateSplit, checkInputSize, syntheticCounts } from './splits';

describe('syntheticCounts', () => {
  it('adds validation windows so they are valFraction of the whole', () => {
    const dataset = { ...DEFAULT_CONFIG.dataset, trainSize: 600, valFraction: 0.25 };
    expect(syntheticCounts(dataset)).toEqual({ nTrain: 600, nVal: 200 });
  });

  it('keeps at least 128 validation windows and at least one training window', () => {
    expect(syntheticCounts({ ...DEFAULT_CONFIG.dataset, trainSize: 32, valFraction: 0.3 })).toEqual({
      nTrain: 32,
      nVal: 128,
    });
    expect(syntheticCounts({ ...DEFAULT_CONFIG.dataset, trainSize: 0, valFraction: 0.5 })).toEqual({
      nTrain: 1,
      nVal: 128,
    });
  });
});

describe('the input size limit', () => {
  it('allocates a zeroed split of x [n, T, F] and y [n, K]', () => {
    const split = allocateSplit(3, 4, 2, 5, 'training');
    expect(split.n).toBe(3);
    expect(split.x).toEqual(new Float32Array(24));
    expect(split.y).toEqual(new Float32Array(15));
  });

  it('takes a split of exactly the limit', () => {
    expect(() => checkInputSize(LIMITS.maxInputElements, 1, 1, 'training')).not.toThrow();
  });

  it('refuses one number more, naming the split, the product and the knobs to lower', () => {
    const n = LIMITS.maxInputElements + 1;
    expect(() => allocateSplit(n, 1, 1, 1, 'validation')).toThrow(DataError);
    expect(() => checkInputSize(n, 1, 1, 'validation')).toThrow(
      `The validation split would hold ${n.toLocaleString('en')} windows × 1 timesteps × 1 features = ` +
        `${n.toLocaleString('en')} numbers, over the limit of ${LIMITS.maxInputElements.toLocaleString('en')}. ` +
        'Lower trainSize or timesteps.',
    );
  });
});
