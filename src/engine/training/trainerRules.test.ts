import { afterEach, describe, expect, it, vi } from 'vitest';
import { readNodeDataFile } from '../../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { type Backend, type BackendInfo, DeviceLostError, regularizationOf } from '../contracts/backend';
import { prepareRun } from '../host/session';
import { createReferenceBackend } from '../reference/backend';
import type { EpochProbe, EpochReport, RunState, StepProgress } from './report';
import { Trainer, type TrainerEvents, type TrainerOptions } from './trainer';

/** 32 training rows, batch 8: 4 steps an epoch. */
const tiny: Config = {
  ...DEFAULT_CONFIG,
  dataset: { name: 'sine', trainSize: 32, noise: 0.2, valFraction: 0.25, timesteps: 8 },
  layers: [8],
  batchSize: 8,
  epochs: 2,
  seed: 5,
};

interface Wrap {
  /** Each step advances the test's clock by this many ms (by global step number). */
  tick?: (step: number) => void;
  kind?: BackendInfo['kind'];
  /** Validation losses in order, replacing the real ones (outputs stay real). */
  valLosses?: number[];
  /** Thrown by trainStep at this global step. */
  failAt?: { step: number; error: Error };
}

/**
 * The reference engine behind a recorder: the rows of each step, the losses handed back, the
 * weight reads and disposals. It has no probe methods (optional in the contract) on purpose.
 */
function recorded(inner: Backend, wrap: Wrap = {}) {
  const rows: number[][] = [];
  const losses: number[] = [];
  let reads = 0;
  let disposals = 0;
  let saves = 0;
  let evaluations = 0;
  const backend: Backend = {
    info: wrap.kind ? { kind: wrap.kind, label: 'Test' } : inner.info,
    evaluate: async (split) => {
      const real = await inner.evaluate(split);
      return wrap.valLosses ? { ...real, loss: wrap.valLosses[evaluations++] } : real;
    },
    setRegularization: (r) => inner.setRegularization(r),
    saveSnapshot: () => {
      saves++;
      inner.saveSnapshot();
    },
    restoreSnapshot: () => inner.restoreSnapshot(),
    readWeights: () => {
      reads++;
      return inner.readWeights();
    },
    dispose: () => {
      disposals++;
      inner.dispose();
    },
    trainStep: (r, step) => {
      if (wrap.failAt && step >= wrap.failAt.step) throw wrap.failAt.error;
      wrap.tick?.(step);
      rows.push(Array.from(r));
      inner.trainStep(r, step);
    },
    takeLosses: async () => {
      const taken = await inner.takeLosses();
      losses.push(...taken);
      return taken;
    },
  };
  return {
    backend,
    rows,
    losses,
    reads: () => reads,
    disposals: () => disposals,
    saves: () => saves,
  };
}

async function setup(config: Config, wrap: Wrap = {}, options: Partial<TrainerOptions> = {}) {
  const run = await prepareRun(config, readNodeDataFile);
  const reference = createReferenceBackend(config, run.dataset, run.weights);
  const engine = recorded(reference, wrap);
  const reports: EpochReport[] = [];
  const states: RunState[] = [];
  const events: TrainerEvents = { onEpoch: (r) => reports.push(r), onState: (s) => states.push(s) };
  const trainer = new Trainer({ config, dataset: run.dataset, backend: engine.backend, events, ...options });
  return { trainer, engine, reports, states, run, reference };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Trainer: run states', () => {
  it('starts idle, runs, and ends done after its epochs', async () => {
    const { trainer, states } = await setup(tiny);
    expect(trainer.currentState).toBe('idle');
    const summary = await trainer.run();
    expect(summary.reason).toBe('epochs');
    expect(states).toEqual(['running', 'done']);
    expect(trainer.currentState).toBe('done');
  });

  it('paused before it runs: stays idle until run, starts paused, then runs on resume', async () => {
    const { trainer, states, reports } = await setup(tiny);
    trainer.pause();
    expect(trainer.currentState).toBe('idle');
    expect(states).toEqual([]);
    const done = trainer.run();
    await tick(20);
    expect(states).toEqual(['paused']);
    expect(reports).toHaveLength(0);
    trainer.resume();
    await done;
    expect(states).toEqual(['paused', 'running', 'done']);
  });

  it('stopped while paused before the first epoch: not one step, no running state', async () => {
    const { trainer, states, reports } = await setup(tiny);
    trainer.pause();
    const done = trainer.run();
    await tick(20);
    trainer.stop();
    expect((await done).reason).toBe('stopped');
    expect(trainer.progress).toEqual({ steps: 0, midEpoch: false });
    expect(reports).toHaveLength(0);
    expect(states).toEqual(['paused', 'done']);
  });

  it('paused mid-epoch: each state change is told once, and the weights are mid-epoch', async () => {
    const config: Config = { ...tiny, epochs: 1 };
    const progress: StepProgress[] = [];
    const states: RunState[] = [];
    let trainer!: Trainer;
    const built = await setup(
      config,
      {},
      {
        events: {
          onState: (s) => states.push(s),
          onProgress: (p) => {
            progress.push(p);
            if (progress.length === 1) trainer.pause();
          },
        },
      },
    );
    trainer = built.trainer;
    const done = trainer.run();
    while (states.at(-1) !== 'paused') await tick(5);
    // The first wait for losses comes after the first step (1 step ahead before any timing).
    expect(trainer.progress).toEqual({ steps: 1, midEpoch: true });
    trainer.resume();
    await done;
    expect(states).toEqual(['running', 'paused', 'running', 'done']);
    expect(trainer.progress).toEqual({ steps: 4, midEpoch: false });
  });

  it('stopped inside an epoch: the epoch ends at the next step and gets no report', async () => {
    let trainer!: Trainer;
    const reports: EpochReport[] = [];
    const built = await setup(
      { ...tiny, epochs: 3 },
      {},
      {
        events: { onEpoch: (r) => reports.push(r), onProgress: () => trainer.stop() },
      },
    );
    trainer = built.trainer;
    const summary = await trainer.run();
    expect(summary.reason).toBe('stopped');
    // The first progress event comes after step 1 of 4; the stop takes effect before step 2.
    expect(trainer.progress.steps).toBe(1);
    expect(reports).toHaveLength(0);
    expect(trainer.history).toHaveLength(0);
  });

  it('a backend error fails the run and is passed on', async () => {
    const boom = new Error('kernel compile failed');
    const fallback = vi.fn(async () => {
      throw new Error('no fallback for this');
    });
    // On a GPU with a fallback, in epoch 2: epoch 1's weights are there to fall back to.
    const { trainer, states } = await setup(
      tiny,
      { kind: 'webgpu', failAt: { step: 6, error: boom } },
      { fallback },
    );
    await expect(trainer.run()).rejects.toBe(boom);
    // Not a lost device: no fallback, even though one is given and there are weights for it.
    expect(fallback).not.toHaveBeenCalled();
    expect(states).toEqual(['running', 'failed']);
    expect(trainer.history).toHaveLength(1);
    expect(trainer.currentState).toBe('failed');
  });

  it('a lost device before any weights were kept fails the run (nothing to go on from)', async () => {
    const lost = new DeviceLostError('gone');
    const fallback = vi.fn(async () => {
      throw new Error('must not be asked');
    });
    const { trainer } = await setup(tiny, { kind: 'webgpu', failAt: { step: 0, error: lost } }, { fallback });
    await expect(trainer.run()).rejects.toBe(lost);
    expect(fallback).not.toHaveBeenCalled();
    expect(trainer.currentState).toBe('failed');
  });

  it('dispose frees the backend', async () => {
    const { trainer, engine } = await setup(tiny);
    trainer.dispose();
    expect(engine.disposals()).toBe(1);
  });
});

describe('Trainer: the numbers of an epoch', () => {
  it('each epoch takes every training row once, in batches of 8', async () => {
    const { trainer, engine } = await setup(tiny);
    await trainer.run();
    const all = Array.from({ length: 32 }, (_, i) => i);
    expect(engine.rows).toHaveLength(8);
    for (const batch of engine.rows) expect(batch).toHaveLength(8);
    for (const epoch of [0, 1]) {
      const seen = engine.rows.slice(epoch * 4, epoch * 4 + 4).flat();
      expect(seen.sort((a, b) => a - b)).toEqual(all);
    }
  });

  it('the train loss is the mean of the epoch’s step losses', async () => {
    const { trainer, engine, reports } = await setup(tiny);
    await trainer.run();
    expect(engine.losses).toHaveLength(8);
    const [a, b, c, d, e, f, g, h] = engine.losses;
    expect(reports[0].trainLoss).toBeCloseTo((a + b + c + d) / 4, 12);
    expect(reports[1].trainLoss).toBeCloseTo((e + f + g + h) / 4, 12);
  });

  it('times epochs on the clock: 4 steps of 100 ms are 400 ms, 10 steps a second', async () => {
    let clock = 0;
    const { trainer, reports } = await setup(tiny, { tick: () => (clock += 100) }, { now: () => clock });
    await trainer.run();
    expect(reports.map((r) => [r.step, r.elapsedMs, r.stepsPerSec])).toEqual([
      [4, 400, 10],
      [8, 800, 10],
    ]);
  });

  it('without a clock given, uses the real one (finite, non-negative times)', async () => {
    const { trainer, reports } = await setup(tiny);
    await trainer.run();
    for (const r of reports) {
      expect(Number.isFinite(r.elapsedMs)).toBe(true);
      expect(r.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(r.stepsPerSec)).toBe(true);
      expect(r.stepsPerSec).toBeGreaterThan(0);
    }
  });

  it('progress: at most every 250 ms (250 exactly is enough), with the steps left at 125 ms each', async () => {
    let clock = 0;
    const progress: StepProgress[] = [];
    const { trainer } = await setup(
      tiny,
      { tick: () => (clock += 125) },
      { now: () => clock, events: { onProgress: (p) => progress.push(p) } },
    );
    await trainer.run();
    // Events at 125, 375, 625, 875 ms: steps 1 and 3 of each epoch; 7, 5, 3, 1 steps left.
    expect(progress).toEqual([
      { epoch: 1, step: 1, steps: 4, etaMs: 875 },
      { epoch: 1, step: 3, steps: 4, etaMs: 625 },
      { epoch: 2, step: 1, steps: 4, etaMs: 375 },
      { epoch: 2, step: 3, steps: 4, etaMs: 125 },
    ]);
  });

  it('the time per step is a moving mean (0.7 old, 0.3 new) over the waits', async () => {
    let clock = 0;
    const progress: StepProgress[] = [];
    // Epoch 1's steps take 100 ms, epoch 2's 200 ms.
    const { trainer } = await setup(
      tiny,
      { tick: (step) => (clock += step < 4 ? 100 : 200) },
      { now: () => clock, events: { onProgress: (p) => progress.push(p) } },
    );
    await trainer.run();
    // Epoch 1: 100 ms/step, so 2 steps go ahead of each wait; 7 steps left after the first.
    // Epoch 2: the first wait covers 2 steps of 200 ms: 0.7 * 100 + 0.3 * 200 = 130 ms a step,
    // 2 steps left: 260 ms. Then one step a wait: 151, 165.7; the last event has none left.
    expect(progress.map((p) => [p.epoch, p.step])).toEqual([
      [1, 1],
      [2, 2],
      [2, 4],
    ]);
    expect(progress[0].etaMs).toBe(700);
    expect(progress[1].etaMs).toBeCloseTo(260, 9);
    expect(progress[2].etaMs).toBe(0);
  });
});

describe('Trainer: live changes', () => {
  it('setRegularization reaches the engine: a huge L2 changes the losses', async () => {
    const plain = await setup(tiny);
    await plain.trainer.run();
    const heavy = await setup(tiny);
    heavy.trainer.setRegularization({ ...regularizationOf(tiny), l2: 10 });
    await heavy.trainer.run();
    // The data loss of step 1 is before any update; from step 2 on the L2 pull shows.
    expect(heavy.engine.losses[0]).toBe(plain.engine.losses[0]);
    expect(heavy.engine.losses[4]).not.toBe(plain.engine.losses[4]);
  });

  it('setEarlyStopping mid-run takes effect from the next epoch, its patience counted afresh', async () => {
    let trainer!: Trainer;
    const built = await setup(
      { ...tiny, epochs: 6 },
      { valLosses: [1, 0.5, 2, 3, 4, 5] },
      {
        events: {
          onEpoch: (r) => {
            if (r.epoch === 1) {
              trainer.setEarlyStopping({ enabled: true, patience: 2, minDelta: 0, restoreBestWeights: true });
            }
          },
        },
      },
    );
    trainer = built.trainer;
    const summary = await trainer.run();
    // Epoch 2 improves (0.5), 3 and 4 do not: patience 2 out after epoch 4, back to epoch 2.
    expect(summary).toEqual({
      done: true,
      reason: 'early-stopping',
      stoppedEarly: true,
      bestEpoch: 2,
      bestValLoss: 0.5,
    });
    expect(trainer.history).toHaveLength(4);
    expect(trainer.weightsEpoch).toBe(2);
    // Saved on epoch 2 only: epoch 1 was before early stopping (with restore) was on.
    expect(built.engine.saves()).toBe(1);
  });

  it('a delay between epochs waits that long after each epoch; none when 0 or negative', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const delays = () => spy.mock.calls.map((c) => c[1]);
    const slow = await setup(tiny);
    slow.trainer.setDelay(30);
    await slow.trainer.run();
    expect(delays().filter((ms) => ms === 30)).toHaveLength(2);
    spy.mockClear();
    const fast = await setup(tiny);
    fast.trainer.setDelay(-5);
    await fast.trainer.run();
    expect(delays()).toEqual([]);
    spy.mockRestore();
  });
});

describe('Trainer: early stopping boundaries', () => {
  const es = { enabled: true, patience: 1, minDelta: 0.5, restoreBestWeights: true };

  it('an improvement of exactly min_delta does not reset patience', async () => {
    const { trainer, summary } = await (async () => {
      const s = await setup({ ...tiny, epochs: 5, earlyStopping: es }, { valLosses: [1, 0.5, 0.1, 0.05, 0] });
      return { trainer: s.trainer, summary: await s.trainer.run() };
    })();
    // 1 - 0.5 = 0.5 is not below 0.5: epoch 2 is the best but patience 1 is out.
    expect(summary).toMatchObject({ reason: 'early-stopping', bestEpoch: 2, bestValLoss: 0.5 });
    expect(trainer.history).toHaveLength(2);
  });

  it('an equal loss is not a new best: the first epoch with it stays the best', async () => {
    const s = await setup(
      { ...tiny, epochs: 5, earlyStopping: { ...es, minDelta: 0 } },
      { valLosses: [1, 1, 1, 1, 1] },
    );
    const summary = await s.trainer.run();
    expect(summary).toMatchObject({ reason: 'early-stopping', bestEpoch: 1, bestValLoss: 1 });
    expect(s.engine.saves()).toBe(1);
    expect(s.trainer.weightsEpoch).toBe(1);
    expect(s.trainer.history.map((r) => r.bestEpoch)).toEqual([1, 1]);
  });
});

describe('Trainer: optional engine parts and events', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an engine without probes: setProbe is kept, probeNow answers null, no onProbe', async () => {
    const probes: EpochProbe[] = [];
    const { trainer } = await setup(tiny, {}, { events: { onProbe: (p) => probes.push(p) } });
    trainer.setProbe(2);
    await trainer.run();
    expect(await trainer.probeNow({ window: 2 })).toBeNull();
    expect(probes).toEqual([]);
    expect(trainer.gradNorms).toBeNull();
  });

  it('probes only while the trainer has a window: an engine probing on its own is not reported', async () => {
    const run = await prepareRun(tiny, readNodeDataFile);
    const backend = createReferenceBackend(tiny, run.dataset, run.weights);
    backend.setProbe?.(3);
    const probes: EpochProbe[] = [];
    const trainer = new Trainer({
      config: tiny,
      dataset: run.dataset,
      backend,
      events: { onProbe: (p) => probes.push(p) },
    });
    await trainer.run();
    expect(probes).toEqual([]);
    expect(trainer.gradNorms).toBeNull();
  });

  it('probing with no onProbe listener, or no events at all, trains on; gradNorms holds the last', async () => {
    for (const events of [undefined, { onEpoch: () => {} }]) {
      const run = await prepareRun(tiny, readNodeDataFile);
      const backend = createReferenceBackend(tiny, run.dataset, run.weights);
      const trainer = new Trainer({ config: tiny, dataset: run.dataset, backend, events });
      trainer.setProbe(3);
      expect((await trainer.run()).reason).toBe('epochs');
      expect(trainer.gradNorms?.steps).toBe(4);
    }
  });

  it('an epoch that summed no gradient step keeps the last epoch’s norms', async () => {
    // 300 ms steps: the trainer waits after every step and reports each (over 250 ms apart).
    let clock = 0;
    const probes: EpochProbe[] = [];
    const run = await prepareRun(tiny, readNodeDataFile);
    const engine = createReferenceBackend(tiny, run.dataset, run.weights);
    const timed = recorded(engine, { tick: () => (clock += 300) });
    const backend: Backend = {
      ...timed.backend,
      setProbe: (w) => engine.setProbe?.(w),
      takeGradNorms: () => engine.takeGradNorms!(),
    };
    const trainer: Trainer = new Trainer({
      config: tiny,
      dataset: run.dataset,
      backend,
      now: () => clock,
      events: {
        onProbe: (p) => probes.push(p),
        // Off and on again after epoch 2's last step: its sums restart, and no step follows.
        onProgress: (p) => {
          if (p.epoch === 2 && p.step === 4) {
            trainer.setProbe(null);
            trainer.setProbe(3);
          }
        },
      },
    });
    trainer.setProbe(3);
    await trainer.run();
    expect(probes.map((p) => [p.epoch, p.gradNorms?.steps])).toEqual([
      [1, 4],
      [2, 4],
    ]);
    expect(probes[1].gradNorms).toBe(probes[0].gradNorms);
    expect(trainer.gradNorms).toBe(probes[0].gradNorms);
  });

  it('reads the weights back each epoch only on a GPU with a fallback', async () => {
    const fallback = async () => {
      throw new Error('not lost');
    };
    const cpuWithFallback = await setup(tiny, {}, { fallback });
    await cpuWithFallback.trainer.run();
    expect(cpuWithFallback.engine.reads()).toBe(0);
    const gpuAlone = await setup(tiny, { kind: 'webgpu' });
    await gpuAlone.trainer.run();
    expect(gpuAlone.engine.reads()).toBe(0);
    const gpuWithFallback = await setup(tiny, { kind: 'webgpu' }, { fallback });
    await gpuWithFallback.trainer.run();
    expect(gpuWithFallback.engine.reads()).toBe(2);
  });

  it('a lost device with no events and a fallback without probes: trains on quietly', async () => {
    const run = await prepareRun(tiny, readNodeDataFile);
    const gpu = recorded(createReferenceBackend(tiny, run.dataset, run.weights), {
      kind: 'webgpu',
      failAt: { step: 6, error: new DeviceLostError('the adapter went away') },
    });
    for (const events of [undefined, { onEpoch: () => {} }]) {
      const trainer = new Trainer({
        config: tiny,
        dataset: run.dataset,
        backend: gpu.backend,
        events,
        fallback: async (weights) => recorded(createReferenceBackend(tiny, run.dataset, weights)).backend,
      });
      trainer.setProbe(null);
      const summary = await trainer.run();
      expect(summary.reason).toBe('epochs');
      // The 2 steps lost with the device are not counted: epoch 2 ends at step 8, not mid-epoch.
      expect(trainer.history.map((r) => r.step)).toEqual([4, 8]);
      expect(trainer.progress).toEqual({ steps: 8, midEpoch: false });
    }
  });
});
