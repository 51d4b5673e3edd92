import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../../data/nodeFiles';
import { Prng } from '../../data/prng';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import type { AttentionScore } from '../../model/layers';
import type { Backend } from '../contracts/backend';
import type { ProbeActivations } from '../contracts/probe';
import { prepareRun } from '../host/session';
import { additive_attention_forward, dot_attention_forward } from '../reference/attention';
import { createReferenceBackend } from '../reference/backend';
import { createWasmBackend } from '../wasm/backend';
import { nodeWasmPlatform } from '../wasm/nodePlatform';

/**
 * The attention probe on both CPU engines (issue 22): the probed validation window's scores e_t
 * and weights α_t, as the inside views and `--probe N` show them. Held three ways: α is a softmax
 * (finite, positive, summing to 1 over the steps); it is the probed row's (the evaluation pass's
 * window w inside its batch gives what the window alone gives, on demand); and it is what the
 * reference attention kernel computes from the probe's own last-layer states and the trained
 * weights (so the numbers belong to those states, not another row's or step's). The WebAssembly
 * engine's equal the reference engine's.
 *
 * Measured (adding, T 12, LSTM(6) and Bidirectional LSTM(4), additive and dot, 3 steps): the
 * kernel's recomputation within 4.3e-9 of the probe's α and 1.9e-8 of its scores; the window alone
 * equal (0); WebAssembly within 7.5e-9 of the reference's α and 7.5e-7 of its scores. Seen failing:
 * the probe taken from the next batch row.
 */
const TOLERANCE = 1e-6;

const configOf = (attention: AttentionScore, bidirectional: boolean): Config => ({
  ...DEFAULT_CONFIG,
  dataset: { ...DEFAULT_CONFIG.dataset, name: 'adding', trainSize: 64, timesteps: 12 },
  layers: [bidirectional ? 4 : 6],
  bidirectional,
  attention,
  batchSize: 16,
  seed: 5,
});

/** The engine trained a few steps, probing window `window` in its evaluation pass. */
async function trained(backend: Backend, train: number, steps: number): Promise<Backend> {
  const rng = new Prng(11);
  for (let s = 0; s < steps; s++)
    backend.trainStep(
      Uint32Array.from({ length: 16 }, () => rng.int(train)),
      s,
    );
  await backend.takeLosses();
  return backend;
}

/** e_t from the probe's last layer's states [T, D] (directions side by side) and the weights, by the reference kernel. */
function kernelScores(probe: ProbeActivations, weights: Awaited<ReturnType<Backend['readWeights']>>) {
  const T = probe.steps;
  const last = probe.layers[probe.layers.length - 1];
  const D = last.units * last.directions.length;
  const hs = new Float64Array(T * D);
  last.directions.forEach((d, k) => {
    for (let t = 0; t < T; t++)
      for (let j = 0; j < last.units; j++) hs[t * D + k * last.units + j] = d.h![t * last.units + j];
  });
  const att = weights.attention!;
  const mask = new Float64Array(T).fill(1);
  const [scores, alpha, context] = [new Float64Array(T), new Float64Array(T), new Float64Array(D)];
  if (att.kernel && att.bias) {
    const A = att.bias.length;
    const dims = { batch: 1, steps: T, width: D, hidden: A };
    const pre = new Float64Array(T * A);
    additive_attention_forward(dims, hs, att.kernel, att.bias, att.vector, mask, pre, scores, alpha, context);
  } else
    dot_attention_forward(
      { batch: 1, steps: T, width: D, hidden: 0 },
      hs,
      att.vector,
      mask,
      scores,
      alpha,
      context,
    );
  return { scores, alpha };
}

const apart = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('the attention probe on the CPU engines', () => {
  for (const [score, bidirectional] of [
    ['additive', false],
    ['dot', false],
    ['additive', true],
  ] as [AttentionScore, boolean][])
    it(`${score}${bidirectional ? ', Bidirectional' : ''}: α a softmax of finite scores, the probed row's, the kernel's`, async () => {
      const config = configOf(score, bidirectional);
      const run = await prepareRun(config, readNodeDataFile);
      const window = 5;
      const ref = createReferenceBackend(config, run.dataset, run.weights);
      const wasm = await createWasmBackend(config, run.dataset, run.weights, nodeWasmPlatform(), {
        threads: 2,
      });
      const probes: ProbeActivations[] = [];
      for (const backend of [ref, wasm]) {
        backend.setProbe?.(window);
        await trained(backend, run.dataset.train.n, 3);
        const probe = (await backend.evaluate('val')).probe!;
        const att = probe.attention!;
        expect(att.score).toBe(score);
        expect(att.scores).toHaveLength(12);
        expect(att.scores.every(Number.isFinite)).toBe(true);
        expect(att.alpha.every((a) => a > 0 && a < 1)).toBe(true);
        expect(att.alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        // The head reads the context: no readout per step.
        expect(probe.readout).toBeNull();
        // The window alone, on demand, gives the same row.
        const T = 12;
        const F = run.dataset.features;
        const x = run.dataset.val.x.slice(window * T * F, (window + 1) * T * F);
        const alone = (await backend.probe!({ x })).attention!;
        expect(apart(alone.alpha, att.alpha)).toBeLessThan(TOLERANCE);
        expect(apart(alone.scores, att.scores)).toBeLessThan(TOLERANCE);
        // The reference kernel over the probe's own states and the trained weights.
        const oracle = kernelScores(probe, await backend.readWeights());
        expect(apart(oracle.scores, att.scores)).toBeLessThan(TOLERANCE);
        expect(apart(oracle.alpha, att.alpha)).toBeLessThan(TOLERANCE);
        probes.push(probe);
      }
      expect(apart(probes[0].attention!.alpha, probes[1].attention!.alpha)).toBeLessThan(1e-4);
      // Another window's weights differ: the probe follows the window.
      ref.setProbe?.(6);
      const other = (await ref.evaluate('val')).probe!.attention!;
      expect(apart(other.alpha, probes[0].attention!.alpha)).toBeGreaterThan(TOLERANCE);
      wasm.dispose();
      ref.dispose();
    }, 60_000);

  // Text (issue 22's "padding masked"): sentiment's windows are padded in front with all-zero rows.
  it('text: padded steps get α = 0 and score 0, in the evaluation probe and one’s own sentence', async () => {
    const config: Config = {
      ...configOf('additive', false),
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'sentiment', trainSize: 64, timesteps: 10, noise: 0 },
    };
    const run = await prepareRun(config, readNodeDataFile);
    const { features: F, timesteps: T } = run.dataset;
    const padded = (x: ArrayLike<number>) =>
      Array.from({ length: T }, (_, t) =>
        Array.from({ length: F }, (_, f) => x[t * F + f]).every((v) => v === 0),
      );
    const window = Array.from({ length: run.dataset.val.n }, (_, w) => w).find(
      (w) => padded(run.dataset.val.x.subarray(w * T * F, (w + 1) * T * F))[0],
    )!;
    expect(window).toBeDefined();
    // Two words, then one's own sentence's padding in front: eight all-zero rows.
    const own = new Float32Array(T * F);
    own[(T - 2) * F + 1] = 1;
    own[(T - 1) * F + 2] = 1;
    const ref = createReferenceBackend(config, run.dataset, run.weights);
    const wasm = await createWasmBackend(config, run.dataset, run.weights, nodeWasmPlatform());
    for (const backend of [ref, wasm]) {
      backend.setProbe?.(window);
      await trained(backend, run.dataset.train.n, 3);
      const probes = [
        {
          x: run.dataset.val.x.subarray(window * T * F, (window + 1) * T * F),
          att: (await backend.evaluate('val')).probe!.attention!,
        },
        { x: own, att: (await backend.probe!({ x: own })).attention! },
      ];
      for (const { x, att } of probes) {
        const pads = padded(x);
        expect(pads.some((p) => p) && pads.some((p) => !p)).toBe(true);
        pads.forEach((pad, t) => {
          if (pad) expect([att.alpha[t], att.scores[t]], `step ${t}`).toEqual([0, 0]);
          else expect(att.alpha[t], `step ${t}`).toBeGreaterThan(0);
        });
        expect(att.alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      }
    }
    wasm.dispose();
    ref.dispose();
  }, 60_000);

  it('a numeric series keeps every step, all-zero rows included', async () => {
    const config = configOf('additive', false);
    const run = await prepareRun(config, readNodeDataFile);
    const ref = createReferenceBackend(config, run.dataset, run.weights);
    const probe = (await ref.probe!({ x: new Float32Array(12 * run.dataset.features) })).attention!;
    expect(probe.alpha.every((a) => a > 0)).toBe(true);
    ref.dispose();
  });

  it('no attention layer: no attention probe', async () => {
    const config: Config = { ...configOf('additive', false), attention: 'none' };
    const run = await prepareRun(config, readNodeDataFile);
    const ref = createReferenceBackend(config, run.dataset, run.weights);
    ref.setProbe?.(2);
    const probe = (await ref.evaluate('val')).probe!;
    expect(probe.attention ?? null).toBeNull();
    expect(probe.readout).not.toBeNull();
  });
});
