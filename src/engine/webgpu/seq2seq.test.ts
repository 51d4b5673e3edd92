import { describe, expect, it } from 'vitest';
import { runDispatches, SENTINEL, worstError } from '../../../test/support/engine/dispatch';
import { randomFloats, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import type { DecoderDims } from '../contracts/dims';
import {
  attentional_hidden,
  attentional_hidden_backward,
  greedy_tokens,
  luong_attention_backward_queries,
  luong_attention_backward_states,
  luong_attention_forward,
  teacher_forcing,
} from '../reference/seq2seq';
import { type Dispatch, GpuContext, readFloats } from './gpuContext';
import {
  attentionalHiddenBackwardDispatch,
  attentionalHiddenDispatch,
  greedyTokensDispatch,
  luongBackwardQueriesDispatch,
  luongBackwardStatesDispatch,
  luongForwardDispatch,
  teacherForcingDispatch,
} from './seq2seqKernels';

/**
 * One dispatch of each entry point of shaders/seq2seq.wgsl against one call of its twin in
 * reference/seq2seq.ts on the same f32 inputs (padded encoder steps included, scaled up so a leak
 * into the softmax shows), every output compared relative to its scale; the floats after each
 * output must stay untouched. The copies (teacher_forcing, greedy_tokens) are exact. The kernels
 * sum in f32 (fma), the twins in f64, and exp and tanh come from another library: measured on the
 * shapes below (SwiftShader, Dawn for Node) ≤ 6.8e-7 of the scale (the larger shape's context;
 * de 5.8e-7, alpha 4.9e-7, dq 4.1e-7); tolerance 5e-6 (~7×). A dropped term, a wrong stride or an unmasked step is off
 * by 1e-2 or more.
 */
const TOLERANCE = 5e-6;
const TAIL = 4;

const SHAPES: DecoderDims[] = [
  { batch: 3, steps: 7, out_steps: 5, width: 6, vocab: 4 },
  { batch: 8, steps: 30, out_steps: 10, width: 67, vocab: 11 },
];

type Outputs = Record<string, Float64Array>;

async function holdToTwin(
  inputs: Float32Array[],
  want: Outputs,
  dispatch: (ctx: GpuContext, ins: GPUBuffer[], outs: GPUBuffer[]) => Dispatch,
  tolerance = TOLERANCE,
): Promise<number> {
  const ctx = new GpuContext(await testDevice());
  let worst = 0;
  try {
    const ins = inputs.map((x, i) => ctx.upload(`in${i}`, x));
    const names = Object.keys(want);
    const outs = names.map((n) => ctx.upload(n, new Float32Array(want[n].length + TAIL).fill(SENTINEL)));
    await runDispatches(ctx, [dispatch(ctx, ins, outs)]);
    for (const [i, name] of names.entries()) {
      const n = want[name].length;
      const got = await readFloats(ctx.device, outs[i], 0, n + TAIL);
      const { error, at } = worstError(got.subarray(0, n), want[name]);
      worst = Math.max(worst, error);
      expect(error, `${name}[${at}]: ${got[at]} ≠ ${want[name][at]}`).toBeLessThanOrEqual(tolerance);
      expect([...got.subarray(n)], `the floats after ${name}`).toEqual(new Array(TAIL).fill(SENTINEL));
    }
  } finally {
    ctx.destroy();
  }
  return worst;
}

/** A problem of these dims: encoder states (padding ×1000), queries, gradients, a mask. */
function problem(dims: DecoderDims, seed: number) {
  const { batch: B, steps: T, out_steps: S, width: D, vocab: V } = dims;
  const rng = new Prng(seed);
  const rand = (n: number, scale = 1) => randomFloats(n, () => rng.next(), scale);
  const mask = new Float32Array(T * B).fill(1);
  // Batch row b's first b steps are padding, their states large: a leak would dominate.
  const hs = rand(T * B * D);
  for (let j = 0; j < T; j++)
    for (let b = 0; b < B; b++)
      if (j < b) {
        mask[j * B + b] = 0;
        for (let d = 0; d < D; d++) hs[(j * B + b) * D + d] *= 1000;
      }
  const y0 = new Float32Array(B * S * V);
  for (let b = 0; b < B; b++) for (let i = 0; i < S; i++) y0[b * S * V + i * V + rng.int(V)] = 1;
  const rows = S * B;
  const alpha = new Float64Array(rows * T);
  const q = rand(rows * D);
  luong_attention_forward(dims, q, hs, mask, new Float64Array(rows * T), alpha, new Float64Array(rows * D));
  return {
    hs,
    mask,
    y0,
    q,
    alpha: Float32Array.from(alpha),
    dcontext: rand(rows * D),
    outputs: rand(rows * V),
  };
}

describe('shaders/seq2seq.wgsl against reference/seq2seq.ts, one dispatch each', () => {
  for (const [n, dims] of SHAPES.entries()) {
    const { batch: B, steps: T, out_steps: S, width: D, vocab: V } = dims;
    const rows = S * B;
    const name = `B ${B}, T_in ${T}, T_out ${S}, D ${D}, V ${V}`;

    it(`teacher_forcing (${name}): exact`, async () => {
      const p = problem(dims, 10 + n);
      const want = { ydec: new Float64Array(rows * V), xdec: new Float64Array(rows * (V + 1)) };
      teacher_forcing(dims, p.y0, want.ydec, want.xdec);
      await holdToTwin(
        [p.y0],
        want,
        (ctx, [y0], [ydec, xdec]) => teacherForcingDispatch(ctx, dims, y0, ydec, xdec),
        0,
      );
    });

    it(`greedy_tokens (${name}), a middle step and the last: exact`, async () => {
      const p = problem(dims, 20 + n);
      for (const step of [Math.floor(S / 2), S - 1]) {
        const pred = Float64Array.from(p.y0);
        greedy_tokens(dims, step, p.outputs, pred);
        await holdToTwin(
          [p.outputs],
          { pred },
          (ctx, [outputs], [out]) => {
            // pred starts as y0 (greedy writes only its step): copy it in first.
            ctx.device.queue.writeBuffer(out, 0, p.y0);
            return greedyTokensDispatch(ctx, dims, step, outputs, out);
          },
          0,
        );
      }
    });

    it(`luong_attention_forward (${name}), padding masked`, async () => {
      const p = problem(dims, 30 + n);
      const want = {
        scores: new Float64Array(rows * T),
        alpha: new Float64Array(rows * T),
        context: new Float64Array(rows * D),
      };
      luong_attention_forward(dims, p.q, p.hs, p.mask, want.scores, want.alpha, want.context);
      await holdToTwin([p.q, p.hs, p.mask], want, (ctx, [q, hs, mask], [scores, alpha, context]) =>
        luongForwardDispatch(ctx, dims, q, hs, mask, scores, alpha, context),
      );
    });

    it(`luong_attention_backward_queries (${name})`, async () => {
      const p = problem(dims, 40 + n);
      const want = { de: new Float64Array(rows * T), dq: new Float64Array(rows * D) };
      luong_attention_backward_queries(dims, p.hs, p.alpha, p.dcontext, want.de, want.dq);
      await holdToTwin([p.hs, p.alpha, p.dcontext], want, (ctx, [hs, alpha, dcontext], [de, dq]) =>
        luongBackwardQueriesDispatch(ctx, dims, hs, alpha, dcontext, de, dq),
      );
    });

    it(`luong_attention_backward_states (${name})`, async () => {
      const p = problem(dims, 50 + n);
      const de64 = new Float64Array(rows * T);
      luong_attention_backward_queries(dims, p.hs, p.alpha, p.dcontext, de64, new Float64Array(rows * D));
      const de = Float32Array.from(de64);
      const want = { dhs: new Float64Array(T * B * D) };
      luong_attention_backward_states(dims, p.q, p.alpha, p.dcontext, de, want.dhs);
      await holdToTwin([p.q, p.alpha, p.dcontext, de], want, (ctx, [q, alpha, dcontext, deb], [dhs]) =>
        luongBackwardStatesDispatch(ctx, dims, q, alpha, dcontext, deb, dhs),
      );
    });

    it(`attentional_hidden and its backward (${name})`, async () => {
      const p = problem(dims, 60 + n);
      const pw = { rows, cols: D };
      const [za, zb, dout] = [p.dcontext, p.q, Float32Array.from(p.q, (x) => x * 0.5)];
      const out = new Float64Array(rows * D);
      attentional_hidden(pw, za, zb, out);
      await holdToTwin([za, zb], { out }, (ctx, [a, b], [o]) => attentionalHiddenDispatch(ctx, pw, a, b, o));
      const out32 = Float32Array.from(out);
      const dz = new Float64Array(rows * D);
      attentional_hidden_backward(pw, out32, dout, dz);
      await holdToTwin([out32, dout], { dz }, (ctx, [o, d], [z]) =>
        attentionalHiddenBackwardDispatch(ctx, pw, o, d, z),
      );
    });
  }
});
