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
