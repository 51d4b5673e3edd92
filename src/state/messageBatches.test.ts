import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../data/types';
import type { BackendInfo } from '../engine/contracts/backend';
import type { FromWorker } from '../engine/host/protocol';
import type { EpochReport } from '../engine/training/report';
import { DEFAULT_CONFIG } from '../model/config';
import { splitBatch } from './messageBatches';
import { initialRunSlice } from './store';
import { applyWorkerMessages, type RunSlice } from './workerMessages';

const report = (epoch: number): EpochReport => ({
  epoch,
  step: epoch,
  trainLoss: 1 / epoch,
  valLoss: 1 / epoch,
  metrics: { task: 'regression', mae: 0, rmse: 0 },
  stepsPerSec: 1,
  elapsedMs: 1,
  bestEpoch: epoch,
  bestValLoss: 1 / epoch,
});
const dataset = { name: 'sine', task: 'regression' } as DatasetSummary;
const backend = { kind: 'cpu', label: 'cpu' } as BackendInfo;
const batch: FromWorker[] = [
  { type: 'state', state: 'preparing' },
  { type: 'ready', backend, choice: { engine: 'ref', why: 'askedRef' }, dataset },
  { type: 'state', state: 'running' },
  { type: 'epoch', report: report(1), forecast: [{ truth: [1], predicted: [2] }] },
  { type: 'epoch', report: report(2), forecast: [{ truth: [1], predicted: [3] }] },
  {
    type: 'done',
    summary: { done: true, reason: 'epochs', stoppedEarly: false, bestEpoch: 2, bestValLoss: 0.5 },
  },
];

describe('splitBatch', () => {
  it('puts setup messages and run progress in separate chunks, in order', () => {
    const { chunks } = splitBatch(batch);
    expect(chunks.map((c) => c.map((m) => m.type))).toEqual([
      ['state'],
      ['ready'],
      ['state', 'epoch', 'epoch', 'done'],
    ]);
  });

  it('takes the latest forecast off the epochs', () => {
    const { chunks, forecast } = splitBatch(batch);
    expect(forecast).toEqual([{ truth: [1], predicted: [3] }]);
    expect(chunks.flat().some((m) => m.type === 'epoch' && m.forecast)).toBe(false);
  });

  it('applying the chunks one after another gives the state of the whole batch', () => {
    const start: RunSlice = { ...initialRunSlice(DEFAULT_CONFIG), acceptRun: true };
    const whole = { ...start, ...applyWorkerMessages(start, batch), forecast: [] };
    let stepwise = start;
    for (const chunk of splitBatch(batch).chunks)
      stepwise = { ...stepwise, ...applyWorkerMessages(stepwise, chunk) };
    expect(stepwise).toEqual(whole);
  });

  it('counts previews, notices and errors as setup, and leaves an epoch without a forecast as it is', () => {
    const epoch: FromWorker = { type: 'epoch', report: report(1) };
    const { chunks, forecast } = splitBatch([
      { type: 'preview', dataset },
      { type: 'notice', level: 'info', message: 'hi' },
      epoch,
      { type: 'error', message: 'x' },
    ]);
    expect(chunks.map((c) => c.map((m) => m.type))).toEqual([['preview', 'notice'], ['epoch'], ['error']]);
    expect(chunks[1][0]).toBe(epoch);
    expect(forecast).toBeUndefined();
  });
});
