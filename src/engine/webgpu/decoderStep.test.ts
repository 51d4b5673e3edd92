import { describe, expect, it } from 'vitest';
import { relativeError, testDevice } from '../../../test/support/engine/testDevice';
import { readNodeDataFile } from '../../data/nodeFiles';
import { Prng } from '../../data/prng';
import type { Dataset } from '../../data/types';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { weightTensors } from '../../model/params';
import type { Backend } from '../contracts/backend';
import type { TranslationProbe } from '../contracts/probe';
import { prepareRun } from '../host/session';
import { createReferenceBackend } from '../reference/backend';
import { createWebGpuBackend } from './backend';

/**
 * The WebGPU engine against the reference engine on the encoder–decoder (issue 23: d=dates, human
 * dates → ISO; cpu/decoder.ts's step): the same weights trained the same 12 steps on both (teacher
 * forcing, the encoder's padding masked, dropout, L1/L2 and clipnorm on the encoder), then the
 * validation split's teacher-forced loss and GREEDY decoding's outputs, and the probe's
 * translation (alignment α [T_out, T_in] and the outputs as decoded) for a validation window from
 * the evaluation pass, on demand, and from another window's x given as one's own input.
 *
 * Measured: see the tolerances below (SwiftShader, Dawn for Node).
 */
const LOSS_TOLERANCE = 5e-6;
const WEIGHT_TOLERANCE = 3e-5;
const ALPHA_TOLERANCE = 1e-5;

const STEPS = 12;

function configOf(change: Partial<Config>): Config {
  return {
    ...DEFAULT_CONFIG,
    dataset: { ...DEFAULT_CONFIG.dataset, name: 'dates', trainSize: 48, timesteps: 20 },
    layers: [6],
    batchSize: 4,
    dropout: 0.2,
    recurrentDropout: 0.25,
    l1: 0.001,
    l2: 0.01,
    clipnorm: 1,
    learningRate: 0.02,
    seed: 3,
    ...change,
  };
}

/** Both engines from the same weights, trained the same STEPS steps; returns them and their step losses. */
async function trainBoth(config: Config, window: number) {
  const run = await prepareRun(config, readNodeDataFile);
  const data = run.dataset;
  const gpu = await createWebGpuBackend(config, data, run.weights, await testDevice(), { autotune: false });
  const cpu = createReferenceBackend(config, data, run.weights);
  for (const backend of [gpu, cpu]) backend.setProbe?.(window);
  const rng = new Prng(5);
  for (let s = 0; s < STEPS; s++) {
    const rows = new Uint32Array(config.batchSize).map(() => rng.int(data.train.n));
    gpu.trainStep(rows, s);
    cpu.trainStep(rows, s);
  }
  const [gl, cl] = [await gpu.takeLosses(), await cpu.takeLosses()];
  return { data, gpu, cpu, gl, cl };
}

/** |got − want| at its largest. */
function worst(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
  return err;
}

/** Each output step's argmax over V symbols: the decoded string as indices. */
function decoded(outputs: Float32Array, V: number): number[] {
  return Array.from({ length: outputs.length / V }, (_, r) => {
    const row = outputs.subarray(r * V, (r + 1) * V);
    return row.indexOf(Math.max(...row));
  });
}

/** The window's translation from the evaluation pass, on demand, and another window's x as one's own input. */
async function translationsOf(backend: Backend, data: Dataset, window: number, other: number) {
  const size = data.timesteps * data.features;
  const x = data.val.x.slice(other * size, (other + 1) * size);
  const evaluation = await backend.evaluate('val');
  return {
    evaluation,
    probes: [
      ['evaluation', evaluation.probe?.translation],
      ['on demand', (await backend.probe?.({ window }))?.translation],
      ["window 1's x as one's own input", (await backend.probe?.({ x }))?.translation],
    ] as [string, TranslationProbe | undefined][],
  };
}

const CASES: [string, Partial<Config>][] = [
  ['LSTM encoder (2 layers), general score', { layers: [6, 5], decoderAttention: 'general' }],
  [
    'Bidirectional GRU encoder, dot score',
    { layers: [4], cell: 'gru', bidirectional: true, decoderAttention: 'dot' },
  ],
];

describe('WebGPU engine = reference engine on the encoder–decoder (dates → ISO)', () => {
  for (const [name, change] of CASES) {
    it(`${name}: ${STEPS} steps, then teacher-forced loss, greedy outputs and the probe's alignment`, async () => {
      const config = configOf(change);
      const window = 5; // chunk 1 (rows 4-7), row 1
      const { data, gpu, cpu, gl, cl } = await trainBoth(config, window);
      expect(gl.length).toBe(STEPS);
      let lossErr = 0;
      for (let s = 0; s < STEPS; s++) lossErr = Math.max(lossErr, Math.abs(gl[s] - cl[s]) / Math.abs(cl[s]));
      const [gw, cw] = [weightTensors(await gpu.readWeights()), weightTensors(await cpu.readWeights())];
      expect(gw.length).toBe(cw.length);
      const weightErr = gw.map((t, i) => relativeError(t, cw[i]));
      const [g, c] = [await translationsOf(gpu, data, window, 1), await translationsOf(cpu, data, window, 1)];
      const valErr = Math.abs(g.evaluation.loss - c.evaluation.loss) / c.evaluation.loss;
      const outErr = relativeError(g.evaluation.outputs, c.evaluation.outputs);
      console.info(
        `${name}: step losses ${lossErr.toExponential(2)}, weights ${Math.max(...weightErr).toExponential(2)}, ` +
          `val loss ${valErr.toExponential(2)}, greedy outputs ${outErr.toExponential(2)}`,
      );
      expect(lossErr, `${name} step losses`).toBeLessThan(LOSS_TOLERANCE);
      for (const [i, e] of weightErr.entries())
        expect(e, `${name} tensor ${i}`).toBeLessThan(WEIGHT_TOLERANCE);
      expect(valErr, `${name} validation loss`).toBeLessThan(LOSS_TOLERANCE);
      expect(outErr, `${name} greedy outputs`).toBeLessThan(LOSS_TOLERANCE);
      const V = 11;
      expect(g.evaluation.outputs.length).toBe(data.val.n * data.outputs);
      expect(decoded(g.evaluation.outputs, V)).toEqual(decoded(c.evaluation.outputs, V));
      for (const [i, [what, gt]] of g.probes.entries()) {
        const ct = c.probes[i][1];
        expect(gt, `${name} ${what}: the WebGPU probe has the translation`).toBeTruthy();
        expect(ct, `${name} ${what}: the reference probe has the translation`).toBeTruthy();
        expect(gt!.outSteps).toBe(ct!.outSteps);
        expect(gt!.inSteps).toBe(data.timesteps);
        const alphaErr = worst(gt!.alpha, ct!.alpha);
        const outputsErr = worst(gt!.outputs, ct!.outputs);
        console.info(
          `${name} ${what}: α ${alphaErr.toExponential(2)}, outputs ${outputsErr.toExponential(2)}`,
        );
        expect(alphaErr, `${name} ${what}: α`).toBeLessThan(ALPHA_TOLERANCE);
        expect(outputsErr, `${name} ${what}: outputs`).toBeLessThan(ALPHA_TOLERANCE);
        // Not uniform: the equality above then tells the window's row from the others.
        expect(Math.max(...gt!.alpha) - Math.min(...gt!.alpha)).toBeGreaterThan(1e-4);
      }
      gpu.dispose();
    }, 300_000);
  }
});
