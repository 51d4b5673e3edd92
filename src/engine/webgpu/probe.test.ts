import { describe, expect, it } from 'vitest';
import { equationError, normDifference, probeDifference } from '../../../test/support/engine/probeCompare';
import { testDevice } from '../../../test/support/engine/testDevice';
import { readNodeDataFile } from '../../data/nodeFiles';
import { Prng } from '../../data/prng';
import type { Config } from '../../model/config';
import { PRESETS } from '../../model/presets';
import type { Backend } from '../contracts/backend';
import type { ProbeActivations } from '../contracts/probe';
import { prepareRun } from '../host/session';
import { createReferenceBackend } from '../reference/backend';
import { createWebGpuBackend } from './backend';

/**
 * The probe (engine/contracts/probe.ts) of both engines on the presets' shapes: the same windows, the same
 * training steps, then the inside of one validation window from the evaluation pass each engine
 * already runs, and the gradient norms summed over those steps.
 *
 * Measured (overfit: LSTM(96), T 16; keras-seed: LSTM(128) → LSTM(64), T 50; 3 steps each; a
 * Bidirectional GRU and SimpleRNN 6-5): every probe array within 2.3e-6 absolute of the
 * reference's (the largest, a pre-activation of keras-seed's first layer; gates, c and h within
 * 1e-6), the step readout within 2.7e-7, the gradient norms within 2.3e-7 of their scale. The issue
 * asks for 1e-4 on the probe, and that is the bound (~40x); the norms get the same. The cell
 * equations hold within 1.2e-7 on both engines (bound 1e-5, ~80x); a c off by 1e-4 breaks them.
 */
const PROBE_TOLERANCE = 1e-4;
const NORM_TOLERANCE = 1e-4;
const EQUATION_TOLERANCE = 1e-5;

async function bothEngines(config: Config, steps: number, window: number) {
  const run = await prepareRun(config, readNodeDataFile);
  const device = await testDevice();
  const gpu = await createWebGpuBackend(config, run.dataset, run.weights, device, { autotune: false });
  const cpu = createReferenceBackend(config, run.dataset, run.weights);
  for (const backend of [gpu, cpu]) backend.setProbe?.(window);
  const rng = new Prng(9);
  const B = Math.min(config.batchSize, run.dataset.train.n);
  for (let s = 0; s < steps; s++) {
    const rows = Uint32Array.from({ length: B }, () => rng.int(run.dataset.train.n));
    gpu.trainStep(rows, s);
    cpu.trainStep(rows, s);
  }
  await Promise.all([gpu.takeLosses(), cpu.takeLosses()]);
  return { gpu, cpu, dataset: run.dataset };
}

async function compareOn(config: Config, steps: number, window: number) {
  const { gpu, cpu, dataset } = await bothEngines(config, steps, window);
  const [ge, ce] = [await gpu.evaluate('val'), await cpu.evaluate('val')];
  expect(ge.probe, 'the WebGPU evaluation carries the probe').toBeDefined();
  expect(ce.probe, 'the reference evaluation carries the probe').toBeDefined();
  const diff = probeDifference(ge.probe!, ce.probe!);
  expect(diff.error, diff.where).toBeLessThan(PROBE_TOLERANCE);
  expect(equationError(ge.probe!)).toBeLessThan(EQUATION_TOLERANCE);
  expect(equationError(ce.probe!)).toBeLessThan(EQUATION_TOLERANCE);
  const [gn, cn] = [await gpu.takeGradNorms?.(), await cpu.takeGradNorms?.()];
  expect(gn?.steps).toBe(steps);
  expect(normDifference(gn!, cn!)).toBeLessThan(NORM_TOLERANCE);
  // The sums restarted: with no step since, every norm is 0.
  expect((await gpu.takeGradNorms?.())!.h.flat().every((a) => a.every((v) => v === 0))).toBe(true);
  // On demand, the same window gives the same numbers as the evaluation pass did.
  for (const [backend, evaluated] of [
    [gpu, ge.probe!],
    [cpu, ce.probe!],
  ] as [Backend, ProbeActivations][]) {
    const again = await backend.probe!({ window });
    expect(probeDifference(again, evaluated).error).toBeLessThan(1e-6);
  }
  gpu.dispose();
  return { dataset, probe: ce.probe! };
}

describe('the probe: the WebGPU engine gives the reference engine’s numbers, and they obey the cell', () => {
  it('overfit preset: LSTM(96) over 16 steps, window 5, after 3 steps', async () => {
    const { probe } = await compareOn(PRESETS.overfit.config, 3, 5);
    expect(probe.layers[0].directions[0].c?.length).toBe(16 * 96);
    expect(probe.readout?.length).toBe(16);
    // The equation check sees a cell state 1e-4 off.
    const c = probe.layers[0].directions[0].c!.slice();
    c[7 * 96 + 3] += 1e-4;
    const broken = {
      ...probe,
      layers: [{ units: 96, directions: [{ ...probe.layers[0].directions[0], c }] }],
    };
    expect(equationError(broken)).toBeGreaterThan(EQUATION_TOLERANCE);
  }, 60_000);

  it('keras-seed preset: LSTM(128, return_sequences) → LSTM(64) over 50 steps, window 77', async () => {
    const { probe } = await compareOn(PRESETS['keras-seed'].config, 3, 77);
    expect(probe.layers.map((l) => l.units)).toEqual([128, 64]);
    // The readout is a distribution over the 10 classes at every step.
    const K = 10;
    for (let t = 0; t < 50; t++) {
      const sum = probe.readout!.subarray(t * K, (t + 1) * K).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
  }, 120_000);

  it('Bidirectional GRU and SimpleRNN: each direction probed, no step readout', async () => {
    for (const cell of ['gru', 'simple_rnn'] as const) {
      const config: Config = { ...PRESETS.overfit.config, layers: [6, 5], cell, bidirectional: true };
      const { probe } = await compareOn(config, 2, 3);
      expect(probe.layers.map((l) => l.directions.length)).toEqual([2, 2]);
      expect(probe.readout).toBeNull();
    }
  }, 60_000);

  it('refuses a window outside the validation split', async () => {
    const run = await prepareRun(PRESETS.overfit.config, readNodeDataFile);
    const cpu = createReferenceBackend(PRESETS.overfit.config, run.dataset, run.weights);
    expect(() => cpu.setProbe?.(run.dataset.val.n)).toThrow(RangeError);
    expect(() => cpu.setProbe?.(-1)).toThrow(RangeError);
  });
});
