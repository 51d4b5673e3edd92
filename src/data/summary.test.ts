import { describe, expect, it } from 'vitest';
import { summarizeDataset } from './summary';
import type { Dataset } from './types';

/** A hand-made dataset: one or two training windows, values chosen so each rule shows. */
function dataset(over: Partial<Dataset>): Dataset {
  const split = { n: 1, x: Float32Array.of(0, 1, 2, 3, 4, 5), y: Float32Array.of(0.5, -1) };
  return {
    name: 'hand',
    task: 'regression',
    timesteps: 3,
    features: 2,
    outputs: 2,
    train: split,
    val: { n: 0, x: new Float32Array(0), y: new Float32Array(0) },
    featureNames: ['a', 'b'],
    description: 'made by hand',
    ...over,
  };
}

describe('summarizeDataset preview', () => {
  it('a target that is an input: its own history and the targets, both in real units', () => {
    // x rows [0, 1], [2, 3], [4, 5]; feature 1 is 1, 3, 5 → ·2 + 10 = 12, 16, 20. y 0.5, −1 → 11, 8.
    const s = summarizeDataset(dataset({ targetFeature: 1, targetScale: { mean: 10, std: 2 } }));
    expect(s.preview).toEqual({ series: [12, 16, 20], target: [11, 8] });
    expect(s.text).toBe(false);
    expect(s).not.toHaveProperty('classNames');
  });

  it('no target feature: the first feature as scaled, the targets unscaled', () => {
    const s = summarizeDataset(dataset({ outputs: 1, targetScale: { mean: 1, std: 2 } }));
    expect(s.preview).toEqual({ series: [0, 2, 4], target: [2] }); // 0.5·2 + 1
  });

  it('no target scale: values as they are', () => {
    const s = summarizeDataset(dataset({ targetFeature: 1 }));
    expect(s.preview).toEqual({ series: [1, 3, 5], target: [0.5, -1] });
  });

  it('classification: the target stays one-hot; a vocabulary marks the set as text', () => {
    const ds = dataset({
      task: 'classification',
      outputs: 3,
      train: { n: 1, x: Float32Array.of(0, 1, 2, 3, 4, 5), y: Float32Array.of(0, 1, 0) },
      targetScale: { mean: 5, std: 3 },
      classNames: ['x', 'y', 'z'],
      vocabulary: ['a', 'b'],
    });
    const s = summarizeDataset(ds);
    expect(s.preview).toEqual({ series: [0, 2, 4], target: [0, 1, 0] });
    expect([s.text, s.classNames]).toEqual([true, ['x', 'y', 'z']]);
  });

  it('an empty training split previews nothing', () => {
    const empty = { n: 0, x: new Float32Array(0), y: new Float32Array(0) };
    const s = summarizeDataset(dataset({ train: empty, targetFeature: 0 }));
    expect(s.preview).toEqual({ series: [], target: [] });
    expect([s.trainSize, s.valSize]).toEqual([0, 0]);
  });
});
