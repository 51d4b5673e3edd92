import { describe, expect, it } from 'vitest';
import {
  formatTick,
  linearScale,
  linePath,
  nearestByX,
  nearestInPlane,
  niceDomain,
  niceTicks,
} from './plotGeometry';

describe('plot geometry', () => {
  it('ticks are round steps of 1, 2 or 5 inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.92, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(-3, 7, 5)).toEqual([-2, 0, 2, 4, 6]);
  });

  it('integer ticks never step below 1 (epochs)', () => {
    expect(niceTicks(1, 3, 10, true)).toEqual([1, 2, 3]);
    expect(niceTicks(1, 100, 5, true)).toEqual([20, 40, 60, 80, 100]);
  });

  it('a domain ends on round numbers, from zero for losses, and never collapses', () => {
    expect(niceDomain([0.31, 0.87], 5, true)).toEqual([0, 1]);
    expect(niceDomain([-0.93, 1.12], 4)).toEqual([-1, 1.5]);
    const [lo, hi] = niceDomain([2, 2, Number.NaN], 5);
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    expect(niceDomain([], 5, true)).toEqual([0, 1]);
  });

  it('a scale maps the domain onto the range, y flipped, and inverts', () => {
    const sy = linearScale([0, 1], [200, 0]);
    expect(sy(0)).toBe(200);
    expect(sy(0.25)).toBe(150);
    expect(sy.invert(50)).toBeCloseTo(0.75);
  });

  it('a path breaks at a non-finite value instead of drawing a spike', () => {
    const s = linearScale([0, 10], [0, 100]);
    const d = linePath(
      [
        { x: 0, y: 1 },
        { x: 1, y: 2 },
        { x: 2, y: Number.POSITIVE_INFINITY },
        { x: 3, y: 3 },
        { x: 4, y: 4 },
      ],
      s,
      s,
    );
    expect(d).toBe('M0.0,10.0L10.0,20.0M30.0,30.0L40.0,40.0');
  });

  it('a long series draws at most the point budget, and keeps its extremes', () => {
    const points = Array.from({ length: 10_000 }, (_, x) => ({ x, y: x === 7777 ? 50 : Math.sin(x) }));
    const s = linearScale([0, 10_000], [0, 1000]);
    const d = linePath(points, s, linearScale([0, 1], [0, 1]), 300);
    expect(d.split(/[ML]/).length - 1).toBeLessThanOrEqual(300);
    expect(d).toContain(',50.0');
  });

  it('hover finds the nearest x, and the nearest dot within reach only', () => {
    const pts = [1, 2, 4, 8].map((x) => ({ x, y: x }));
    expect(nearestByX(pts, 2.9)).toBe(1);
    expect(nearestByX(pts, 3.1)).toBe(2);
    expect(nearestByX(pts, 100)).toBe(3);
    expect(nearestByX([], 1)).toBe(-1);
    const id = linearScale([0, 10], [0, 100]);
    expect(nearestInPlane(pts, id, id, 41, 39)).toBe(2);
    expect(nearestInPlane(pts, id, id, 60, 60, 10)).toBe(-1);
  });

  it('tick labels are as short as the number', () => {
    expect(formatTick(0.2)).toBe('0.2');
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(1500)).toBe('1500');
  });
});

describe('niceDomain of a flat series', () => {
  it('pads it by a tenth of its value each side, then rounds to the step', () => {
    // 50 ± 5 = [45, 55]; span 10 over 5 ticks: step 2, so [44, 56].
    expect(niceDomain([50, 50], 5)).toEqual([44, 56]);
    // From zero, a flat series below it is padded both ways too: [−55, −45], step 2.
    expect(niceDomain([-50, -50], 5, true)).toEqual([-56, -44]);
  });
});
