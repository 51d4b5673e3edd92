import { describe, expect, it } from 'vitest';
import type { EpochReport, RunSummary } from '../engine/training/report';
import { DEFAULT_CONFIG } from '../model/config';
import { archiveRun } from '../state/runHistory';
import {
  compareLines,
  confusionCellStyle,
  confusionShares,
  formatMetric,
  lossRows,
  overfittingRanges,
  runMarkers,
  sparklinePath,
} from './chartData';

const report = (epoch: number, valLoss = 1 / epoch): EpochReport => ({
  epoch,
  step: epoch,
  trainLoss: 1 / epoch,
  valLoss,
  metrics: { task: 'regression', mae: 0, rmse: 0 },
  stepsPerSec: 1,
  elapsedMs: 1,
  bestEpoch: Math.min(epoch, 3),
  bestValLoss: 0.3,
});

describe('chart data', () => {
  it('loss rows stay within the point budget for a long run and drop NaN epochs', () => {
    const reports = Array.from({ length: 1000 }, (_, i) => report(i + 1));
    reports[500] = report(501, Number.NaN);
    const rows = lossRows(reports, 300);
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(rows.every((r) => Number.isFinite(r.val))).toBe(true);
  });

  it('marks where early stopping stopped only when it did', () => {
    const reports = [report(1), report(2), report(3), report(4)];
    const stopped = {
      done: true as const,
      reason: 'early-stopping' as const,
      stoppedEarly: true,
      bestEpoch: 2,
      bestValLoss: 0.5,
    };
    expect(runMarkers(reports, stopped)).toEqual({ bestEpoch: 2, bestValLoss: 0.5, stoppedEpoch: 4 });
    expect(runMarkers(reports, null).stoppedEpoch).toBeNull();
    expect(runMarkers([], null).bestEpoch).toBeNull();
  });

  it('compare lines put the current run first and label past runs', () => {
    const past = [{ id: 1, config: {} as never, curve: [{ epoch: 1, valLoss: 2 }], bestValLoss: 2 }];
    const lines = compareLines(past, [report(1)], 'now', () => 'dropout 0.3');
    expect(lines.map((l) => [l.label, l.current])).toEqual([
      ['now', true],
      ['dropout 0.3', false],
    ]);
  });

  it('confusion shares are row-normalised and safe for empty rows', () => {
    expect(
      confusionShares([
        [3, 1],
        [0, 0],
      ]),
    ).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
  });

  it('sparkline spans the box and needs two points', () => {
    expect(sparklinePath([0, 1], 10, 10, 0)).toBe('M0.0,10.0 L10.0,0.0');
    expect(sparklinePath([1], 10, 10)).toBe('');
  });

  it('formats metrics readably', () => {
    expect(formatMetric(0.87314)).toBe('0.873');
    expect(formatMetric(1234.5)).toBe('1235');
    expect(formatMetric(Number.NaN)).toBe('—');
  });
});

/**
 * One run's history with different training and validation losses, as the trainer reports it:
 * validation best at epoch 3 (0.6), training lowest at epoch 6, early stopping with patience 3
 * ending it after epoch 6 (epochs 4, 5, 6 without improvement).
 */
const TRAIN = [0.9, 0.7, 0.5, 0.4, 0.3, 0.2];
const VAL = [1.0, 0.8, 0.6, 0.65, 0.7, 0.75];
const BEST_EPOCH = [1, 2, 3, 3, 3, 3];
const BEST_VAL = [1.0, 0.8, 0.6, 0.6, 0.6, 0.6];
const history: EpochReport[] = TRAIN.map((trainLoss, i) => ({
  epoch: i + 1,
  step: 10 * (i + 1),
  trainLoss,
  valLoss: VAL[i],
  metrics: { task: 'regression', mae: 0, rmse: 0 },
  stepsPerSec: 1,
  elapsedMs: 1,
  bestEpoch: BEST_EPOCH[i],
  bestValLoss: BEST_VAL[i],
}));

describe('the loss chart’s series: which numbers go where', () => {
  it('the training line takes the training losses and the validation line the validation losses', () => {
    expect(lossRows(history)).toEqual([
      { epoch: 1, train: 0.9, val: 1.0 },
      { epoch: 2, train: 0.7, val: 0.8 },
      { epoch: 3, train: 0.5, val: 0.6 },
      { epoch: 4, train: 0.4, val: 0.65 },
      { epoch: 5, train: 0.3, val: 0.7 },
      { epoch: 6, train: 0.2, val: 0.75 },
    ]);
  });

  it('an epoch with either loss not finite leaves both lines; the others keep their epochs', () => {
    const broken = history.map((r) =>
      r.epoch === 2
        ? { ...r, trainLoss: Number.NaN }
        : r.epoch === 4
          ? { ...r, valLoss: Number.POSITIVE_INFINITY }
          : r,
    );
    expect(lossRows(broken).map((r) => [r.epoch, r.train, r.val])).toEqual([
      [1, 0.9, 1.0],
      [3, 0.5, 0.6],
      [5, 0.3, 0.7],
      [6, 0.2, 0.75],
    ]);
  });

  it('marks the best validation epoch (3), not the lowest training loss (6), and the early stop after epoch 6', () => {
    const stopped: RunSummary = {
      done: true,
      reason: 'early-stopping',
      stoppedEarly: true,
      bestEpoch: 3,
      bestValLoss: 0.6,
    };
    expect(runMarkers(history, stopped)).toEqual({ bestEpoch: 3, bestValLoss: 0.6, stoppedEpoch: 6 });
  });

  it('during a run the marks follow the latest report, and no early stop is drawn', () => {
    expect(runMarkers(history.slice(0, 2), null)).toEqual({
      bestEpoch: 2,
      bestValLoss: 0.8,
      stoppedEpoch: null,
    });
    expect(runMarkers(history.slice(0, 4), null)).toEqual({
      bestEpoch: 3,
      bestValLoss: 0.6,
      stoppedEpoch: null,
    });
  });

  it('a run that used all its epochs has its best epoch marked and no stop', () => {
    const ran: RunSummary = {
      done: true,
      reason: 'epochs',
      stoppedEarly: false,
      bestEpoch: 3,
      bestValLoss: 0.6,
    };
    expect(runMarkers(history, ran)).toEqual({ bestEpoch: 3, bestValLoss: 0.6, stoppedEpoch: null });
  });

  it('before any finite validation loss there is no best epoch to mark', () => {
    // The trainer starts from best epoch 0 and best loss +∞ and keeps them while every loss is NaN.
    const diverged = [
      { ...history[0], valLoss: Number.NaN, bestEpoch: 0, bestValLoss: Number.POSITIVE_INFINITY },
    ];
    expect(runMarkers(diverged, null)).toEqual({ bestEpoch: null, bestValLoss: null, stoppedEpoch: null });
  });

  it('the overfitting band smooths over the finite epochs and keeps the reports’ own epoch numbers', () => {
    // Epoch 6 is NaN and left out of the curve, so the 12 finite epochs are 1-5 and 7-13.
    // Validation 0.2 at epochs 1-5, then 1.0 at 7-13; training falls 0.05 a finite epoch from 1.0.
    const val = [0.2, 0.2, 0.2, 0.2, 0.2, Number.NaN, 1, 1, 1, 1, 1, 1, 1];
    const train = [1, 0.95, 0.9, 0.85, 0.8, Number.NaN, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45];
    const reports = val.map((valLoss, i) => ({ ...history[0], epoch: i + 1, trainLoss: train[i], valLoss }));
    // Smoothed over the 2 nearest finite epochs each side: validation 0.2 at epochs 1-3, then at
    // epoch 4 (epochs 2, 3, 4, 5, 7) (4·0.2 + 1)/5 = 0.36, then 0.52, 0.68, 0.84, 1.0. The best stays
    // 0.2 (epoch 1); the margin is max(20% of 0.2, 2% of 1.0) = 0.04, so epoch 4 is the first above
    // it, and training falls throughout: the band is epochs 4-13. (Smoothing over the NaN's place
    // instead would give epoch 4 the window 2-6, all 0.2, and start the band at 5.)
    expect(overfittingRanges(reports)).toEqual([{ fromEpoch: 4, toEpoch: 13 }]);
  });
});

describe('Compare runs: each line carries its own run’s validation losses', () => {
  const runA = history.map((r) => ({ ...r, valLoss: r.valLoss + 1 })); // 2.0, 1.8, …
  const runB = history.map((r) => ({ ...r, valLoss: r.valLoss + 2 })); // 3.0, 2.8, …
  // As the store keeps them: run 1 (A) archived first, then run 2 (B) in front of it.
  const past = archiveRun(archiveRun([], 1, { ...DEFAULT_CONFIG, l2: 0.01 }, runA), 2, DEFAULT_CONFIG, runB);
  const lines = compareLines(
    past,
    history.slice(0, 3),
    'current run',
    (run) => `run ${run.id}: l2 ${run.config.l2}`,
  );

  it('the current run first with its validation (not training) losses, then past runs newest first', () => {
    expect(lines.map((l) => [l.id, l.label, l.current])).toEqual([
      ['current', 'current run', true],
      ['run2', 'run 2: l2 0', false],
      ['run1', 'run 1: l2 0.01', false],
    ]);
    expect(lines[0].points).toEqual([
      { epoch: 1, valLoss: 1.0 },
      { epoch: 2, valLoss: 0.8 },
      { epoch: 3, valLoss: 0.6 },
    ]);
    expect(lines[1].points.map((p) => p.valLoss)).toEqual([3.0, 2.8, 2.6, 2.65, 2.7, 2.75]);
    expect(lines[2].points.map((p) => p.valLoss)).toEqual([2.0, 1.8, 1.6, 1.65, 1.7, 1.75]);
  });

  it('a non-finite validation loss leaves only its own line', () => {
    const nanAt = (epoch: number) => (r: EpochReport) =>
      r.epoch === epoch ? { ...r, valLoss: Number.NaN } : r;
    const current = history.map(nanAt(5));
    const withNaN = archiveRun(
      archiveRun([], 1, DEFAULT_CONFIG, runA),
      2,
      DEFAULT_CONFIG,
      runB.map(nanAt(2)),
    );
    const [now, newest, oldest] = compareLines(withNaN, current, 'now', () => '');
    expect(now.points.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 6]);
    expect(newest.points.map((p) => p.epoch)).toEqual([1, 3, 4, 5, 6]);
    expect(oldest.points.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('no current line before the current run has an epoch', () => {
    expect(compareLines(past, [], 'now', () => '').map((l) => l.id)).toEqual(['run2', 'run1']);
  });
});

describe('chart data: which points a long line keeps, and a confusion cell’s shade', () => {
  it('the loss rows and the compared lines keep each bucket’s lowest and highest validation loss', () => {
    // 6 epochs at 4 points: epoch 1, the lowest (0 at epoch 4) and highest (9 at epoch 3) of
    // epochs 2–5 in order, epoch 6. The training loss (1/epoch) plays no part.
    const val = [5, 1, 9, 0, 5, 5];
    const reports = val.map((v, i) => report(i + 1, v));
    expect(lossRows(reports, 4).map((r) => r.epoch)).toEqual([1, 3, 4, 6]);
    const past = [
      {
        id: 1,
        config: DEFAULT_CONFIG,
        curve: val.map((valLoss, i) => ({ epoch: i + 1, valLoss })),
        bestValLoss: 0,
      },
    ];
    const [now, run1] = compareLines(past, reports, 'now', () => 'run 1', 4);
    expect(now.points.map((p) => p.epoch)).toEqual([1, 3, 4, 6]);
    expect(run1.points.map((p) => p.epoch)).toEqual([1, 3, 4, 6]);
  });

  it('a confusion cell is its tint at 0.85 × its share over white', () => {
    // Green-700 (21, 128, 61) at 0.85: 255 − 234·0.85 = 56.1, 255 − 127·0.85 = 147.05, 255 − 194·0.85 = 90.1.
    expect(confusionCellStyle(1, true).background).toBe('rgb(56,147,90)');
    // Red-700 (185, 28, 28) at 0.425: 255 − 70·0.425 = 225.25, 255 − 227·0.425 = 158.525.
    expect(confusionCellStyle(0.5, false).background).toBe('rgb(225,159,159)');
  });
});

describe('the overfitting band leaves out an epoch with a loss that is not finite', () => {
  it('a last epoch whose training loss is NaN is not shaded: the band ends at the epoch before', () => {
    // The validation loss bottoms out at epochs 4–5 and climbs to 1.0 by epoch 12 while the training
    // loss (1/epoch) falls: the band runs to the end, which without epoch 12 is epoch 11.
    const val = [1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const reports = val.map((v, i) => ({
      ...report(i + 1, v),
      trainLoss: i === 11 ? Number.NaN : 1 / (i + 1),
    }));
    expect(overfittingRanges(reports).at(-1)?.toEpoch).toBe(11);
  });
});
