import { describe, expect, it } from 'vitest';
import { jumpProbe, recordOf } from '../../test/support/view/storyRecords';
import { PRESETS } from '../model/presets';
import { OVERFIT_CLAIMS } from './overfitClaims';
import type { StoryRecord } from './storyRecord';

/**
 * The overfitting story's claims and its remedies', on small hand-built runs: each claim on a run
 * where it holds, and on near misses just the other side of each of its bounds. Every verdict and
 * figure below is worked out by hand from the literals (f3 prints 3 significant digits). The
 * claims on trained models: src/cli/storyClaims.test.ts.
 */

const [parting, jumpy] = OVERFIT_CLAIMS.overfit;
const [dropoutTrain, dropoutVal] = OVERFIT_CLAIMS.dropout;
const [climbsLess, tooMuch] = OVERFIT_CLAIMS.l2;
const [stops, creeps] = OVERFIT_CLAIMS['early-stopping'];

/** [train, val] pairs from two equally long lists. */
const zip = (train: number[], val: number[]) => train.map((t, k) => [t, val[k]] as const);
/** n epochs at the same train and validation loss. */
const flat = (n: number, train: number, val = train) => zip(new Array(n).fill(train), new Array(n).fill(val));

it('each story lists its claims in the order its text makes them', () => {
  const ids = Object.fromEntries(Object.entries(OVERFIT_CLAIMS).map(([k, v]) => [k, v.map((c) => c.id)]));
  expect(ids).toEqual({
    overfit: ['curves-part', 'units-jumpier'],
    dropout: ['train-noisier-higher', 'val-lower'],
    l2: ['val-climbs-less', 'too-much-underfits'],
    'early-stopping': ['stops-restores', 'patience-overfits'],
  });
});

describe('overfit: the curves part', () => {
  // Best epoch 5 of 10 (at most half) at 0.5; train 2 → 0.5 (under half of 2); val 0.5 → 0.65
  // (1.3 × 0.5).
  const train = [4, 3.6, 3, 2.4, 2, 1.6, 1.2, 0.8, 0.6, 0.5];
  const val = [2, 1.8, 1.5, 1, 0.5, 0.55, 0.58, 0.6, 0.62, 0.65];
  const run = (t: number[], v: number[], bestEpoch = 5) => ({
    story: recordOf('overfit', zip(t, v), { epoch: bestEpoch, valLoss: 0.5 }),
  });

  it('holds at its bounds: best epoch at half the run, the validation loss at 1.3 × its best', () => {
    expect(parting.check(run(train, val))).toEqual({
      holds: true,
      figure: 'best epoch 5/10; train 2.00 → 0.500; val 0.500 → 0.650 (×1.30)',
    });
  });

  it('fails a best epoch past half the run', () => {
    // Epoch 6's training loss is 1.6: the end's 0.5 is still under half of it.
    const result = parting.check(run(train, val, 6));
    expect(result).toEqual({
      holds: false,
      figure: 'best epoch 6/10; train 1.60 → 0.500; val 0.500 → 0.650 (×1.30)',
    });
  });

  it('fails a training loss that only halves, or a validation loss under 1.3 × its best', () => {
    expect(parting.check(run([...train.slice(0, 9), 1], val)).holds).toBe(false);
    expect(parting.check(run(train, [...val.slice(0, 9), 0.64])).holds).toBe(false);
  });
});

describe('overfit: the most active units jump more than at the best epoch', () => {
  const story = (jumps: number[], bestEpoch: number) =>
    recordOf(
      'overfit',
      flat(jumps.length, 1),
      { epoch: bestEpoch, valLoss: 1 },
      {
        epochProbes: jumps.map((j, k) => jumpProbe(k + 1, j)),
      },
    );

  it('holds at 1.3 × the best epoch’s jumpiness, read at the best epoch and the last', () => {
    expect(jumpy.check({ story: story([20, 10, 5, 13], 2) })).toEqual({
      holds: true,
      figure: 'mean |Δh| of the 3 most active units: 10.0 at epoch 2, 13.0 at epoch 4 (×1.30)',
    });
    expect(jumpy.check({ story: story([20, 10, 5, 12.5], 2) }).holds).toBe(false);
  });

  it('fails without a probe at the best epoch or any probe', () => {
    const none = { holds: false, figure: 'no probe at the best or the last epoch' };
    expect(jumpy.check({ story: story([20, 10, 5, 13], 5) })).toEqual(none);
    expect(jumpy.check({ story: story([], 1) })).toEqual(none);
  });

  it('asks for the probe after every epoch', () => {
    expect(jumpy.epochProbes).toBe(true);
  });
});

describe('dropout: training loss noisier and higher, validation loss lower', () => {
  const withOverfit = (story: StoryRecord, overfit: StoryRecord) => ({ story, overfit });
  const trainRun = (train: number[]) => recordOf('dropout', zip(train, new Array(train.length).fill(1)));
  const valRun = (val: number[]) => recordOf('dropout', zip(new Array(val.length).fill(1), val));
  // Last 5: [2, 1, 2, 1, 2], mean 1.6; changes 2, 1, 1, 1, 1, 1: mean 7/6.
  const noisy = [3, 1, 2, 1, 2, 1, 2];

  it('holds when both the last 5 epochs’ mean and the epoch-to-epoch change are higher', () => {
    // Last 5 all 1.5, mean 1.5; changes 1, 0.5, 0, 0, 0, 0: mean 0.25.
    const calm = [3, 2, 1.5, 1.5, 1.5, 1.5, 1.5];
    expect(dropoutTrain.check(withOverfit(trainRun(noisy), trainRun(calm)))).toEqual({
      holds: true,
      figure:
        "last 5 epochs' training loss 1.60 vs 1.50 without dropout; epoch-to-epoch change 1.17 vs 0.250",
    });
  });

  it('fails an equal mean, or an equal noise', () => {
    // The same last-5 mean (8/5) with changes 0, 0, 0, 1, 0, 1 (mean 1/3).
    const sameMean = [2, 2, 2, 2, 1, 1, 2];
    expect(dropoutTrain.check(withOverfit(trainRun(noisy), trainRun(sameMean))).holds).toBe(false);
    // 0.5 lower everywhere: the same changes (7/6), a lower mean.
    const sameNoise = noisy.map((v) => v - 0.5);
    expect(dropoutTrain.check(withOverfit(trainRun(noisy), trainRun(sameNoise))).holds).toBe(false);
  });

  it('compares the validation loss over the last 5 epochs only', () => {
    expect(dropoutVal.check(withOverfit(valRun([3, 1, 1, 1, 1, 1]), valRun([0.5, 2, 2, 2, 2, 2])))).toEqual({
      holds: true,
      figure: "last 5 epochs' validation loss 1.00 vs 2.00 without dropout",
    });
    // Last 5: [1, 1, 1, 4, 1], mean 1.6, over 1.5 (the first epoch, 0 and 9, left out).
    expect(
      dropoutVal.check(withOverfit(valRun([0, 1, 1, 1, 4, 1]), valRun([9, 1.5, 1.5, 1.5, 1.5, 1.5]))),
    ).toEqual({ holds: false, figure: "last 5 epochs' validation loss 1.60 vs 1.50 without dropout" });
    // Equal: not lower.
    expect(dropoutVal.check(withOverfit(valRun([9, 2, 1, 2, 1, 2]), valRun([9, 2, 2, 1, 1, 2]))).holds).toBe(
      false,
    );
  });

  it('compares with the overfitting preset’s config, a copy of it', () => {
    for (const claim of [dropoutTrain, dropoutVal]) {
      const made = claim.variants?.overfit(PRESETS.dropout.config);
      expect(made).toEqual(PRESETS.overfit.config);
      expect(made).not.toBe(PRESETS.overfit.config);
    }
  });
});

describe('L2: the validation loss climbs less; too much underfits', () => {
  const run = (lastVal: number, best: number) =>
    recordOf(
      'l2',
      [
        [1, best],
        [1, 3],
        [1, lastVal],
      ],
      { epoch: 1, valLoss: best },
    );

  it('compares the climb above the best validation loss, not the losses themselves', () => {
    // Climbs 2 − 1.5 = 0.5 and 1.25 − 0.5 = 0.75 (the sums, 3.5 and 1.75, would say the reverse).
    expect(climbsLess.check({ story: run(2, 1.5), overfit: run(1.25, 0.5) })).toEqual({
      holds: true,
      figure: 'validation loss climbs 0.500 above its best, 0.750 without L2',
    });
    expect(climbsLess.check({ story: run(2, 1.5), overfit: run(1, 0.5) }).holds).toBe(false);
  });

  it('too much L2: the training loss over 1.15 × the story’s', () => {
    const train = (v: number) => recordOf('l2', [[50, 1], ...flat(5, v, 1)]);
    expect(tooMuch.check({ story: train(20), larger: train(23.5) })).toEqual({
      holds: true,
      figure: "last 5 epochs' training loss 23.5 at L2 0.03, 20.0 at 0.003",
    });
    // 1.15 × 20 = 23: not over it.
    expect(tooMuch.check({ story: train(20), larger: train(23) }).holds).toBe(false);
  });

  it('the variants: the overfitting config, and L2 0.03 with the rest kept', () => {
    expect(climbsLess.variants?.overfit(PRESETS.l2.config)).toEqual(PRESETS.overfit.config);
    expect(tooMuch.variants?.larger(PRESETS.l2.config)).toEqual({ ...PRESETS.l2.config, l2: 0.03 });
  });
});

describe('early stopping: stops, restores the best weights; more patience overfits more', () => {
  // Patience 6 (the preset): best epoch 4 and 10 epochs run.
  const run = (epochs: number, best: number, finalValLoss: number, stoppedEarly = true) =>
    recordOf(
      'early-stopping',
      flat(epochs, 1, best + 1),
      { epoch: 4, valLoss: best, stoppedEarly },
      {
        finalValLoss,
      },
    );

  it('holds when stopped early, patience epochs after the best, at the best validation loss', () => {
    expect(stops.check({ story: run(10, 0.5, 0.5) })).toEqual({
      holds: true,
      figure:
        'best epoch 4, stopped after epoch 10 of 60 (patience 6); final validation loss 0.500 = best 0.500',
    });
  });

  it('fails a run that did not stop early, or stopped an epoch early or late', () => {
    expect(stops.check({ story: run(10, 0.5, 0.5, false) }).holds).toBe(false);
    expect(stops.check({ story: run(9, 0.5, 0.5) }).holds).toBe(false);
    expect(stops.check({ story: run(11, 0.5, 0.5) }).holds).toBe(false);
  });

  it('the final loss within 1e-6 · max(1, best) + 1e-6 of the best, either side', () => {
    // Best 0.5: within 2e-6.
    expect(stops.check({ story: run(10, 0.5, 0.5 + 1.5e-6) }).holds).toBe(true);
    expect(stops.check({ story: run(10, 0.5, 0.5 + 3e-6) }).holds).toBe(false);
    expect(stops.check({ story: run(10, 0.5, 0.5 - 3e-6) }).holds).toBe(false);
    // Best 0: within 2e-6, that included.
    expect(stops.check({ story: run(10, 0, 2e-6) }).holds).toBe(true);
    // Best 10: within 1.1e-5.
    expect(stops.check({ story: run(10, 10, 10 + 1.05e-5) }).holds).toBe(true);
    expect(stops.check({ story: run(10, 10, 10 + 1.2e-5) }).holds).toBe(false);
  });

  it('patience 20 runs longer and ends further above its best', () => {
    const run = (epochs: number, lastVal: number, best: number) =>
      recordOf('early-stopping', [...flat(epochs - 1, 1, best), [1, lastVal]], { epoch: 1, valLoss: best });
    // Rises 1.5 / 1 and 2.5 / 2 = 1.25 (the products, 1.5 and 5, would say the reverse).
    expect(creeps.check({ story: run(10, 2.5, 2), patient: run(24, 1.5, 1) })).toEqual({
      holds: true,
      figure:
        'patience 20 stops after epoch 24 with the validation loss ×1.50 its best; patience 6 after 10, ×1.25',
    });
    expect(creeps.check({ story: run(24, 2.5, 2), patient: run(24, 1.5, 1) }).holds).toBe(false);
    expect(creeps.check({ story: run(10, 2.5, 2), patient: run(24, 1.25, 1) }).holds).toBe(false);
  });

  it('the variant raises the patience to 20 and keeps the rest', () => {
    const config = PRESETS['early-stopping'].config;
    expect(creeps.variants?.patient(config)).toEqual({
      ...config,
      earlyStopping: { enabled: true, patience: 20, minDelta: 0, restoreBestWeights: true },
    });
  });
});
