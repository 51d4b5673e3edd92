import { describe, expect, it } from 'vitest';
import type { ProbeActivations } from '../engine/contracts/probe';
import { activeUnitJumpiness, correlation, gradientReach, latchUnits, markedSteps } from './storyEvidence';

/** A one-layer LSTM probe of 3 units over T steps with the given f [T][H] and h [T][H]. */
function probe(f: number[][], h: number[][] = f): ProbeActivations {
  const T = f.length;
  const H = f[0].length;
  return {
    cell: 'lstm',
    steps: T,
    layers: [{ units: H, directions: [{ f: Float32Array.from(f.flat()), h: Float32Array.from(h.flat()) }] }],
    readout: null,
  };
}

/** An adding-problem input [T, 2] with markers at the given steps. */
const input = (T: number, marks: number[]) =>
  Float32Array.from({ length: T * 2 }, (_, i) => (i % 2 === 1 && marks.includes((i - 1) / 2) ? 1 : 0.5));

describe('story evidence', () => {
  it('markedSteps reads the marker channel', () => {
    expect(markedSteps(input(6, [1, 4]), 6)).toEqual([1, 4]);
  });

  it('latchUnits: f ≥ 0.9 on ≥ 90% of the steps after the first marker up to the second', () => {
    // Markers at t = 1 and t = 4: the steps that must hold are 2, 3, 4 (90% of 3 is 2.7: all 3).
    const f = [
      [0.1, 0.95, 0.95],
      [0.1, 0.95, 0.95],
      [0.95, 0.95, 0.95], // t = 2
      [0.95, 0.95, 0.89], // t = 3: unit 2 lets go for one step
      [0.95, 0.9, 0.95], // t = 4: 0.9 counts
      [0.1, 0.1, 0.1],
    ];
    expect(latchUnits(probe(f), input(6, [1, 4]))).toEqual({ units: [0, 1], first: 1, second: 4 });
    // One marker, or none: not an adding window.
    expect(latchUnits(probe(f), input(6, [1]))).toBeNull();
  });

  it('gradientReach is the first step’s norm over the last’s', () => {
    expect(gradientReach(Float32Array.from([0.002, 0.1, 2]))).toBeCloseTo(0.001, 9);
    expect(gradientReach(Float32Array.from([1, 0]))).toBe(0);
  });

  it('correlation is Pearson’s r, signed', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(correlation([1, 2, 3, 4], [1, -1, -1, 1])).toBeCloseTo(0, 12);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('activeUnitJumpiness averages |Δh| over the most varying units', () => {
    // Unit 0 alternates ±1 (|Δh| = 2), unit 1 is flat, unit 2 steps 0, 0.5, 1, 1.5 (|Δh| = 0.5).
    const h = [
      [1, 0, 0],
      [-1, 0, 0.5],
      [1, 0, 1],
      [-1, 0, 1.5],
    ];
    expect(activeUnitJumpiness(probe(h, h), 1)).toBeCloseTo(2, 6);
    expect(activeUnitJumpiness(probe(h, h), 2)).toBeCloseTo(1.25, 6);
  });
});

describe('story evidence at its edges', () => {
  it('markedSteps reads only the first `steps` steps', () => {
    // A buffer of 8 steps with markers at 2 and 6, read as 6 steps.
    expect(markedSteps(input(8, [2, 6]), 6)).toEqual([2]);
  });

  it('latchUnits: exactly 90% of the steps is enough, one step fewer is not', () => {
    // Markers at 0 and 10: steps 1–10 must hold, 9 of them is 0.9 · 10. Unit 0 lets go at step 5,
    // unit 1 at steps 5 and 6.
    const f = Array.from({ length: 12 }, (_, t) => [t === 5 ? 0.5 : 0.95, t === 5 || t === 6 ? 0.5 : 0.95]);
    expect(latchUnits(probe(f), input(12, [0, 10]))).toEqual({ units: [0], first: 0, second: 10 });
  });

  it('latchUnits: null for a layer the probe does not have, or a cell without f', () => {
    const f = [
      [0.95, 0.95],
      [0.95, 0.95],
      [0.95, 0.95],
    ];
    expect(latchUnits(probe(f), input(3, [0, 2]), 1)).toBeNull();
    const gru: ProbeActivations = {
      cell: 'gru',
      steps: 3,
      layers: [{ units: 2, directions: [{ h: Float32Array.from(f.flat()) }] }],
      readout: null,
    };
    expect(latchUnits(gru, input(3, [0, 2]))).toBeNull();
  });

  it('correlation is 0 where the second series is constant', () => {
    expect(correlation([1, 2, 3], [5, 5, 5])).toBe(0);
  });

  it('activeUnitJumpiness ranks the units by variance (not by size), 0 without h', () => {
    // Unit 0 sits at 10 (variance 0); unit 1 alternates 0, 1 (variance 0.25, |Δh| = 1).
    const h = [
      [10, 0],
      [10, 1],
      [10, 0],
      [10, 1],
    ];
    expect(activeUnitJumpiness(probe(h, h), 1)).toBe(1);
    const noH: ProbeActivations = {
      cell: 'lstm',
      steps: 2,
      layers: [{ units: 1, directions: [{ f: Float32Array.from([0.5, 0.5]) }] }],
      readout: null,
    };
    expect(activeUnitJumpiness(noH)).toBe(0);
  });
});
