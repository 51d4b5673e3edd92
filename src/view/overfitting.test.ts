import { describe, expect, it } from 'vitest';
import defaultCurve from './fixtures/defaultCurve.json';
import dropoutCurve from './fixtures/dropoutCurve.json';
import longRangeCurve from './fixtures/longRangeCurve.json';
import overfitCurve from './fixtures/overfitCurve.json';
import { type LossPoint, overfittingStretches, smooth } from './overfitting';

const run = (n: number, val: (e: number) => number, train: (e: number) => number): LossPoint[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, valLoss: val(i + 1), trainLoss: train(i + 1) }));

/** A curve recorded with the headless runner (its command is in the file): [epoch, train, val] rows. */
const recorded = (fixture: { epochs: number[][] }): LossPoint[] =>
  fixture.epochs.map(([epoch, trainLoss, valLoss]) => ({ epoch, trainLoss, valLoss }));

describe('overfittingStretches on recorded curves', () => {
  it('shades the overfit preset from its best epoch to the end', () => {
    // Best raw epoch 8; the smoothed curve bottoms out two epochs later.
    expect(overfitCurve.bestEpoch).toBe(8);
    const [stretch, ...rest] = overfittingStretches(recorded(overfitCurve));
    expect(rest).toEqual([]);
    expect(stretch.fromEpoch).toBeGreaterThanOrEqual(overfitCurve.bestEpoch);
    expect(stretch.fromEpoch).toBeLessThanOrEqual(12);
    expect(stretch.toEpoch).toBe(60);
  });

  it('shades nothing on the adding problem, whose losses wobble near zero once it is solved', () => {
    expect(overfittingStretches(recorded(longRangeCurve))).toEqual([]);
  });

  it('shades nothing on healthy runs: the dropout remedy and the default sine run', () => {
    expect(overfittingStretches(recorded(dropoutCurve))).toEqual([]);
    expect(overfittingStretches(recorded(defaultCurve))).toEqual([]);
  });
});

describe('overfittingStretches on made-up curves', () => {
  it('finds the stretch after the validation minimum while training loss falls', () => {
    const points = run(
      40,
      (e) => 0.2 + 0.002 * (e - 15) ** 2,
      (e) => 1 / e,
    );
    const [stretch, ...rest] = overfittingStretches(points);
    expect(rest).toEqual([]);
    expect(stretch.fromEpoch).toBe(15);
    expect(stretch.toEpoch).toBe(40);
  });

  it('reports nothing when both losses fall', () => {
    expect(
      overfittingStretches(
        run(
          30,
          (e) => 1 / e + 0.1,
          (e) => 1 / e,
        ),
      ),
    ).toEqual([]);
  });

  it('reports nothing when both losses rise together (divergence is not overfitting)', () => {
    expect(
      overfittingStretches(
        run(
          30,
          (e) => e,
          (e) => e,
        ),
      ),
    ).toEqual([]);
  });

  it('ignores two bad epochs in a row, even unsmoothed, and shades the third', () => {
    const spikes = (bad: number[]) =>
      run(
        30,
        (e) => (bad.includes(e) ? 0.5 : 0.1),
        (e) => 1 / e,
      );
    expect(overfittingStretches(spikes([12, 13]), { radius: 0 })).toEqual([]);
    expect(overfittingStretches(spikes([12, 13, 14]), { radius: 0 })).toEqual([
      { fromEpoch: 1, toEpoch: 14 },
    ]);
  });

  it('counts no rise within the margin: 20% of the minimum, and at least 2% of the highest loss', () => {
    // Falls from 1.0 to `low` at epoch 10, then stays `rise` above it.
    const plateau = (low: number, rise: number) =>
      run(
        30,
        (e) => (e < 10 ? 1 - ((1 - low) * (e - 1)) / 9 : e === 10 ? low : low + rise),
        (e) => 1 / e,
      );
    const shaded = [{ fromEpoch: 10, toEpoch: 30 }];
    // Minimum 0.5: 20% of it (0.1) is the margin.
    expect(overfittingStretches(plateau(0.5, 0.09), { radius: 0 })).toEqual([]);
    expect(overfittingStretches(plateau(0.5, 0.11), { radius: 0 })).toEqual(shaded);
    // Minimum 0.05: 20% is 0.01, but the floor, 2% of the highest loss 1.0, is 0.02.
    expect(overfittingStretches(plateau(0.05, 0.019), { radius: 0 })).toEqual([]);
    expect(overfittingStretches(plateau(0.05, 0.021), { radius: 0 })).toEqual(shaded);
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
