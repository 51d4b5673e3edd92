import { describe, expect, it } from 'vitest';
import { type LossPoint, overfittingStretches, smooth } from './overfitting';

const run = (n: number, val: (e: number) => number, train: (e: number) => number): LossPoint[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, valLoss: val(i + 1), trainLoss: train(i + 1) }));

describe('overfittingStretches', () => {
  it('finds the stretch after the validation minimum while training loss falls', () => {
    const points = run(
      40,
      (e) => 0.2 + 0.002 * (e - 15) ** 2,
      (e) => 1 / e,
    );
    const [stretch, ...rest] = overfittingStretches(points);
    expect(rest).toEqual([]);
    expect(stretch.fromEpoch).toBeGreaterThanOrEqual(14);
    expect(stretch.fromEpoch).toBeLessThanOrEqual(17);
    expect(stretch.toEpoch).toBe(40);
  });

  it('reports nothing when both losses fall', () => {
    const points = run(
      30,
      (e) => 1 / e + 0.1,
      (e) => 1 / e,
    );
    expect(overfittingStretches(points)).toEqual([]);
  });

  it('reports nothing when both losses rise together (divergence is not overfitting)', () => {
    const points = run(
      30,
      (e) => e,
      (e) => e,
    );
    expect(overfittingStretches(points)).toEqual([]);
  });

  it('ignores a one-epoch blip of validation noise', () => {
    const points = run(
      30,
      (e) => (e === 12 ? 0.5 : 1 / e),
      (e) => 1 / e,
    );
    expect(overfittingStretches(points, { radius: 0 })).toEqual([]);
  });

  it('needs a few epochs before saying anything', () => {
    expect(
      overfittingStretches(
        run(
          2,
          (e) => e,
          (e) => -e,
        ),
      ),
    ).toEqual([]);
  });
});

describe('smooth', () => {
  it('averages neighbours and skips non-finite values', () => {
    expect(smooth([1, 2, 3], 1)).toEqual([1.5, 2, 2.5]);
    expect(smooth([1, Number.NaN, 3], 1)).toEqual([1, 2, 3]);
  });
});
