import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/training/report';
import { formatEpoch } from './format';

const report = (metrics: EpochReport['metrics']): EpochReport => ({
  epoch: 4,
  step: 448,
  trainLoss: 0.0421,
  valLoss: 0.0388,
  metrics,
  stepsPerSec: 75.25,
  elapsedMs: 6000,
  bestEpoch: 4,
  bestValLoss: 0.0388,
});
const classification = {
  task: 'classification' as const,
  accuracy: 0.9825,
  precision: 0.99,
  recall: 0.99,
  f1: 0.9912,
  confusion: [],
};

describe('the headless runner’s line per epoch', () => {
  it('a classifier: accuracy and F1', () => {
    expect(formatEpoch(report(classification))).toBe(
      'epoch   4  loss 0.04210  val_loss 0.03880 *  acc 0.9825  f1 0.9912  75.3 steps/s',
    );
  });

  it('a translation model: exact match of whole dates, then the share of characters right', () => {
    expect(formatEpoch(report({ ...classification, characterAccuracy: 0.99731 }))).toBe(
      'epoch   4  loss 0.04210  val_loss 0.03880 *  exact 0.9825  char_acc 0.9973  f1 0.9912  75.3 steps/s',
    );
  });
});
