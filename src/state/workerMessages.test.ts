import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../data/types';
import { DEFAULT_CONFIG } from '../model/config';
import { initialRunSlice } from './store';
import { applyWorkerMessages } from './workerMessages';

const summary: DatasetSummary = {
  name: 'mine',
  task: 'regression',
  timesteps: 4,
  features: 1,
  outputs: 1,
  trainSize: 10,
  valSize: 3,
  description: '',
  featureNames: ['x'],
  text: false,
  preview: { series: [1, 2, 3, 4], target: [5] },
};
const custom = { name: 'mine', kind: 'csv' as const, text: 'x\n1' };
const candidateConfig = {
  ...DEFAULT_CONFIG,
  dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom' as const },
};

describe('applyWorkerMessages', () => {
  it('a diverged run ends with a notice and keeps its curves', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), runState: 'running' as const, acceptRun: true };
    const next = applyWorkerMessages(base, [
      {
        type: 'done',
        summary: {
          done: true,
          reason: 'diverged',
          stoppedEarly: false,
          bestEpoch: 2,
          bestValLoss: 1,
          message: 'val loss NaN at epoch 3',
        },
      },
    ]);
    expect(next.runState).toBe('done');
    expect(next.notices?.[0]).toMatchObject({ key: 'diverged', level: 'warning' });
    expect(next.reports).toBe(base.reports);
  });

  it('a fallback reason in ready becomes one notice, however often it comes', () => {
    const ready = {
      type: 'ready' as const,
      backend: { kind: 'cpu' as const, label: 'CPU (reference)' },
      fallbackReason: 'no adapter',
      dataset: summary,
    };
    const next = applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [ready, ready]);
    expect(next.notices).toHaveLength(1);
    expect(next.fallbackReason).toBe('no adapter');
  });

  it('own data switches the config only once the worker has read it', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), customCandidate: { custom, config: candidateConfig } };
    const next = applyWorkerMessages(base, [{ type: 'preview', dataset: summary }]);
    expect(next.config?.dataset.name).toBe('custom');
    expect(next.custom).toBe(custom);
  });

  it('a parse error of own data keeps the previous dataset and shows the error', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), customCandidate: { custom, config: candidateConfig } };
    const next = applyWorkerMessages(base, [{ type: 'error', message: 'row 3, column "y": not a number' }]);
    expect(next.config?.dataset.name).toBe('sine');
    expect(next.customError).toContain('row 3');
    expect(next.customCandidate).toBeNull();
  });
});

describe('after a reset', () => {
  it('late epochs of the stopped run are dropped', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), acceptRun: false };
    const late = {
      type: 'epoch' as const,
      report: {
        epoch: 9,
        step: 9,
        trainLoss: 1,
        valLoss: 1,
        metrics: { task: 'regression' as const, mae: 0, rmse: 0 },
        stepsPerSec: 1,
        elapsedMs: 1,
        bestEpoch: 9,
        bestValLoss: 1,
      },
    };
    expect(applyWorkerMessages(base, [late, { type: 'state', state: 'running' }]).reports).toEqual([]);
  });

  it('keeps the latest probe, and the run’s first gradient norms beside it', () => {
    const norms = (v: number) => ({ steps: 4, c: null, h: [[Float32Array.of(v)]] });
    const probe = (epoch: number) => ({
      epoch,
      steps: epoch * 4,
      midEpoch: false,
      window: 0,
      activations: { cell: 'simple_rnn' as const, steps: 1, layers: [], readout: null },
      gradNorms: norms(epoch),
      input: new Float32Array(1),
      target: new Float32Array(1),
      words: null,
    });
    const running = { ...initialRunSlice(DEFAULT_CONFIG), acceptRun: true };
    const next = applyWorkerMessages(running, [
      { type: 'probe', probe: probe(1) },
      { type: 'probe', probe: probe(2) },
    ]);
    expect(next.insideProbe?.epoch).toBe(2);
    expect(next.firstGradNorms?.epoch).toBe(1);
    // A stopped run's late probe does not draw.
    const stopped = applyWorkerMessages({ ...initialRunSlice(DEFAULT_CONFIG) }, [
      { type: 'probe', probe: probe(3) },
    ]);
    expect(stopped.insideProbe).toBeNull();
  });
});
