import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import { createReferenceBackend } from './reference/backend';
import type { EpochProbe, EpochReport, RunState } from './report';
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
});
