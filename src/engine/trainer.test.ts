import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import type { Backend } from './backend';
import { createReferenceBackend } from './reference/backend';
import type { EpochProbe, EpochReport, RunState, StepProgress } from './report';
import { prepareRun } from './session';
import { Trainer } from './trainer';

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
