import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/training/report';
import { historyCsv } from './historyCsv';

const report = (epoch: number, metrics: EpochReport['metrics']): EpochReport => ({
  epoch,
  step: epoch * 4,
  trainLoss: 1 / epoch,
  valLoss: 0.5 + 0.01 * epoch,
  metrics,
  stepsPerSec: 120.5,
  elapsedMs: 250 * epoch,
  bestEpoch: 1,
  bestValLoss: 0.51,
});

describe('historyCsv', () => {
  it('writes one row per epoch with the regression metrics, numbers at full precision', () => {
    const csv = historyCsv([1, 2, 3].map((e) => report(e, { task: 'regression', mae: 0.25 * e, rmse: 0.3 })));
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe(
      'epoch,loss,val_loss,val_mae,val_rmse,best_epoch,best_val_loss,steps_per_sec,elapsed_s',
    );
    expect(rows).toHaveLength(4);
    expect(rows[3]).toBe('3,0.3333333333333333,0.53,0.75,0.3,1,0.51,120.5,0.75');
  });

  it('names the classification metrics', () => {
    const metrics: EpochReport['metrics'] = {
      task: 'classification',
      accuracy: 0.9,
      precision: 0.8,
      recall: 0.7,
      f1: 0.75,
      confusion: [],
    };
    const csv = historyCsv([report(1, metrics)]);
    expect(csv.split('\n')[0]).toContain('val_accuracy,val_precision,val_recall,val_f1');
    expect(csv.split('\n')[1]).toBe('1,1,0.51,0.9,0.8,0.7,0.75,1,0.51,120.5,0.25');
  });
});
