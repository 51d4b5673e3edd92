import { describe, expect, it } from 'vitest';
import { inputLines, insideMarkers, markedSteps } from './insideInput';

// A window of 3 steps × 2 features, step-major: feature 0 is 2, 4, 3; feature 1 is 0, 1, 0.
const x = Float32Array.from([2, 0, 4, 1, 3, 0]);

describe('the input strip: each feature scaled to its own range in the window', () => {
  it('maps each feature from its minimum (0) to its maximum (1)', () => {
    // Feature 0: (2 − 2)/2, (4 − 2)/2, (3 − 2)/2; feature 1 runs 0..1 already.
    expect(inputLines(x, 3, 2, 8)).toEqual([
      [0, 1, 0.5],
      [0, 1, 0],
    ]);
  });

  it('draws only the first `max` features', () => {
    expect(inputLines(x, 3, 2, 1)).toEqual([[0, 1, 0.5]]);
  });

  it('a flat feature sits in the middle, with negative values scaled too', () => {
    const flat = Float32Array.from([-1, 7, -3, 7, -2, 7]);
    expect(inputLines(flat, 3, 2, 2)).toEqual([
      [1, 0, 0.5],
      [0.5, 0.5, 0.5],
    ]);
  });
});

describe('the marked steps of the adding problem', () => {
  // The adding problem: feature 0 the value, feature 1 the marker (1 on the two marked steps).
  const adding = Float32Array.from([0.3, 0, 0.9, 1, 0.1, 0, 0.5, 1, 1, 0]);

  it('lists the steps whose marker is exactly 1', () => {
    expect(markedSteps(adding, 5, 2, 1)).toEqual([1, 3]);
    // Feature 0 holds a 1 at step 4, which is a value, not a marker.
    expect(markedSteps(adding, 5, 2, 0)).toEqual([4]);
  });

  it('marks them on the adding problem only, by its feature named "marker"', () => {
    const probe = { input: adding, activations: { steps: 5 } };
    const dataset = { name: 'adding', features: 2, featureNames: ['value', 'marker'] };
    expect(insideMarkers(probe, dataset)).toEqual([1, 3]);
    expect(insideMarkers(probe, { ...dataset, name: 'sine' })).toEqual([]);
    expect(insideMarkers(probe, { ...dataset, featureNames: ['value', 'flag'] })).toEqual([]);
    // A marker that is the first feature (index 0) still counts.
    expect(insideMarkers(probe, { ...dataset, featureNames: ['marker', 'value'] })).toEqual([4]);
  });
});

describe('markedSteps reads only the window’s own steps', () => {
  it('a marker past `steps` in a longer buffer is not listed', () => {
    // 3 steps × 2 features, then a fourth step whose marker is on.
    expect(markedSteps(Float32Array.from([0.3, 1, 0.9, 0, 0.1, 0, 0.5, 1]), 3, 2, 1)).toEqual([0]);
  });
});
