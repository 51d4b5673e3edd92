import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { type Backend, DeviceLostError } from '../contracts/backend';
import { prepareRun } from '../host/session';
import { createReferenceBackend } from '../reference/backend';
import type { EpochProbe, EpochReport, RunState, StepProgress } from './report';
import { Trainer, type TrainerEvents } from './trainer';

const tiny: Config = {
  ...DEFAULT_CONFIG,
  dataset: { name: 'sine', trainSize: 32, noise: 0.2, valFraction: 0.25, timesteps: 8 },
  layers: [8],
  batchSize: 8,
  epochs: 4,
  seed: 5,
};

async function train(config: Config, epochs?: number) {
  const run = await prepareRun(config, readNodeDataFile);
  const reports: EpochReport[] = [];
  const states: RunState[] = [];
  const backend = createReferenceBackend(config, run.dataset, run.weights);
  const trainer = new Trainer({
    config,
    dataset: run.dataset,
    backend,
    epochs,
    events: { onEpoch: (r) => reports.push(r), onState: (s) => states.push(s) },
  });
  return { trainer, reports, states, backend, run };
}

describe('Trainer', () => {
  it('gives the same losses twice for the same config and seed', async () => {
    const a = await train(tiny);
    const b = await train(tiny);
    await a.trainer.run();
    await b.trainer.run();
    expect(a.reports.map((r) => [r.trainLoss, r.valLoss])).toEqual(
      b.reports.map((r) => [r.trainLoss, r.valLoss]),
    );
    expect(a.reports).toHaveLength(4);
    expect(a.reports[3].step).toBe(4 * 4); // 32 rows / batch 8 = 4 steps an epoch
  });

  it('reports the best validation epoch and regression metrics', async () => {
    const { trainer, reports } = await train(tiny);
    const summary = await trainer.run();
    const best = reports.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    expect(summary).toMatchObject({
      done: true,
      reason: 'epochs',
      stoppedEarly: false,
      bestEpoch: best.epoch,
    });
    expect(summary.bestValLoss).toBe(best.valLoss);
    expect(reports[0].metrics.task).toBe('regression');
  });

  it('stops early after `patience` epochs without improvement and restores the best weights', async () => {
    // A learning rate this high makes validation loss bounce, so patience 1 fires quickly.
    const config: Config = {
      ...tiny,
      learningRate: 0.5,
      optimizer: 'sgd',
      epochs: 30,
      earlyStopping: { enabled: true, patience: 1, minDelta: 0, restoreBestWeights: true },
    };
    const { trainer, reports, backend } = await train(config);
    const summary = await trainer.run();
    expect(summary.reason).toBe('early-stopping');
    expect(summary.stoppedEarly).toBe(true);
    expect(reports.length).toBe(summary.bestEpoch + 1);
    const restored = await backend.evaluate('val');
    expect(restored.loss).toBeCloseTo(summary.bestValLoss, 6);
    // An export then says whose weights it holds: the best epoch's, not the last one run.
    expect(trainer.weightsEpoch).toBe(summary.bestEpoch);
    expect((await trainer.snapshot()).epochsTrained).toBe(summary.bestEpoch);
  });

  it('stops a diverging run with a reason naming the learning rate, and keeps its curve', async () => {
    const run = await prepareRun(tiny, readNodeDataFile);
    // Weights this large overflow the head's output: the first epoch's loss is infinite.
    run.weights.headKernel.fill(3e38);
    const backend = createReferenceBackend(tiny, run.dataset, run.weights);
    const trainer = new Trainer({ config: tiny, dataset: run.dataset, backend });
    const summary = await trainer.run();
    expect(summary.reason).toBe('diverged');
    expect(summary.message).toMatch(/learning rate/);
    expect(summary.message).toMatch(/clipnorm/);
    expect(trainer.currentState).toBe('failed');
  });

  it('runs one epoch on stepEpoch() and then pauses', async () => {
    const { trainer, reports, states } = await train(tiny);
    trainer.pause();
    const done = trainer.run();
    await new Promise((r) => setTimeout(r, 20));
    expect(reports).toHaveLength(0);
    trainer.stepEpoch();
    while (reports.length < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    expect(reports).toHaveLength(1);
    expect(states.at(-1)).toBe('paused');
    trainer.resume();
    const summary = await done;
    expect(reports).toHaveLength(4);
    expect(summary.reason).toBe('epochs');
  });

  it('stop() ends the run with reason stopped', async () => {
    const { trainer } = await train({ ...tiny, epochs: 200 });
    const done = trainer.run();
    trainer.stop();
    expect((await done).reason).toBe('stopped');
  });

  it('while a probe window is set, each epoch reports its insides and the epoch’s gradient norms', async () => {
    const run = await prepareRun(tiny, readNodeDataFile);
    const backend = createReferenceBackend(tiny, run.dataset, run.weights);
    const probes: EpochProbe[] = [];
    const trainer = new Trainer({
      config: tiny,
      dataset: run.dataset,
      backend,
      epochs: 3,
      events: { onProbe: (p) => probes.push(p) },
    });
    trainer.setProbe(4);
    await trainer.run();
    expect(probes.map((p) => [p.epoch, p.window, p.gradNorms?.steps])).toEqual([
      [1, 4, 4],
      [2, 4, 4],
      [3, 4, 4],
    ]);
    expect(probes[2].activations.layers[0].directions[0].c).toHaveLength(8 * 8);
    expect(probes[0].gradNorms?.c?.[0][0]).toHaveLength(8);
    // The probe on demand after the run: the final weights, the window asked for.
    const now = await trainer.probeNow({ window: 4 });
    expect(Array.from(now!.layers[0].directions[0].h!)).toEqual(
      Array.from(probes[2].activations.layers[0].directions[0].h!),
    );
    expect(trainer.progress).toEqual({ steps: 12, midEpoch: false });
    // Off: no more probes, no norms summed.
    trainer.setProbe(null);
    expect(await backend.takeGradNorms?.()).toBeNull();
  });

  it('reports progress inside an epoch: step k of N and the time left, a few times a second at most', async () => {
    // Each step "takes" 100 ms on a clock the test controls (the real engine underneath).
    let clock = 0;
    const config: Config = { ...tiny, dataset: { ...tiny.dataset, trainSize: 160 }, batchSize: 8, epochs: 2 };
    const run = await prepareRun(config, readNodeDataFile);
    const progress: StepProgress[] = [];
    const slow = withClock(createReferenceBackend(config, run.dataset, run.weights), () => (clock += 100));
    const trainer = new Trainer({
      config,
      dataset: run.dataset,
      backend: slow.backend,
      now: () => clock,
      events: { onProgress: (p) => progress.push(p) },
    });
    await trainer.run();
    const steps = Math.floor(run.dataset.train.n / 8);
    expect(progress.length).toBeGreaterThan(2 * 3);
    for (const p of progress) {
      expect(p.steps).toBe(steps);
      expect(p.step).toBeGreaterThanOrEqual(1);
      expect(p.step).toBeLessThanOrEqual(steps);
    }
    // Never more often than every 250 ms of the clock: 100 ms steps give one event per 3 steps.
    const first = progress.filter((p) => p.epoch === 1).map((p) => p.step);
    for (let i = 1; i < first.length; i++) expect(first[i] - first[i - 1]).toBeGreaterThanOrEqual(3);
    // The time left is the steps left at ~100 ms each.
    const mid = progress.find((p) => p.epoch === 2)!;
    expect(mid.etaMs).toBeCloseTo((steps - mid.step) * 100, -2);
    // Waits for the engine every ~200 ms of steps: never more than 2 of these steps in flight.
    expect(slow.maxInFlight()).toBe(2);
  });

  it('runs a whole fast epoch ahead of the engine, waiting once at its end', async () => {
    let clock = 0;
    const run = await prepareRun(tiny, readNodeDataFile);
    const fast = withClock(createReferenceBackend(tiny, run.dataset, run.weights), () => (clock += 0.1));
    await new Trainer({ config: tiny, dataset: run.dataset, backend: fast.backend, now: () => clock }).run();
    expect(fast.maxInFlight()).toBe(4); // 32 rows / batch 8: the whole epoch
  });

  it('pauses inside a long epoch, at the next step, and goes on from there on resume', async () => {
    const config: Config = {
      ...tiny,
      dataset: { ...tiny.dataset, trainSize: 2000 },
      batchSize: 1,
      epochs: 1,
    };
    const run = await prepareRun(config, readNodeDataFile);
    const progress: StepProgress[] = [];
    const states: RunState[] = [];
    const engine = withClock(createReferenceBackend(config, run.dataset, run.weights), () => {});
    const trainer = new Trainer({
      config,
      dataset: run.dataset,
      backend: engine.backend,
      events: {
        onProgress: (p) => {
          progress.push(p);
          if (progress.length === 1) trainer.pause();
        },
        onState: (s) => states.push(s),
      },
    });
    const done = trainer.run();
    while (states.at(-1) !== 'paused') await new Promise((r) => setTimeout(r, 5));
    const stepsAtPause = engine.steps();
    await new Promise((r) => setTimeout(r, 100));
    // Not one more step while paused, in the middle of the epoch.
    expect(engine.steps()).toBe(stepsAtPause);
    expect(stepsAtPause).toBeLessThan(progress[0].steps);
    expect(trainer.history).toHaveLength(0);
    trainer.resume();
    const summary = await done;
    expect(summary.reason).toBe('epochs');
    expect(trainer.history[0].step).toBe(progress[0].steps);
  });
});

/**
 * A real backend whose steps take `tick()` on the test's clock, counting its steps and the steps
 * enqueued between two waits for their losses.
 */
function withClock(inner: Backend, tick: () => void) {
  let inFlight = 0;
  let max = 0;
  let steps = 0;
  // The engines are classes: delegate every method (a spread copies no prototype methods).
  const backend: Backend = {
    info: inner.info,
    evaluate: (split) => inner.evaluate(split),
    setRegularization: (r) => inner.setRegularization(r),
    saveSnapshot: () => inner.saveSnapshot(),
    restoreSnapshot: () => inner.restoreSnapshot(),
    readWeights: () => inner.readWeights(),
    dispose: () => inner.dispose(),
    trainStep(rows, step) {
      tick();
      inner.trainStep(rows, step);
      steps++;
      max = Math.max(max, ++inFlight);
    },
    takeLosses() {
      inFlight = 0;
      return inner.takeLosses();
    },
  };
  return { backend, maxInFlight: () => max, steps: () => steps };
}

/** A real backend whose validation losses follow a script (the outputs stay the real ones). */
function scripted(inner: Backend, valLosses: number[]) {
  let evaluations = 0;
  let saves = 0;
  let restores = 0;
  const backend: Backend = {
    info: inner.info,
    evaluate: async (split) => ({ ...(await inner.evaluate(split)), loss: valLosses[evaluations++] }),
    setRegularization: (r) => inner.setRegularization(r),
    saveSnapshot: () => {
      saves++;
      inner.saveSnapshot();
    },
    restoreSnapshot: () => {
      restores++;
      inner.restoreSnapshot();
    },
    readWeights: () => inner.readWeights(),
    dispose: () => inner.dispose(),
    trainStep: (rows, step) => inner.trainStep(rows, step),
    takeLosses: () => inner.takeLosses(),
  };
  return { backend, saves: () => saves, restores: () => restores };
}

describe('Trainer, on scripted validation losses', () => {
  async function scriptedRun(config: Config, valLosses: number[]) {
    const run = await prepareRun(config, readNodeDataFile);
    const engine = scripted(createReferenceBackend(config, run.dataset, run.weights), valLosses);
    const trainer = new Trainer({ config, dataset: run.dataset, backend: engine.backend });
    return { trainer, engine, summary: await trainer.run() };
  }

  it('counts an improvement under min_delta as no improvement, but still as the best epoch', async () => {
    const config: Config = {
      ...tiny,
      epochs: 10,
      earlyStopping: { enabled: true, patience: 2, minDelta: 0.1, restoreBestWeights: true },
    };
    const { trainer, engine, summary } = await scriptedRun(config, [1, 0.95, 0.92, 0.5]);
    expect(summary).toEqual({
      done: true,
      reason: 'early-stopping',
      stoppedEarly: true,
      bestEpoch: 3,
      bestValLoss: 0.92,
    });
    expect(trainer.history.map((r) => [r.bestEpoch, r.bestValLoss])).toEqual([
      [1, 1],
      [2, 0.95],
      [3, 0.92],
    ]);
    expect(engine.saves()).toBe(3);
    expect(engine.restores()).toBe(1);
  });

  it('restores the best epoch, which an export then names; without restore it keeps the last', async () => {
    const patience = { enabled: true, patience: 2, minDelta: 0, restoreBestWeights: true };
    const restoring = await scriptedRun({ ...tiny, epochs: 10, earlyStopping: patience }, [1, 1.2, 1.3]);
    expect(restoring.summary).toMatchObject({ reason: 'early-stopping', bestEpoch: 1, bestValLoss: 1 });
    expect(restoring.trainer.weightsEpoch).toBe(1);
    expect(restoring.trainer.progress).toEqual({ steps: 12, midEpoch: false });
    expect(restoring.engine.saves()).toBe(1);

    const keeping = await scriptedRun(
      { ...tiny, epochs: 10, earlyStopping: { ...patience, restoreBestWeights: false } },
      [1, 1.2, 1.3],
    );
    expect(keeping.summary).toMatchObject({ reason: 'early-stopping', stoppedEarly: true, bestEpoch: 1 });
    expect(keeping.trainer.weightsEpoch).toBe(3);
    expect(keeping.engine.saves()).toBe(0);
    expect(keeping.engine.restores()).toBe(0);
  });

  it('runs every epoch while early stopping is off, however the loss goes', async () => {
    const { summary, engine } = await scriptedRun({ ...tiny, epochs: 4 }, [1, 2, 3, 4]);
    expect(summary).toEqual({
      done: true,
      reason: 'epochs',
      stoppedEarly: false,
      bestEpoch: 1,
      bestValLoss: 1,
    });
    expect(engine.saves()).toBe(0);
  });

  it('names the loss that went NaN, its epoch and the learning rate', async () => {
    const { trainer, summary } = await scriptedRun(tiny, [0.5, Number.NaN]);
    expect(summary).toEqual({
      done: true,
      reason: 'diverged',
      stoppedEarly: false,
      bestEpoch: 1,
      bestValLoss: 0.5,
      message:
        'The validation loss became NaN in epoch 2: the run diverged. Try a lower learning rate (now 0.01) or set clipnorm.',
    });
    expect(trainer.history).toHaveLength(1);
    expect(trainer.currentState).toBe('failed');
  });

  it('says which loss broke, and whether it is NaN or infinite', async () => {
    const infinite = await scriptedRun(tiny, [Number.POSITIVE_INFINITY]);
    expect(infinite.summary.message).toBe(
      'The validation loss became infinite in epoch 1: the run diverged. Try a lower learning rate (now 0.01) or set clipnorm.',
    );
    // Weights this large overflow the head's output: the training loss is NaN from the first step.
    const run = await prepareRun(tiny, readNodeDataFile);
    run.weights.headKernel.fill(3e38);
    const backend = createReferenceBackend(tiny, run.dataset, run.weights);
    const summary = await new Trainer({ config: tiny, dataset: run.dataset, backend }).run();
    expect(summary.message).toBe(
      'The training loss became NaN in epoch 1: the run diverged. Try a lower learning rate (now 0.01) or set clipnorm.',
    );
  });
});

describe('Trainer, when the GPU device is lost', () => {
  /** A reference engine posing as WebGPU whose device is lost at step `lostAt`. */
  function losingGpu(inner: Backend, lostAt: number) {
    const read: unknown[] = [];
    const backend: Backend = {
      info: { kind: 'webgpu', label: 'Test GPU' },
      evaluate: (split) => inner.evaluate(split),
      setRegularization: (r) => inner.setRegularization(r),
      saveSnapshot: () => inner.saveSnapshot(),
      restoreSnapshot: () => inner.restoreSnapshot(),
      readWeights: async () => {
        const weights = await inner.readWeights();
        read.push(weights);
        return weights;
      },
      dispose: () => inner.dispose(),
      trainStep: (rows, step) => {
        if (step >= lostAt) throw new DeviceLostError('the adapter went away');
        inner.trainStep(rows, step);
      },
      takeLosses: () => inner.takeLosses(),
    };
    return { backend, read };
  }

  async function lostRun(events: TrainerEvents) {
    const run = await prepareRun(tiny, readNodeDataFile);
    const gpu = losingGpu(createReferenceBackend(tiny, run.dataset, run.weights), 6);
    const fellBackFrom: unknown[] = [];
    const trainer = new Trainer({
      config: tiny,
      dataset: run.dataset,
      backend: gpu.backend,
      events,
      fallback: async (weights) => {
        fellBackFrom.push(weights);
        return createReferenceBackend(tiny, run.dataset, weights);
      },
    });
    const summary = await trainer.run();
    return { trainer, summary, gpu, fellBackFrom };
  }

  it('goes on on the CPU engine from the last whole epoch’s weights, and says from which epoch', async () => {
    const lost: [string, number, string][] = [];
    const { trainer, summary, gpu, fellBackFrom } = await lostRun({
      onDeviceLost: (reason, epoch, info) => lost.push([reason, epoch, info.kind]),
    });
    expect(summary.reason).toBe('epochs');
    expect(trainer.history.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(lost).toEqual([['the adapter went away', 1, 'cpu']]);
    // Steps 0-3 are epoch 1, read back after it; the device goes at step 6, in epoch 2.
    expect(fellBackFrom).toEqual([gpu.read[0]]);
    expect(trainer.backendInfo.kind).toBe('cpu');
  });

  it('without a page to word it, warns in English', async () => {
    const notices: [string, string][] = [];
    await lostRun({ onNotice: (level, message) => notices.push([level, message]) });
    expect(notices).toEqual([
      [
        'warning',
        'GPU device lost: the adapter went away. Training goes on with the CPU engine from the weights of epoch 1 (optimizer state restarts).',
      ],
    ]);
  });
});
