import { describe, expect, it } from 'vitest';
import { equationError, normDifference, probeDifference } from '../../../test/support/engine/probeCompare';
import { readNodeDataFile } from '../../data/nodeFiles';
import { Prng } from '../../data/prng';
import type { CellType, Config } from '../../model/config';
import { PRESETS } from '../../model/presets';
import type { Backend } from '../contracts/backend';
import { prepareRun } from '../host/session';
import { createReferenceBackend } from '../reference/backend';
import { createWasmBackend } from './backend';
import { nodeWasmPlatform } from './nodePlatform';

/**
 * The inside views on the WebAssembly engine: its probe and gradient norms against the reference
 * engine's, from the same weights and the same training steps (on 2 threads, so the probed row
 * and the norms' rows are split between threads), then the inside of one validation window from
 * the evaluation pass, the norms summed over those steps, and the same window on demand.
 *
 * Measured (overfit's data and LSTM(96), GRU(96), SimpleRNN(96), T 16, 3 steps; Bidirectional
 * LSTM, GRU and SimpleRNN 6 → 5, 2 steps): every probe array within 1.3e-6 absolute of the
 * reference's (the largest an LSTM forget-gate pre-activation; the rest ≤ 7.9e-7), the gradient
 * norms within 1.2e-7 of their scale, the cell equations within 7.4e-8 inside the WebAssembly probe,
 * the on-demand probe equal to the evaluation's (0). Bounds: the issue's 1e-4 on the probe (~75×),
 * 1e-5 on the norms (~85×), 5e-6 on the equations (~70×). Seen failing: the probe taken from the
 * chunk row after the window's, the norms summed from dc_steps where dh_steps belong, the sums not
 * restarted after takeGradNorms, the training steps not counted.
 */
const PROBE_TOLERANCE = 1e-4;
const NORM_TOLERANCE = 1e-5;
const EQUATION_TOLERANCE = 5e-6;

async function bothEngines(config: Config, steps: number, window: number) {
  const run = await prepareRun(config, readNodeDataFile);
  const wasm = await createWasmBackend(config, run.dataset, run.weights, nodeWasmPlatform(), { threads: 2 });
  const ref = createReferenceBackend(config, run.dataset, run.weights);
  for (const backend of [wasm, ref]) backend.setProbe?.(window);
  const rng = new Prng(9);
  const B = Math.min(config.batchSize, run.dataset.train.n);
  for (let s = 0; s < steps; s++) {
    const rows = Uint32Array.from({ length: B }, () => rng.int(run.dataset.train.n));
    wasm.trainStep(rows, s);
    ref.trainStep(rows, s);
  }
  await Promise.all([wasm.takeLosses(), ref.takeLosses()]);
  return { wasm, ref, dataset: run.dataset };
}

async function compareOn(config: Config, steps: number, window: number) {
  const { wasm, ref, dataset } = await bothEngines(config, steps, window);
  const [we, re] = [await wasm.evaluate('val'), await ref.evaluate('val')];
  expect(we.probe, 'the WebAssembly evaluation carries the probe').toBeDefined();
  expect(re.probe, 'the reference evaluation carries the probe').toBeDefined();
  const diff = probeDifference(we.probe!, re.probe!);
  expect(diff.error, diff.where).toBeLessThan(PROBE_TOLERANCE);
  expect(equationError(we.probe!)).toBeLessThan(EQUATION_TOLERANCE);
  const [wn, rn] = [await wasm.takeGradNorms?.(), await ref.takeGradNorms?.()];
  expect(wn?.steps).toBe(steps);
  expect(wn?.c === null, 'c norms only for an LSTM').toBe(config.cell !== 'lstm');
  const norms = normDifference(wn!, rn!);
  expect(norms).toBeLessThan(NORM_TOLERANCE);
  // The sums restarted: with no step since, every norm is 0.
  expect((await wasm.takeGradNorms?.())!.h.flat().every((a) => a.every((v) => v === 0))).toBe(true);
  // On demand, the same window gives the same numbers as the evaluation pass did.
  const again = await (wasm as Backend).probe!({ window });
  const onDemand = probeDifference(again, we.probe!).error;
  expect(onDemand).toBeLessThan(1e-6);
  // One more step: the norms are that step's alone (the sums restarted at the last take).
  await ref.takeGradNorms?.();
  const rows = Uint32Array.from({ length: Math.min(config.batchSize, dataset.train.n) }, (_, i) => i);
  for (const backend of [wasm, ref]) backend.trainStep(rows, steps);
  const [wn1, rn1] = [await wasm.takeGradNorms?.(), await ref.takeGradNorms?.()];
  expect(wn1?.steps).toBe(1);
  expect(normDifference(wn1!, rn1!)).toBeLessThan(NORM_TOLERANCE);
  wasm.dispose();
  return we.probe!;
}

describe('the probe: the WebAssembly engine gives the reference engine’s numbers', () => {
  for (const cell of ['lstm', 'gru', 'simple_rnn'] as CellType[])
    it(`overfit preset's shape as ${cell}: ${cell}(96) over 16 steps, window 5, after 3 steps`, async () => {
      const probe = await compareOn({ ...PRESETS.overfit.config, cell }, 3, 5);
      expect(probe.layers[0].directions[0].h?.length).toBe(16 * 96);
      expect(probe.readout?.length).toBe(16);
    }, 60_000);

  for (const cell of ['lstm', 'gru', 'simple_rnn'] as CellType[])
    it(`Bidirectional ${cell} 6 → 5: each direction probed, no step readout`, async () => {
      const config: Config = { ...PRESETS.overfit.config, layers: [6, 5], cell, bidirectional: true };
      const probe = await compareOn(config, 2, 3);
      expect(probe.layers.map((l) => l.directions.length)).toEqual([2, 2]);
      expect(probe.readout).toBeNull();
    }, 60_000);

  it('refuses a window outside the validation split', async () => {
    const config = PRESETS.overfit.config;
    const run = await prepareRun(config, readNodeDataFile);
    const wasm = await createWasmBackend(config, run.dataset, run.weights, nodeWasmPlatform(), {
      threads: 1,
    });
    expect(() => wasm.setProbe?.(run.dataset.val.n)).toThrow(RangeError);
    expect(() => wasm.setProbe?.(-1)).toThrow(RangeError);
    await expect(wasm.probe!({ window: run.dataset.val.n })).rejects.toThrow(RangeError);
    wasm.dispose();
  });
});
