import { describe, expect, it } from 'vitest';
import { decimate } from './decimate';

const series = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ x: i, y: Math.sin(i / 7) + (i === 333 ? 9 : 0) }));
const y = (p: { y: number }) => p.y;

describe('decimate', () => {
  it('returns short series unchanged', () => {
    const s = series(50);
    expect(decimate(s, 300, y)).toEqual(s);
  });

  it('keeps at most maxPoints, in x order, with first and last', () => {
    const s = series(5000);
    const d = decimate(s, 300, y);
    expect(d.length).toBeLessThanOrEqual(300);
    expect(d.length).toBeGreaterThan(200);
    expect(d[0]).toBe(s[0]);
    expect(d[d.length - 1]).toBe(s[s.length - 1]);
    for (let i = 1; i < d.length; i++) expect(d[i].x).toBeGreaterThan(d[i - 1].x);
  });

  it('keeps the global minimum and maximum (a spike survives)', () => {
    const s = series(5000);
    const d = decimate(s, 200, y);
    expect(d.some((p) => p.x === 333)).toBe(true);
    const min = Math.min(...s.map(y));
    expect(d.some((p) => p.y === min)).toBe(true);
  });
});

describe('decimate, point by point', () => {
  /** Points at x = 0, 1, 2, … with these y. */
  const at = (ys: number[]) => ys.map((v, x) => ({ x, y: v }));
  const xs = (points: { x: number }[]) => points.map((p) => p.x);

  it('keeps every point up to maxPoints, and below 4 (no room for a bucket)', () => {
    // Six points at maxPoints 6, two of them equal: bucketing would merge those into one.
    const s = at([5, 2, 2, 3, 4, 5]);
    const kept = decimate(s, 6, y);
    expect(kept).toEqual(s);
    expect(kept).not.toBe(s);
    expect(xs(decimate(at([5, 1, 9, 0, 5, 5]), 3, y))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('at 4 points: the first, the lowest and the highest of the rest in x order, the last', () => {
    // The inner points 1–4: lowest 0 at x 3, highest 9 at x 2.
    expect(xs(decimate(at([5, 1, 9, 0, 5, 5]), 4, y))).toEqual([0, 2, 3, 5]);
  });

  it('of equal lowest or highest points keeps the first', () => {
    // Inner 1–6: lowest 0 at x 2 and 4, highest 4 at x 3 and 5.
    expect(xs(decimate(at([5, 2, 0, 4, 0, 4, 2, 5]), 4, y))).toEqual([0, 2, 3, 7]);
  });

  it('one point where a bucket is flat; a NaN first in its bucket is passed over', () => {
    expect(xs(decimate(at([5, 2, 2, 2, 2, 5]), 4, y))).toEqual([0, 1, 5]);
    expect(xs(decimate(at([5, Number.NaN, 3, 1, 2, 5]), 4, y))).toEqual([0, 2, 3, 5]);
  });

  it('splits the inner points into ⌊(maxPoints − 2) / 2⌋ buckets of ⌊k · inner / buckets⌋', () => {
    // 12 points at maxPoints 8: 3 buckets over 10 inner points, x 1–3, 4–6 and 7–10.
    const ys = [0, 3, 1, 2, 6, 4, 5, 9, 7, 8, 7, 0];
    expect(xs(decimate(at(ys), 8, y))).toEqual([0, 1, 2, 4, 5, 7, 8, 11]);
    // maxPoints 9 makes the same 3 buckets.
    expect(xs(decimate(at(ys), 9, y))).toEqual([0, 1, 2, 4, 5, 7, 8, 11]);
  });
});
