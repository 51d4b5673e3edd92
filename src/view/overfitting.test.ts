import { describe, expect, it } from 'vitest';
import defaultCurve from './fixtures/defaultCurve.json';
import dropoutCurve from './fixtures/dropoutCurve.json';
import l2Curve from './fixtures/l2Curve.json';
import longRangeCurve from './fixtures/longRangeCurve.json';
import overfitCurve from './fixtures/overfitCurve.json';
import { type LossPoint, overfittingStretches, smooth } from './overfitting';

const run = (n: number, val: (e: number) => number, train: (e: number) => number): LossPoint[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, valLoss: val(i + 1), trainLoss: train(i + 1) }));

/** A curve recorded with the headless runner (its command is in the file): [epoch, train, val] rows. */
const recorded = (fixture: { epochs: number[][] }): LossPoint[] =>
  fixture.epochs.map(([epoch, trainLoss, valLoss]) => ({ epoch, trainLoss, valLoss }));

describe('overfittingStretches on recorded curves', () => {
  it('shades the overfit preset from epoch 23 on, but not where its training loss rose', () => {
    // Best raw epoch 8, smoothed 10 (0.217); the smoothed validation loss is 20% above that
    // (0.260) from epoch 23 on, and the smoothed training loss rose over epochs 29-33 and 44-46.
    expect(overfitCurve.bestEpoch).toBe(8);
    expect(overfittingStretches(recorded(overfitCurve))).toEqual([
      { fromEpoch: 23, toEpoch: 28 },
      { fromEpoch: 34, toEpoch: 43 },
      { fromEpoch: 47, toEpoch: 60 },
    ]);
  });

  it('shades the L2 remedy only over its last five epochs, not from its best epoch on', () => {
    // Smoothed best at epoch 38 (0.218); 20% above it only from epoch 56 (0.268), where the
    // training loss (0.219) is still falling. The old rule shaded 38-60.
    expect(overfittingStretches(recorded(l2Curve))).toEqual([{ fromEpoch: 56, toEpoch: 60 }]);
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
    // Minimum 0.2 at epoch 15; 20% above it (0.04) from (e − 15)² > 20, epoch 20.
    expect(overfittingStretches(points)).toEqual([{ fromEpoch: 20, toEpoch: 40 }]);
  });

  it('leaves out the epochs where the training loss rose inside the stretch', () => {
    // Validation at its best (0.30) at epoch 4, then 0.45 and more; training falls but for a
    // rise at epochs 9 and 10 (0.20 → 0.26 → 0.31), and after epoch 14 it is above its best-epoch
    // value (0.40) and no longer counts.
    const train = [
      0.9, 0.7, 0.5, 0.4, 0.3, 0.25, 0.22, 0.2, 0.26, 0.31, 0.19, 0.17, 0.15, 0.14, 0.45, 0.44, 0.43,
    ];
    const val = [
      1.0, 0.6, 0.4, 0.3, 0.45, 0.46, 0.47, 0.48, 0.5, 0.52, 0.53, 0.55, 0.56, 0.58, 0.6, 0.62, 0.64,
    ];
    const points = train.map((trainLoss, i) => ({ epoch: i + 1, trainLoss, valLoss: val[i] }));
    expect(overfittingStretches(points, { radius: 0 })).toEqual([
      { fromEpoch: 5, toEpoch: 8 },
      { fromEpoch: 11, toEpoch: 14 },
    ]);
  });

  it('shades nothing where the training loss only rises or stays above its best-epoch value', () => {
    const train = [0.9, 0.6, 0.5, 0.52, 0.55, 0.58, 0.6, 0.59, 0.58, 0.57];
    const val = [0.8, 0.5, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
    const points = train.map((trainLoss, i) => ({ epoch: i + 1, trainLoss, valLoss: val[i] }));
    // Epochs 8-10 fall, but stay above 0.5, the training loss at the best epoch (3).
    expect(overfittingStretches(points, { radius: 0 })).toEqual([]);
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

  it('ignores two bad epochs in a row, even unsmoothed, and shades three', () => {
    const spikes = (bad: number[]) =>
      run(
        30,
        (e) => (bad.includes(e) ? 0.5 : 0.1),
        (e) => 1 / e,
      );
    expect(overfittingStretches(spikes([12, 13]), { radius: 0 })).toEqual([]);
    expect(overfittingStretches(spikes([12, 13, 14]), { radius: 0 })).toEqual([
      { fromEpoch: 12, toEpoch: 14 },
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
    const shaded = [{ fromEpoch: 11, toEpoch: 30 }];
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

describe('overfittingStretches at the rule’s edges, on hand-made histories', () => {
  /** Unsmoothed histories, so every number below can be checked by eye. */
  const history = (train: number[], val: number[]): LossPoint[] =>
    train.map((trainLoss, i) => ({ epoch: i + 1, trainLoss, valLoss: val[i] }));

  it('four epochs are enough: the best first, then three that meet the rule', () => {
    // Best validation loss 0.2 at epoch 1; epochs 2-4 are 0.4 or more (> 0.2 + 20%) while the
    // training loss falls 0.8 → 0.6 → 0.5 → 0.4, below its 0.8 at the best epoch.
    const points = history([0.8, 0.6, 0.5, 0.4], [0.2, 0.4, 0.45, 0.5]);
    expect(overfittingStretches(points, { radius: 0 })).toEqual([{ fromEpoch: 2, toEpoch: 4 }]);
    // Three epochs cannot hold the best and three more.
    expect(overfittingStretches(points.slice(0, 3), { radius: 0 })).toEqual([]);
  });

  it('the stretch is named by the points’ own epochs, not their positions', () => {
    // The same history recorded from epoch 11 on (as after a NaN epoch was dropped before it).
    const points = history([0.8, 0.6, 0.5, 0.4], [0.2, 0.4, 0.45, 0.5]).map((p) => ({
      ...p,
      epoch: p.epoch + 10,
    }));
    expect(overfittingStretches(points, { radius: 0 })).toEqual([{ fromEpoch: 12, toEpoch: 14 }]);
  });

  it('a flat training loss is not a falling one', () => {
    // Validation rises from its best 0.3 (epoch 3) to 0.6; training stops at 0.4 from epoch 4 on.
    const points = history([0.9, 0.6, 0.5, 0.4, 0.4, 0.4, 0.4], [0.8, 0.5, 0.3, 0.45, 0.5, 0.55, 0.6]);
    expect(overfittingStretches(points, { radius: 0 })).toEqual([]);
  });

  it('of equal validation losses the first is the best, as the trainer’s best epoch', () => {
    // Validation 0.3 at epochs 3 and 4; the best is epoch 3, where training was 0.6. Epochs 6-8
    // fall (0.49, 0.48, 0.47) and stay below 0.6, so they are shaded; measured from epoch 4's 0.3
    // they would not be.
    const points = history(
      [1.0, 0.8, 0.6, 0.3, 0.5, 0.49, 0.48, 0.47],
      [1.0, 0.5, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5],
    );
    expect(overfittingStretches(points, { radius: 0 })).toEqual([{ fromEpoch: 6, toEpoch: 8 }]);
  });
});

describe('overfittingStretches at its exact bounds', () => {
  const shade = (val: number[], train: number[], options = {}) =>
    overfittingStretches(
      val.map((valLoss, i) => ({ epoch: i + 1, trainLoss: train[i], valLoss })),
      { radius: 0, ...options },
    );
  const falling = [1, 0.9, 0.8, 0.7, 0.6, 0.5];

  it('a rise of exactly minRise × the minimum is not above it', () => {
    // Minimum 0.5 at epoch 2; 0.25 · 0.5 = 0.125 (over the floor, 0.02 · 1). 0.625 is exactly that.
    expect(shade([1, 0.5, 0.625, 0.625, 0.625, 0.625], falling, { minRise: 0.25 })).toEqual([]);
    expect(shade([1, 0.5, 0.75, 0.75, 0.75, 0.75], falling, { minRise: 0.25 })).toEqual([
      { fromEpoch: 3, toEpoch: 6 },
    ]);
  });

  it('a rise of exactly the floor × the highest loss is not above it', () => {
    // Minimum 0.0625: 20% of it is 0.0125, but the floor 0.125 · 1 is 0.125, and 0.1875 is that.
    expect(shade([1, 0.0625, 0.1875, 0.1875, 0.1875, 0.1875], falling, { floor: 0.125 })).toEqual([]);
    expect(shade([1, 0.0625, 0.25, 0.25, 0.25, 0.25], falling, { floor: 0.125 })).toEqual([
      { fromEpoch: 3, toEpoch: 6 },
    ]);
  });

  it('a training loss back at its best-epoch value is not below it', () => {
    // Best epoch 2 (val 0.5, train 0.5); train rises to 0.7, falls to 0.5 (equal: not shaded), then
    // 0.4, 0.3, 0.2.
    expect(shade([1, 0.5, 0.8, 0.8, 0.8, 0.8, 0.8], [1, 0.5, 0.7, 0.5, 0.4, 0.3, 0.2])).toEqual([
      { fromEpoch: 5, toEpoch: 7 },
    ]);
  });

  it('smooth: each value with up to `radius` neighbours each side, fewer at the ends', () => {
    // (1+2+3)/3, (1+2+3+4)/4, 15/5, (2+3+4+5)/4, (3+4+5)/3.
    expect(smooth([1, 2, 3, 4, 5], 2)).toEqual([2, 2.5, 3, 3.5, 4]);
    expect(smooth([Number.NaN, Number.POSITIVE_INFINITY, 1], 0)).toEqual([Number.NaN, Number.NaN, 1]);
  });
});
