import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { CellType } from '../../model/config';
import { type DecoderScore, stackLayers } from '../../model/layers';
import { allocWeights, shapeOf } from '../../model/params';
import { packWeights, paramLayout, tensorViews } from '../contracts/paramLayout';
import { LstmModel } from './model';
import { allocFloat64 } from './types';

/**
 * The outside oracle of the encoder–decoder (issue 23): the same model built from PyTorch's own
 * modules (test/support/engine/torchSeq2seqOracle.py: nn.LSTM / nn.GRU encoder, an nn.LSTM decoder
 * from zeros, bmm, a masked softmax, cross_entropy; greedy decoding by an nn.LSTMCell fed its own
 * argmax) from the SAME weights, both in float64: the teacher-forced loss, the gradient of every
 * tensor, and greedy decoding's choices and probabilities. Padded text (front padding, all-zero
 * rows) so the mask matters; T_in 7, T_out 4, V 5, B 3.
 * Measured (float64 both, the four cases): the loss ≤ 1.4e-16 relative; the worst gradient 1.3e-15 of
 * its tensor's largest magnitude (the LSTM encoder's bias, dot score); greedy decoding the same
 * choices and probabilities ≤ 3.7e-16; tolerance 1e-12 (~800× the worst). Breaking ours fails
 * every case: the combine reading Wc's rows state first, context second moves the loss by
 * 3.3e-3–2.5e-2 relative (or changes greedy choices); the padding left in the softmax by
 * 2.5e-4–4.9e-3. The torch side is gate-blocked (i, f, g, o; GRU r, z, n); ours interleaved
 * (column G·j + g, params.ts kerasToInterleaved): the oracle converts each tensor both ways.
 */
const TOLERANCE = 1e-12;
const F = 6;
const B = 3;
const T = 7;
const S = 4;
const V = 5;

function torchPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}
const python = torchPython();
const ORACLE = new URL('../../../test/support/engine/torchSeq2seqOracle.py', import.meta.url).pathname;

/** Worst |ours − ref| relative to ref's largest magnitude (that scale must not be 0). */
function relativeError(ours: ArrayLike<number>, ref: ArrayLike<number>, what: string): number {
  expect(ours.length, what).toBe(ref.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]));
    worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
  }
  expect(scale, `${what} is all zeros`).toBeGreaterThan(0);
  return worst / scale;
}

function against(cell: CellType, bidirectional: boolean, score: DecoderScore, units: number) {
  const rng = new Prng(23);
  const shape = shapeOf(
    stackLayers({
      layers: [units],
      cell,
      bidirectional,
      features: F,
      outputs: V,
      maskPadding: true,
      decoder: { score, steps: S, vocabulary: V },
    }),
  );
  const layout = paramLayout(shape);
  const live = packWeights(layout, allocWeights(shape)).fill(0);
  for (const [i, o] of layout.offsets.entries()) live.fill(1, o, o + layout.lengths[i]);
  const flat = Float64Array.from(live, (on) => (on ? rng.uniform(-0.6, 0.6) : 0));
  const w = tensorViews(layout, flat, shape);
  // Text: one-hot rows; batch row b's first 2b steps padding (all zero), as a short date is padded.
  const x0 = new Float64Array(T * B * F); // ours: time-major [T·B, F]
  const xSample = new Array<number>(B * T * F).fill(0); // torch's [B, T, F]
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      if (t < 2 * b) continue;
      const f = rng.int(F);
      x0[(t * B + b) * F + f] = 1;
      xSample[(b * T + t) * F + f] = 1;
    }
  }
  const targets = Array.from({ length: B * S }, () => rng.int(V)); // [B, S]
  const y = new Float64Array(B * S * V);
  targets.forEach((v, r) => {
    y[r * V + v] = 1;
  });
  const model = new LstmModel(shape, 'classification', B, T, allocFloat64);
  const { loss } = model.forwardBackward(w, x0, y, null);
  const grads = Float64Array.from(model.gradsFlat);
  const chosen = model.greedyDecode(w);
  const spec = {
    cell,
    bidirectional,
    units,
    score,
    features: F,
    vocabulary: V,
    steps: T,
    out_steps: S,
    batch: B,
    x: xSample,
    targets,
    weights: layout.offsets.map((o, i) => Array.from(flat.subarray(o, o + layout.lengths[i]))),
  };
  const run = spawnSync(python as string, [ORACLE], { input: JSON.stringify(spec), encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const ref = JSON.parse(run.stdout) as {
    loss: number;
    grads: number[][];
    greedy: number[][];
    probabilities: number[];
  };
  const errors: Record<string, number> = { loss: Math.abs(loss - ref.loss) / Math.abs(ref.loss) };
  expect(ref.grads).toHaveLength(layout.offsets.length);
  layout.offsets.forEach((o, i) => {
    errors[`tensor ${i}`] = relativeError(
      grads.subarray(o, o + layout.lengths[i]),
      ref.grads[i],
      `tensor ${i}`,
    );
  });
  // Greedy decoding: the same choices, and each step's probabilities (ours time-major [S·B, V]).
  const oursChosen = Array.from({ length: B }, (_, b) =>
    Array.from({ length: S }, (_, i) => chosen.subarray((b * S + i) * V, (b * S + i + 1) * V).indexOf(1)),
  );
  expect(oursChosen).toEqual(ref.greedy);
  const oursProbabilities = ref.probabilities.map((_, k) => {
    const [b, i, v] = [Math.floor(k / (S * V)), Math.floor(k / V) % S, k % V];
    return model.outputs[(i * B + b) * V + v];
  });
  errors.greedy = relativeError(oursProbabilities, ref.probabilities, 'greedy probabilities');
  for (const [what, error] of Object.entries(errors)) expect(error, what).toBeLessThan(TOLERANCE);
  return errors;
}

describe.skipIf(python === null)(
  `the encoder–decoder matches PyTorch from the same weights${python === null ? ' (skipped: no python3 with torch; apt-get install python3-torch)' : ''}`,
  () => {
    it.for([
      ['LSTM encoder, general score', 'lstm', false, 'general', 4],
      ['LSTM encoder, dot score', 'lstm', false, 'dot', 4],
      ['Bidirectional GRU encoder, general score', 'gru', true, 'general', 3],
      ['Bidirectional GRU encoder, dot score', 'gru', true, 'dot', 3],
    ] as const)('%s: loss, every gradient, greedy decoding', ([, cell, bidirectional, score, units]) => {
      const errors = against(cell, bidirectional, score, units);
      if (process.env.SEQ2SEQ_ORACLE_REPORT) console.log(JSON.stringify(errors));
    });
  },
);
