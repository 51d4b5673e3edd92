import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/report';
import {
  compareLines,
  confusionShares,
  formatMetric,
  lossRows,
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
