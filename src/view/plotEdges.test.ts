import { describe, expect, it } from 'vitest';
import { formatMetric, runMarkers, sparklinePath } from './chartData';
import {
  formatTick,
  linearScale,
  nearestByX,
  nearestInPlane,
  niceDomain,
  niceStep,
  niceTicks,
} from './plotGeometry';

/** The chart geometry at its edges and boundaries, each value worked out by hand. */
describe('niceStep: the nearest of 1, 2, 5, 10 on a log scale', () => {
  it('switches at the geometric middles √2, √10, √50', () => {
    expect(niceStep(1.4, 1)).toBe(1);
    expect(niceStep(Math.SQRT2, 1)).toBe(2);
    expect(niceStep(3.1, 1)).toBe(2);
    expect(niceStep(Math.sqrt(10), 1)).toBe(5);
    expect(niceStep(7, 1)).toBe(5);
    expect(niceStep(Math.sqrt(50), 1)).toBe(10);
    expect(niceStep(8, 1)).toBe(10);
    expect(niceStep(30, 10)).toBe(2); // 3 per step
    expect(niceStep(3, 0)).toBe(2); // fewer than one tick asked: one
  });

  it('an empty, negative or endless span steps by 1', () => {
    for (const span of [0, -3, Number.POSITIVE_INFINITY, Number.NaN])
      expect(niceStep(span, 5), String(span)).toBe(1);
  });
});

describe('niceTicks and niceDomain at their edges', () => {
  it('ticks: none for a non-finite end, the ends swapped when reversed, one for a point', () => {
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
    expect(niceTicks(0, Number.NaN)).toEqual([]);
    expect(niceTicks(1, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(2.5, 2.5)).toEqual([2.5]);
  });

  it('a domain skips non-finite values and takes the smallest and largest in any order', () => {
    // 1..3: span 2, a step of 0.5 (0.4 rounds to 0.5), the ends already on it.
    expect(niceDomain([3, Number.NaN, 1, Number.POSITIVE_INFINITY])).toEqual([1, 3]);
    expect(niceDomain([1, 3])).toEqual([1, 3]);
  });

  it('no finite values: 0..1 from zero, else −1..1', () => {
    expect(niceDomain([Number.NaN], 5)).toEqual([-1, 1]);
    expect(niceDomain([], 5, true)).toEqual([0, 1]);
  });

  it('a flat series is padded by a tenth of its value, or by 1 at zero; from zero, 0 stays the floor', () => {
    // −10 flat: ±1 → −11..−9, a step of 0.5.
    expect(niceDomain([-10, -10])).toEqual([-11, -9]);
    // 0 flat: ±1 → −1..1; from zero only up: 0..1.
    expect(niceDomain([0, 0])).toEqual([-1, 1]);
    expect(niceDomain([0, 0], 5, true)).toEqual([0, 1]);
    // From zero, 5 flat is not flat: 0..5, a step of 1.
    expect(niceDomain([5, 5], 5, true)).toEqual([0, 5]);
  });
});

describe('scales, nearest points, labels', () => {
  it('a scale off zero: 1..3 onto 0..10 puts 2 at 5; a flat domain maps everything to the range start', () => {
    const s = linearScale([1, 3], [0, 10]);
    expect(s(2)).toBe(5);
    expect(s.invert(7.5)).toBe(2.5);
    const flat = linearScale([2, 2], [10, 20]);
    expect([flat(2), flat(5)]).toEqual([10, 10]);
    expect(flat.invert(15)).toBe(2);
  });

  it('nearestByX: a tie between two points goes to the earlier one', () => {
    const pts = [0, 1, 2, 3, 4].map((x) => ({ x, y: 0 }));
    expect(nearestByX(pts, 1.5)).toBe(1);
    expect(nearestByX(pts, 2)).toBe(2);
    expect(nearestByX(pts, 3.6)).toBe(4);
  });

  it('nearestInPlane: distance in both directions; a point exactly at the radius is within reach', () => {
    const id = linearScale([0, 1], [0, 1]);
    const pts = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
    ];
    expect(nearestInPlane(pts, id, id, 1, 0)).toBe(0);
    expect(nearestInPlane(pts, id, id, 9, 0)).toBe(1);
    expect(nearestInPlane([{ x: 0, y: 0 }], id, id, 24, 0)).toBe(0);
    expect(nearestInPlane([{ x: 0, y: 0 }], id, id, 0, 24)).toBe(0);
    expect(nearestInPlane([{ x: 0, y: 0 }], id, id, 0, 25)).toBe(-1);
    // y counts: 3 across (9) is nearer than 4 down (16), and 3 across and 3 down (18) farther still.
    const far = [
      { x: 3, y: 0 },
      { x: 0, y: 4 },
      { x: 3, y: 3 },
    ];
    expect(nearestInPlane(far, id, id, 0, 0)).toBe(0);
  });

  it('a tick label of a non-number is empty', () => {
    expect(formatTick(Number.NaN)).toBe('');
  });
});

describe('chart data at its edges', () => {
  it('formatMetric: three significant digits from 0.001, 0 as 0.00, exponents below, whole from 100', () => {
    expect([
      formatMetric(0),
      formatMetric(0.001),
      formatMetric(0.00001),
      formatMetric(99.94),
      formatMetric(1234.5),
    ]).toEqual(['0.00', '0.00100', '1.00e-5', '99.9', '1235']);
  });

  it('sparklinePath: y up in the box; a gap sits at the minimum; flat sits at the bottom; one value draws nothing', () => {
    // 32 × 12, pad 2: x from 2 by 28/3; y = 10 − 8·(v − 1)/2 for values 1..3.
    expect(sparklinePath([1, 3, Number.NaN, 2], 32, 12)).toBe('M2.0,10.0 L11.3,2.0 L20.7,10.0 L30.0,6.0');
    expect(sparklinePath([2, 2], 32, 12)).toBe('M2.0,10.0 L30.0,10.0');
    expect(sparklinePath([2, Number.NaN], 32, 12)).toBe('');
  });

  it('runMarkers: no best epoch below 1, no best loss that is not a number', () => {
    const report = { epoch: 1, trainLoss: 1, valLoss: 1, bestEpoch: -1, bestValLoss: Number.NaN } as never;
    expect(runMarkers([report], null)).toEqual({ bestEpoch: null, bestValLoss: null, stoppedEpoch: null });
  });
});
