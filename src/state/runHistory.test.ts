import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/training/report';
import { DEFAULT_CONFIG } from '../model/config';
import { archiveRun, MAX_PAST_RUNS, type PastRun } from './runHistory';

const report = (epoch: number, valLoss: number): EpochReport => ({
  epoch,
  step: epoch * 4,
  trainLoss: 1,
  valLoss,
  metrics: { task: 'regression', mae: 0.1, rmse: 0.2 },
  stepsPerSec: 100,
  elapsedMs: epoch * 10,
  bestEpoch: epoch,
  bestValLoss: valLoss,
});

const past = (id: number): PastRun => ({ id, config: DEFAULT_CONFIG, curve: [], bestValLoss: 1 });

describe('archiveRun', () => {
  it('keeps the validation curve and its lowest point, newest run first', () => {
    const history = archiveRun([past(1)], 2, DEFAULT_CONFIG, [
      report(1, 0.9),
      report(2, 0.4),
      report(3, 0.6),
    ]);
    expect(history).toEqual([
      {
        id: 2,
        config: DEFAULT_CONFIG,
        curve: [
          { epoch: 1, valLoss: 0.9 },
          { epoch: 2, valLoss: 0.4 },
          { epoch: 3, valLoss: 0.6 },
        ],
        bestValLoss: 0.4,
      },
      past(1),
    ]);
  });

  it('keeps the five newest runs', () => {
    const full = [5, 4, 3, 2, 1].map(past);
    const history = archiveRun(full, 6, DEFAULT_CONFIG, [report(1, 0.5)]);
    expect(MAX_PAST_RUNS).toBe(5);
    expect(history.map((r) => r.id)).toEqual([6, 5, 4, 3, 2]);
  });

  it('archives nothing for a run without a config or without an epoch, and returns a copy', () => {
    const history = [past(1)];
    const noEpoch = archiveRun(history, 2, DEFAULT_CONFIG, []);
    expect(noEpoch).toEqual([past(1)]);
    expect(noEpoch).not.toBe(history);
    expect(archiveRun(history, 2, null, [report(1, 0.5)])).toEqual([past(1)]);
  });
});
