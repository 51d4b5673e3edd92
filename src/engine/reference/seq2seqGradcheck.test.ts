import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { CellType } from '../../model/config';
import { type DecoderScore, stackLayers } from '../../model/layers';
import { allocWeights, shapeOf } from '../../model/params';
import { packWeights, paramLayout, regularizedMask, tensorViews } from '../contracts/paramLayout';
import { LstmModel } from './model';
import { allocFloat64 } from './types';

/**
 * The encoder–decoder (issue 23) against central finite differences in float64, every element of
 * every parameter: the encoder's layers (one direction and Bidirectional), the decoder's LSTM, its
 * Luong score (dot and general), the combine, the time-distributed head; text's padding masked;
 * the loss the mean cross-entropy over the output steps, with L1 + L2 on the kernels. Tolerances
 * and their reasons as gradcheck.test.ts's (relative 1e-6, an absolute floor of 1e-10).
 */
const ABS_FLOOR = 1e-10;
const F = 4;
const B = 3;
const T = 5;
const S = 3; // output steps
const V = 4; // output symbols
const L1 = 0.01;
const L2 = 0.02;

function check(cell: CellType, bidirectional: boolean, score: DecoderScore, units: number[]) {
  const rng = new Prng(11);
  const shape = shapeOf(
    stackLayers({
      layers: units,
      cell,
      bidirectional,
      features: F,
      outputs: V,
      maskPadding: true,
      decoder: { score, steps: S, vocabulary: V },
    }),
  );
  const layout = paramLayout(shape);
  const initial = allocWeights(shape);
  const regularized = regularizedMask(layout, initial);
  const live = packWeights(layout, initial).fill(0);
  // 1 on every float a tensor holds (the layout pads each tensor to 64 floats).
  for (const [i, o] of layout.offsets.entries()) live.fill(1, o, o + layout.lengths[i]);
  const flat = Float64Array.from(live, (on) => (on ? rng.uniform(-0.6, 0.6) : 0));
  const w = tensorViews(layout, flat, shape);
  // Text: one-hot rows, batch row b's first b steps padding (all zero).
  const x0 = new Float64Array(T * B * F);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) if (t >= b) x0[(t * B + b) * F + rng.int(F)] = 1;
  const y = new Float64Array(B * S * V);
  for (let b = 0; b < B; b++) for (let i = 0; i < S; i++) y[b * S * V + i * V + rng.int(V)] = 1;
  const model = new LstmModel(shape, 'classification', B, T, allocFloat64);
  const objective = () => {
    let j = model.forwardBackward(w, x0, y, null).loss;
    for (let e = 0; e < flat.length; e++) if (regularized[e]) j += L2 * flat[e] ** 2 + L1 * Math.abs(flat[e]);
    return j;
  };
  model.forwardBackward(w, x0, y, null);
  const analytic = Float64Array.from(model.gradsFlat, (g, e) =>
    regularized[e] ? g + 2 * L2 * flat[e] + L1 * Math.sign(flat[e]) : g,
  );
  const h = 1e-5;
  let worst = 0;
  let checked = 0;
  for (let e = 0; e < flat.length; e++) {
    if (!live[e]) continue;
    const saved = flat[e];
    flat[e] = saved + h;
    const up = objective();
    flat[e] = saved - h;
    const down = objective();
    flat[e] = saved;
    const numeric = (up - down) / (2 * h);
    const diff = Math.abs(analytic[e] - numeric);
    const rel = diff < ABS_FLOOR ? 0 : diff / Math.max(Math.abs(analytic[e]) + Math.abs(numeric), 1e-7);
    worst = Math.max(worst, rel);
    checked++;
  }
  // Every tensor carries some gradient, or a broken path could hide behind zeros.
  layout.offsets.forEach((o, i) => {
    const g = analytic.subarray(o, o + layout.lengths[i]);
    expect(Math.max(...Array.from(g, Math.abs)), `tensor ${i}`).toBeGreaterThan(1e-6);
  });
  expect(checked).toBe(layout.lengths.reduce((n, l) => n + l, 0));
  expect(worst).toBeLessThan(1e-6);
  return worst;
}

describe('encoder–decoder gradients match central finite differences (float64)', () => {
  it('LSTM encoder, general score, padded text, L1/L2', () => {
    check('lstm', false, 'general', [3]);
  });
  it('Bidirectional(LSTM) encoder, dot score (decoder as wide as both directions)', () => {
    check('lstm', true, 'dot', [2]);
  });
  it('2-layer GRU encoder, general score', () => {
    check('gru', false, 'general', [3, 2]);
  });
  it('SimpleRNN encoder, dot score', () => {
    check('simple_rnn', false, 'dot', [3]);
  });
});
