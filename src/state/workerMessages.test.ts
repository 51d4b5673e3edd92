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
    const choice = { engine: 'wasm' as const, why: 'noWebGpu' as const, detail: 'no adapter' };
    const ready = {
      type: 'ready' as const,
      backend: { kind: 'wasm' as const, label: 'WebAssembly SIMD' },
      choice,
      dataset: summary,
    };
    const next = applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [ready, ready]);
    expect(next.notices).toHaveLength(1);
    expect(next.engineChoice).toEqual(choice);
  });

  it("the worker's plan is kept for the badge before Train, even with no run accepted", () => {
    const plan = {
      choice: { engine: 'wasm' as const, why: 'softwareGpu' as const, adapter: 'SwiftShader' },
      threads: 2,
    };
    const next = applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [{ type: 'plan', plan }]);
    expect(next.enginePlan).toEqual(plan);
    expect(next.notices).toEqual([]);
  });

  it('a forced WebGPU with none here is an error notice that names the reason', () => {
    const next = applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [
      { type: 'webgpuRequired', reason: 'no adapter was found' },
    ]);
    expect(next.notices).toEqual([
      {
        id: 'webgpuRequired',
        level: 'error',
        key: 'webgpuRequired',
        vars: { reason: 'no adapter was found' },
      },
    ]);
  });

  it('a lost GPU: the badge learns why the CPU engine took over, and the adapter it left', () => {
    const base = {
      ...initialRunSlice(DEFAULT_CONFIG),
      acceptRun: true,
      engineChoice: { engine: 'webgpu' as const, why: 'gpu' as const, adapter: 'Big GPU' },
    };
    const next = applyWorkerMessages(base, [
      {
        type: 'deviceLost',
        reason: 'destroyed',
        epoch: 3,
        backend: { kind: 'wasm', label: 'WebAssembly SIMD' },
      },
    ]);
    expect(next.engineChoice).toEqual({
      engine: 'wasm',
      why: 'gpuLost',
      adapter: 'Big GPU',
      detail: 'destroyed',
    });
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

  it('keeps each window’s first whole epoch of attention beside the current one', () => {
    const probe = (epoch: number, window: number, midEpoch = false) => ({
      epoch,
      steps: epoch * 4,
      midEpoch,
      window,
      activations: {
        cell: 'lstm' as const,
        steps: 2,
        layers: [],
        readout: null,
        attention: {
          score: 'additive' as const,
          scores: Float32Array.of(epoch, 0),
          alpha: Float32Array.of(0.5, 0.5),
        },
      },
      gradNorms: null,
      input: new Float32Array(2),
      target: new Float32Array(1),
      words: null,
    });
    const running = { ...initialRunSlice(DEFAULT_CONFIG), acceptRun: true };
    const next = applyWorkerMessages(running, [
      // Untrained weights and a probe inside epoch 1 are not "after epoch 1".
      { type: 'probe', probe: probe(0, 3) },
      { type: 'probe', probe: probe(0, 3, true) },
      { type: 'probe', probe: probe(1, 3) },
      { type: 'probe', probe: probe(2, 3) },
      // Another window opened at epoch 2: its first is epoch 2; window 3 keeps epoch 1.
      { type: 'probe', probe: probe(2, 5) },
      { type: 'probe', probe: probe(3, 5) },
    ]);
    expect(next.firstAttention?.map((f) => [f.window, f.epoch, f.attention.scores[0]])).toEqual([
      [3, 1, 1],
      [5, 2, 2],
    ]);
    expect(next.insideProbe?.epoch).toBe(3);
  });

  it("keeps each window's first whole epoch of an encoder–decoder's alignment (issue 23)", () => {
    const probe = (epoch: number, window: number, midEpoch = false) => ({
      epoch,
      steps: epoch * 4,
      midEpoch,
      window,
      activations: {
        cell: 'lstm' as const,
        steps: 2,
        layers: [],
        readout: null,
        translation: {
          outSteps: 1,
          inSteps: 2,
          alpha: Float32Array.of(epoch / 10, 1 - epoch / 10),
          outputs: Float32Array.of(1),
        },
      },
      gradNorms: null,
      input: new Float32Array(2),
      target: new Float32Array(1),
      words: null,
    });
    const running = { ...initialRunSlice(DEFAULT_CONFIG), acceptRun: true };
    const next = applyWorkerMessages(running, [
      { type: 'probe', probe: probe(0, 3) },
      { type: 'probe', probe: probe(1, 3, true) },
      { type: 'probe', probe: probe(1, 3) },
      { type: 'probe', probe: probe(2, 3) },
      { type: 'probe', probe: probe(2, 5) },
    ]);
    expect(next.firstTranslation?.map((f) => [f.window, f.epoch, f.translation.alpha[0]])).toEqual([
      [3, 1, Math.fround(0.1)],
      [5, 2, Math.fround(0.2)],
    ]);
    expect(next.firstAttention).toEqual([]);
  });

  it('keeps the progress of the wait under way, and drops it when the run ends', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), runState: 'preparing' as const, acceptRun: true };
    const step = { task: 'train' as const, epoch: 1, step: 5, steps: 40, etaMs: 9000 };
    const next = applyWorkerMessages(base, [
      { type: 'progress', progress: { task: 'compile' } },
      { type: 'state', state: 'running' },
      { type: 'progress', progress: step },
    ]);
    expect(next.progress).toEqual(step);
    expect(applyWorkerMessages({ ...base, ...next }, [{ type: 'state', state: 'done' }]).progress).toBeNull();
    // After a reset, a stopped run's late progress draws nothing.
    expect(
      applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [{ type: 'progress', progress: step }]).progress,
    ).toBeNull();
  });

  it('a lost GPU switches the badge to the CPU engine and says from which epoch it goes on', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), runState: 'running' as const, acceptRun: true };
    const cpu = { kind: 'cpu' as const, label: 'CPU (reference)' };
    const next = applyWorkerMessages(base, [
      { type: 'deviceLost', reason: 'destroyed', epoch: 2, backend: cpu },
    ]);
    expect(next.backend).toEqual(cpu);
    expect(next.notices).toEqual([
      expect.objectContaining({
        key: 'deviceLost',
        level: 'warning',
        vars: { reason: 'destroyed', epoch: '2' },
      }),
    ]);
  });

  it('a config too heavy for the CPU engine is refused with the knob, the value and the config that fits', () => {
    const base = { ...initialRunSlice(DEFAULT_CONFIG), runState: 'preparing' as const, acceptRun: true };
    const lighter = { ...DEFAULT_CONFIG, batchSize: 24 };
    const next = applyWorkerMessages(base, [
      {
        type: 'tooHeavy',
        verdict: {
          stepFlops: 3.2e9,
          limitFlops: 1.5e9,
          suggestion: { knob: 'batchSize', value: 24, config: lighter },
        },
        fallbackReason: 'no adapter',
      },
    ]);
    expect(next.runState).toBe('idle');
    expect(next.notices?.map((n) => n.key)).toEqual(['tooHeavy', 'fallbackNotice']);
    expect(next.notices?.[0]).toMatchObject({
      vars: { gflop: '3.2', limit: '1.5', knob: 'batchSize', value: '24' },
      suggestedConfig: lighter,
    });
  });
});

describe('the notices a run leaves', () => {
  const running = () => ({
    ...initialRunSlice(DEFAULT_CONFIG),
    runState: 'running' as const,
    acceptRun: true,
  });
  const report = (epoch: number) => ({
    epoch,
    step: epoch * 4,
    trainLoss: 1,
    valLoss: 1,
    metrics: { task: 'regression' as const, mae: 0, rmse: 0 },
    stepsPerSec: 1,
    elapsedMs: 1,
    bestEpoch: epoch,
    bestValLoss: 1,
  });

  it('words the fallback reason once, under its own id', () => {
    const ready = {
      type: 'ready' as const,
      backend: { kind: 'wasm' as const, label: 'WebAssembly SIMD' },
      choice: { engine: 'wasm' as const, why: 'noWebGpu' as const, detail: 'no adapter' },
      dataset: summary,
    };
    expect(applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [ready]).notices).toEqual([
      { id: 'fallback', level: 'info', key: 'fallbackNotice', vars: { reason: 'no adapter' } },
    ]);
    const onGpu = {
      ...ready,
      backend: { kind: 'webgpu' as const, label: 'GPU' },
      choice: { engine: 'webgpu' as const, why: 'gpu' as const, adapter: 'GPU' },
    };
    const next = applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [onGpu]);
    expect(next.notices).toEqual([]);
    expect(next.engineChoice?.why).toBe('gpu');
  });

  it('a software adapter: the notice says the CPU engine was chosen as the faster here, naming the adapter', () => {
    const ready = {
      type: 'ready' as const,
      backend: { kind: 'wasm' as const, label: 'WebAssembly SIMD' },
      choice: { engine: 'wasm' as const, why: 'softwareGpu' as const, adapter: 'google swiftshader' },
      dataset: summary,
    };
    expect(applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [ready]).notices).toEqual([
      { id: 'fallback', level: 'info', key: 'softwareGpuNotice', vars: { adapter: 'google swiftshader' } },
    ]);
  });

  it('an engine the link asked for gets no notice', () => {
    const ready = {
      type: 'ready' as const,
      backend: { kind: 'cpu' as const, label: 'CPU (reference)' },
      choice: { engine: 'ref' as const, why: 'askedRef' as const },
      dataset: summary,
    };
    expect(applyWorkerMessages(initialRunSlice(DEFAULT_CONFIG), [ready]).notices).toEqual([]);
  });

  it('a diverged run names its message; any other end leaves no notice', () => {
    const done = (reason: 'diverged' | 'epochs', message?: string) => ({
      type: 'done' as const,
      summary: { done: true as const, reason, stoppedEarly: false, bestEpoch: 2, bestValLoss: 1, message },
    });
    expect(
      applyWorkerMessages(running(), [done('diverged', 'The training loss became NaN')]).notices,
    ).toEqual([
      {
        id: 'diverged',
        level: 'warning',
        key: 'diverged',
        vars: { message: 'The training loss became NaN' },
      },
    ]);
    expect(applyWorkerMessages(running(), [done('diverged')]).notices?.[0].vars).toEqual({ message: 'NaN' });
    const finished = applyWorkerMessages(running(), [done('epochs')]);
    expect(finished.notices).toEqual([]);
    expect(finished.runState).toBe('done');
  });

  it("shows the engine's own notices, each kept", () => {
    const next = applyWorkerMessages(running(), [
      { type: 'notice', level: 'warning', message: 'slow step' },
      { type: 'notice', level: 'info', message: 'slow step' },
    ]);
    expect(next.notices?.map(({ level, key, vars }) => ({ level, key, vars }))).toEqual([
      { level: 'warning', key: 'raw', vars: { message: 'slow step' } },
      { level: 'info', key: 'raw', vars: { message: 'slow step' } },
    ]);
    expect(new Set(next.notices?.map((n) => n.id)).size).toBe(2);
  });

  it('a worker error fails the run under way, and only that', () => {
    const error = { type: 'error' as const, message: 'out of memory' };
    const next = applyWorkerMessages(running(), [error]);
    expect(next.runState).toBe('failed');
    expect(next.notices?.map(({ level, key, vars }) => ({ level, key, vars }))).toEqual([
      { level: 'error', key: 'workerError', vars: { message: 'out of memory' } },
    ]);
    const preparing = { ...running(), runState: 'preparing' as const };
    expect(applyWorkerMessages(preparing, [error]).runState).toBe('failed');
    const finished = { ...running(), runState: 'done' as const };
    expect(applyWorkerMessages(finished, [error]).runState).toBe('done');
  });

  it('refuses a config no single knob fixes with the other words and no config to apply', () => {
    const next = applyWorkerMessages(running(), [
      { type: 'tooHeavy', verdict: { stepFlops: 4.1e9, limitFlops: 1.5e9, suggestion: null } },
    ]);
    expect(next.notices).toEqual([
      {
        id: 'tooHeavy',
        level: 'warning',
        key: 'tooHeavyNoFit',
        vars: { gflop: '4.1', limit: '1.5', knob: '', value: '' },
      },
    ]);
    expect(next.runState).toBe('idle');
    expect(next.progress).toBeNull();
  });

  it('adds epochs to the curve in order and keeps the latest forecast', () => {
    const forecast = [{ truth: [1], predicted: [2] }];
    const base = { ...running(), reports: [report(1)] };
    const next = applyWorkerMessages(base, [
      { type: 'epoch', report: report(2), forecast },
      { type: 'epoch', report: report(3) },
    ]);
    expect(next.reports?.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(base.reports.map((r) => r.epoch)).toEqual([1]);
    expect(next.forecast).toBe(forecast);
  });

  it('keeps the progress while the run is paused or preparing, drops it when it fails', () => {
    const step = { task: 'train' as const, epoch: 1, step: 5, steps: 40, etaMs: 9000 };
    const base = { ...running(), progress: step };
    expect(applyWorkerMessages(base, [{ type: 'state', state: 'paused' }]).progress).toEqual(step);
    expect(applyWorkerMessages(base, [{ type: 'state', state: 'preparing' }]).progress).toEqual(step);
    expect(applyWorkerMessages(base, [{ type: 'state', state: 'failed' }]).progress).toBeNull();
  });

  it('marks a live change at the epoch the worker applied it, once', () => {
    const change = { knob: 'dropout' as const, from: 0, to: 0.2 };
    const base = {
      ...running(),
      unmarkedChanges: [
        { id: 7, changes: [change] },
        { id: 8, changes: [change] },
      ],
    };
    const next = applyWorkerMessages(base, [
      { type: 'marked', id: 7, epoch: 3 },
      { type: 'marked', id: 99, epoch: 4 },
    ]);
    expect(next.liveMarks).toEqual([{ epoch: 3, changes: [change] }]);
    expect(next.unmarkedChanges).toEqual([{ id: 8, changes: [change] }]);
    // A reset run's late marks are dropped.
    expect(
      applyWorkerMessages({ ...base, acceptRun: false }, [{ type: 'marked', id: 7, epoch: 3 }]).liveMarks,
    ).toEqual([]);
  });

  it('a lost device keeps one notice under its id', () => {
    const cpu = { kind: 'cpu' as const, label: 'CPU (reference)' };
    const lost = { type: 'deviceLost' as const, reason: 'destroyed', epoch: 2, backend: cpu };
    expect(applyWorkerMessages(running(), [lost, lost]).notices).toEqual([
      { id: 'deviceLost', level: 'warning', key: 'deviceLost', vars: { reason: 'destroyed', epoch: '2' } },
    ]);
  });

  it('a reset run’s late state, end, lost device and refusal are dropped', () => {
    const reset = initialRunSlice(DEFAULT_CONFIG);
    const next = applyWorkerMessages(reset, [
      { type: 'state', state: 'running' },
      {
        type: 'done',
        summary: { done: true, reason: 'diverged', stoppedEarly: false, bestEpoch: 1, bestValLoss: 1 },
      },
      {
        type: 'deviceLost',
        reason: 'destroyed',
        epoch: 2,
        backend: { kind: 'cpu', label: 'CPU (reference)' },
      },
      { type: 'tooHeavy', verdict: { stepFlops: 4.1e9, limitFlops: 1.5e9, suggestion: null } },
    ]);
    expect(next).toEqual(reset);
  });

  it('keeps the progress when the run goes on running', () => {
    const step = { task: 'train' as const, epoch: 1, step: 5, steps: 40, etaMs: 9000 };
    const base = { ...running(), progress: step };
    expect(applyWorkerMessages(base, [{ type: 'state', state: 'running' }]).progress).toEqual(step);
  });

  it('a refusal on the fallback engine also says why the CPU engine was to run it', () => {
    const next = applyWorkerMessages(running(), [
      {
        type: 'tooHeavy',
        verdict: { stepFlops: 4.1e9, limitFlops: 1.5e9, suggestion: null },
        fallbackReason: 'no adapter',
      },
    ]);
    expect(next.notices?.[1]).toEqual({
      id: 'fallback',
      level: 'info',
      key: 'fallbackNotice',
      vars: { reason: 'no adapter' },
    });
  });
});
