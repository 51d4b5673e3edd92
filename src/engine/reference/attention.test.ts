import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { AttentionDims } from '../contracts/dims';
import {
  additive_attention_backward,
  additive_attention_forward,
  attention_padding_mask,
  dot_attention_backward,
  dot_attention_forward,
} from './attention';

/**
 * The attention kernels' reference (issue 22), held three ways: values worked out by hand, central
 * finite differences in float64, and TensorFlow.js's autograd (float32, cpu backend) as the
 * outside oracle.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dims = (batch: number, steps: number, width: number, hidden: number): AttentionDims => ({
  batch,
  steps,
  width,
  hidden,
});

/** One row (B = 1), T = 3, D = 2, states whose first feature is 0, 1, 2 (second 5, −5, 7). */
const HS = [0, 5, 1, -5, 2, 7];

describe('attention by hand', () => {
  it('dot product: scores qᵀh, softmax, the weighted sum', () => {
    const d = dims(1, 3, 2, 0);
    const [scores, alpha, context] = [new Float64Array(3), new Float64Array(3), new Float64Array(2)];
    dot_attention_forward(
      d,
      Float64Array.from(HS),
      Float64Array.from([1, 0]),
      Float64Array.from([1, 1, 1]),
      scores,
      alpha,
      context,
    );
    expect([...scores]).toEqual([0, 1, 2]);
    // softmax(0, 1, 2) = (1, e, e²)/(1 + e + e²)
    [0.09003057317038046, 0.24472847105479764, 0.6652409557748219].forEach((a, t) => {
      expect(alpha[t]).toBeCloseTo(a, 14);
    });
    // c = 0·α0 + 1·α1 + 2·α2; second feature 5α0 − 5α1 + 7α2
    expect(context[0]).toBeCloseTo(1.5752103826044415, 14);
    expect(context[1]).toBeCloseTo(
      5 * 0.09003057317038046 - 5 * 0.24472847105479764 + 7 * 0.6652409557748219,
      13,
    );
  });

  it('a padded step gets no weight and no score, and the rest still sum to 1', () => {
    const d = dims(1, 3, 2, 0);
    const [scores, alpha, context] = [new Float64Array(3), new Float64Array(3), new Float64Array(2)];
    dot_attention_forward(
      d,
      Float64Array.from(HS),
      Float64Array.from([1, 0]),
      Float64Array.from([1, 1, 0]),
      scores,
      alpha,
      context,
    );
    expect([...scores]).toEqual([0, 1, 0]);
    // softmax(0, 1) = (1, e)/(1 + e)
    expect(alpha[0]).toBeCloseTo(0.2689414213699951, 14);
    expect(alpha[1]).toBeCloseTo(0.7310585786300049, 14);
    expect(alpha[2]).toBe(0);
    expect(context[0]).toBeCloseTo(0.7310585786300049, 14);
  });

  it('the padding mask: 1 where a row has any non-zero feature; a batch row with none attends everywhere', () => {
    // B 3, T 3, F 2, time-major (row t·B + b). Row 0: padding, padding, a word; row 1: a word in
    // the second feature, padding, a negative value; row 2: nothing at all.
    const x0 = Float64Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, -0.5, 0, 0, 0]);
    const mask = new Float64Array(9).fill(7);
    attention_padding_mask(dims(3, 3, 2, 0), x0, mask);
    expect([...mask]).toEqual([0, 1, 1, 0, 0, 1, 1, 1, 1]);
  });

  it('additive: vᵀ·tanh(W·h + b), with W reading the first feature only', () => {
    const d = dims(1, 3, 2, 1);
    const out = {
      pre: new Float64Array(3),
      scores: new Float64Array(3),
      alpha: new Float64Array(3),
      context: new Float64Array(2),
    };
    // W [D=2, A=1] = (1, 0), b = 0, v = 2: e_t = 2·tanh(h_t0) = 0, 2 tanh 1, 2 tanh 2
    additive_attention_forward(
      d,
      Float64Array.from(HS),
      Float64Array.from([1, 0]),
      Float64Array.from([0]),
      Float64Array.from([2]),
      Float64Array.from([1, 1, 1]),
      out.pre,
      out.scores,
      out.alpha,
      out.context,
    );
    expect(out.pre[1]).toBeCloseTo(Math.tanh(1), 15);
    expect(out.scores[1]).toBeCloseTo(1.5231883119115297, 14);
    expect(out.scores[2]).toBeCloseTo(1.9280551601516338, 14);
    [0.08023782228924962, 0.3680369406133311, 0.5517252370974193].forEach((a, t) => {
      expect(out.alpha[t]).toBeCloseTo(a, 14);
    });
    expect(out.context[0]).toBeCloseTo(1.4714874148081696, 14);
  });
});

/** A random problem: B rows of T states D wide, the last `padded` steps of row 0 masked. */
function problem(seed: number, B: number, T: number, D: number, A: number, padded: number) {
  const prng = new Prng(seed);
  const rand = (n: number, scale = 1) =>
    Float64Array.from({ length: n }, () => (prng.next() * 2 - 1) * scale);
  const mask = new Float64Array(T * B).fill(1);
  for (let t = T - padded; t < T; t++) mask[t * B] = 0;
  return {
    d: dims(B, T, D, A),
    hs: rand(T * B * D),
    W: rand(D * A, 0.8),
    bias: rand(A, 0.3),
    v: rand(A),
    q: rand(D),
    mask,
    g: rand(B * D),
  };
}

type Problem = ReturnType<typeof problem>;

/** L = Σ g ⊙ context, and the gradients the backward gives for it. */
function run(kind: 'additive' | 'dot', p: Problem) {
  const { batch: B, steps: T, width: D, hidden: A } = p.d;
  const pre = new Float64Array(T * B * A);
  const scores = new Float64Array(T * B);
  const alpha = new Float64Array(T * B);
  const context = new Float64Array(B * D);
  if (kind === 'additive')
    additive_attention_forward(p.d, p.hs, p.W, p.bias, p.v, p.mask, pre, scores, alpha, context);
  else dot_attention_forward(p.d, p.hs, p.q, p.mask, scores, alpha, context);
  const loss = context.reduce((s, c, i) => s + c * p.g[i], 0);
  const grads = {
    hs: new Float64Array(T * B * D),
    W: new Float64Array(D * A),
    bias: new Float64Array(A),
    v: new Float64Array(A),
    q: new Float64Array(D),
  };
  if (kind === 'additive')
    additive_attention_backward(p.d, p.hs, p.W, p.v, pre, alpha, p.g, grads.hs, grads.W, grads.bias, grads.v);
  else dot_attention_backward(p.d, p.hs, p.q, alpha, p.g, grads.hs, grads.q);
  return { loss, alpha, context, scores, grads };
}

const PARAMS = { additive: ['hs', 'W', 'bias', 'v'], dot: ['hs', 'q'] } as const;

/**
 * Central differences, ε = 1e-6, float64. Measured worst |analytic − numeric| over every element:
 * additive 1.2e-10, dot 1.6e-10 (the differences' own rounding, ~1e-16/ε); the bound 1e-8 is 60×
 * that. A dropped term (the α·dc part of dh, the 1 − p² of tanh, the softmax's −Σα·dα) is off by
 * order 0.01 to 1.
 */
const FD_TOLERANCE = 1e-8;

describe('attention gradients match finite differences (float64)', () => {
  for (const kind of ['additive', 'dot'] as const)
    for (const [B, T, D, A, padded] of [
      [2, 4, 3, 5, 1],
      [3, 6, 4, 2, 3],
    ] as const)
      it(`${kind}: B ${B}, T ${T}, D ${D}${kind === 'additive' ? `, A ${A}` : ''}, ${padded} padded step(s) in row 0`, () => {
        const p = problem(7 + T, B, T, D, A, padded);
        const { grads } = run(kind, p);
        let worst = 0;
        for (const name of PARAMS[kind]) {
          const x = p[name];
          for (let i = 0; i < x.length; i++) {
            const keep = x[i];
            x[i] = keep + 1e-6;
            const up = run(kind, p).loss;
            x[i] = keep - 1e-6;
            const down = run(kind, p).loss;
            x[i] = keep;
            const numeric = (up - down) / 2e-6;
            worst = Math.max(worst, Math.abs(numeric - grads[name][i]));
            expect(Math.abs(numeric - grads[name][i]), `${name}[${i}]`).toBeLessThanOrEqual(FD_TOLERANCE);
          }
        }
        // A padded state gets no gradient (its weight is 0 and it changes no score).
        for (let d = 0; d < D; d++) expect(Math.abs(grads.hs[((T - 1) * B + 0) * D + d])).toBe(0);
        expect(worst).toBeGreaterThan(0);
      });
});

/** The same attention in TF.js ops, batch-major [B, T, D], with tf.grads through it. */
function tfjsAttention(kind: 'additive' | 'dot', p: Problem) {
  const { batch: B, steps: T, width: D, hidden: A } = p.d;
  const batchMajor = (x: Float64Array, w: number) => {
    const out = new Float32Array(B * T * w);
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++)
        for (let j = 0; j < w; j++) out[(b * T + t) * w + j] = x[(t * B + b) * w + j];
    return out;
  };
  const maskBT = tf.tensor2d(batchMajor(p.mask, 1), [B, T]);
  const f = (hs: tf.Tensor, ...w: tf.Tensor[]) => {
    const e =
      kind === 'additive'
        ? tf
            .tanh(tf.add(tf.matMul(hs.reshape([B * T, D]), w[0]), w[1]))
            .matMul(w[2].reshape([A, 1]))
            .reshape([B, T])
        : tf.matMul(hs.reshape([B * T, D]), w[0].reshape([D, 1])).reshape([B, T]);
    const masked = tf.where(tf.greater(maskBT, 0), e, tf.fill([B, T], -1e30));
    const alpha = tf.softmax(masked, 1);
    const context = tf.sum(tf.mul(alpha.reshape([B, T, 1]), hs), 1);
    return { alpha, context };
  };
  const hs = tf.tensor3d(batchMajor(p.hs, D), [B, T, D]);
  const weights =
    kind === 'additive'
      ? [
          tf.tensor2d(Float32Array.from(p.W), [D, A]),
          tf.tensor1d(Float32Array.from(p.bias)),
          tf.tensor1d(Float32Array.from(p.v)),
        ]
      : [tf.tensor1d(Float32Array.from(p.q))];
  const g = tf.tensor2d(Float32Array.from(p.g), [B, D]);
  const grads = tf.grads((...x: tf.Tensor[]) => tf.sum(tf.mul(f(x[0], ...x.slice(1)).context, g)))([
    hs,
    ...weights,
  ]);
  const { alpha, context } = f(hs, ...weights);
  const back = (x: Float32Array, w: number) => {
    const out = new Float32Array(B * T * w);
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++)
        for (let j = 0; j < w; j++) out[(t * B + b) * w + j] = x[(b * T + t) * w + j];
    return out;
  };
  return {
    alpha: back(alpha.dataSync() as Float32Array, 1),
    context: context.dataSync() as Float32Array,
    grads: [
      back(grads[0].dataSync() as Float32Array, D),
      ...grads.slice(1).map((x) => x.dataSync() as Float32Array),
    ],
  };
}

/**
 * Our float64 run against TF.js's float32 one, per tensor: |ours − tfjs| ≤ 2e-6·max|tfjs|.
 * Measured: ≤ 2.4e-7 of the tensor's scale (additive's dbias; alpha, context and every other
 * gradient ≤ 1e-7, both kinds), TF.js's float32 rounding; the bound is 8× that. A wrong
 * masking, transpose or missing term is off by order 1.
 */
const TFJS_TOLERANCE = 2e-6;

describe('attention against TensorFlow.js (float32)', () => {
  for (const kind of ['additive', 'dot'] as const)
    it(`${kind}: weights, context and every gradient`, () => {
      const p = problem(3, 3, 5, 4, 3, 2);
      const ours = run(kind, p);
      const theirs = tfjsAttention(kind, p);
      const close = (a: Float64Array, b: Float32Array, what: string) => {
        const scale = Math.max(...b.map(Math.abs));
        const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i])));
        expect(scale, what).toBeGreaterThan(0);
        expect(worst / scale, what).toBeLessThanOrEqual(TFJS_TOLERANCE);
      };
      close(ours.alpha, theirs.alpha, 'alpha');
      close(ours.context, theirs.context, 'context');
      PARAMS[kind].forEach((name, i) => {
        close(ours.grads[name], theirs.grads[i], `d${name}`);
      });
    });
});
