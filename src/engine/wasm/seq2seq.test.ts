import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch, SENTINEL } from '../../../test/support/engine/dispatch';
import { randomFloats } from '../../../test/support/engine/testDevice';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import { Prng } from '../../data/prng';
import type { DecoderDims, PointwiseDims } from '../contracts/dims';
import {
  attentional_hidden,
  attentional_hidden_backward,
  greedy_tokens,
  luong_attention_backward,
  luong_attention_forward,
  teacher_forcing,
} from '../reference/seq2seq';
import type { WasmKernels } from './kernels';

/**
 * Each WebAssembly encoder–decoder kernel (wasm/seq2seq.ts) against one call of its twin in
 * reference/seq2seq.ts on f32 arrays, on one thread and on two. Both do f64 arithmetic in the
 * same order between the same f32 loads and stores, with the same Math.exp / Math.tanh: measured
 * max |wasm − twin| over every output of every case below is 0 (equal to the bit, as the
 * attention kernels of wasm/attention.ts), so the test asks for equality, a margin of zero: any
 * tolerance would hide a reordered sum or a dropped f32 rounding. Outputs start as sentinels
 * (every float the twin writes must be written, the rest left alone) and have a tail no call may
 * touch. The large shape is above the work at which a call is shared (kernels.ts PARALLEL), so on
 * two threads the attention's rows and the pointwise elements are split (teacher_forcing and
 * greedy_tokens always run alone).
 * Planted by hand and seen failing: see the commit that added this file.
 */
const pools = new Map<number, Promise<WasmKernels>>();
const kernels = (threads: number) => {
  if (!pools.has(threads)) pools.set(threads, testKernels(threads, 1 << 20));
  return pools.get(threads)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

const TAIL = 4;
const f32 = (n: number) => new Float32Array(n);
const sentinels = (n: number) => f32(n).fill(SENTINEL);

/**
 * Runs `call` on copies of the inputs and of the outputs' starting contents (`want`'s arrays as
 * they are before the twin runs: sentinels, or what an earlier call left) in the pool, then the
 * twin on `want`, and holds the two to each other.
 */
function holdToTwin(
  k: WasmKernels,
  inputs: Float32Array[],
  want: Record<string, Float32Array>,
  call: (ins: Float32Array[], outs: Float32Array[]) => void,
  twin: () => void,
): void {
  const mark = k.pool.arena.bytes;
  try {
    const ins = inputs.map((x) => inPool(k, x));
    const names = Object.keys(want);
    const outs = names.map((n) => {
      const o = inPool(k, sentinels(want[n].length + TAIL));
      o.set(want[n]);
      return o;
    });
    call(
      ins,
      outs.map((o, i) => o.subarray(0, want[names[i]].length)),
    );
    twin();
    for (const [i, name] of names.entries()) {
      const n = want[name].length;
      const at = firstMismatch(outs[i].subarray(0, n), want[name]);
      expect(at, `${name}[${at}]: ${outs[i][at]} ≠ ${want[name][at]}`).toBe(-1);
      expect([...outs[i].subarray(n)], `the floats after ${name}`).toEqual(new Array(TAIL).fill(SENTINEL));
    }
  } finally {
    k.pool.arena.reset(mark);
  }
}

/**
 * A random decoder problem: f32 inputs; alpha from the twin's forward, rounded to f32, for the
 * backward. The mask: batch row 0 loses its last `padded` encoder steps, row 1 its first, and on
 * `empty` the last row has no real step (the twin writes zeros there). The padding's states are a
 * thousand times the real ones: a score over them, far above the real steps', must not reach the
 * softmax (its max, its sum) or the context. outputs on a coarse grid,
 * so rows have ties (greedy_tokens takes the first of equals). y0 one-hot per step.
 */
function decoderProblem(seed: number, dims: DecoderDims, padded: number, empty: boolean) {
  const { batch: B, steps: T, out_steps: S, width: D, vocab: V } = dims;
  const rng = new Prng(seed);
  const rand = (n: number, scale: number) => randomFloats(n, () => rng.next(), scale);
  const mask = f32(T * B).fill(1);
  for (let j = Math.max(1, T - padded); j < T; j++) mask[j * B] = 0;
  if (B > 1 && T > 1) mask[1] = 0;
  if (empty) for (let j = 0; j < T; j++) mask[j * B + B - 1] = 0;
  const y0 = f32(B * S * V);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < S; i++) y0[b * S * V + i * V + Math.floor(rng.next() * V)] = 1;
  const hs = rand(T * B * D, 1);
  for (let n = 0; n < T * B; n++) if (mask[n] === 0) for (let d = 0; d < D; d++) hs[n * D + d] *= 1000;
  const p = {
    dims,
    q: rand(S * B * D, 1.5),
    hs,
    mask,
    dcontext: rand(S * B * D, 1),
    y0,
    outputs: rand(S * B * V, 1).map((x) => Math.round(x * 3) / 3),
    alpha: f32(S * B * T),
  };
  luong_attention_forward(dims, p.q, p.hs, mask, f32(S * B * T), p.alpha, f32(S * B * D));
  return p;
}

type Problem = ReturnType<typeof decoderProblem>;

const DECODER_ENTRY_POINTS: Record<string, (k: WasmKernels, p: Problem) => void> = {
  teacher_forcing(k, p) {
    const { batch: B, out_steps: S, vocab: V } = p.dims;
    const want = { ydec: sentinels(S * B * V), xdec: sentinels(S * B * (V + 1)) };
    holdToTwin(
      k,
      [p.y0],
      want,
      ([y0], [ydec, xdec]) => k.teacher_forcing(p.dims, y0, ydec, xdec),
      () => teacher_forcing(p.dims, p.y0, want.ydec, want.xdec),
    );
  },
  greedy_tokens(k, p) {
    const { batch: B, out_steps: S, vocab: V } = p.dims;
    const want = { pred: sentinels(B * S * V) };
    for (let step = 0; step < S; step++)
      holdToTwin(
        k,
        [p.outputs],
        want,
        ([outputs], [pred]) => k.greedy_tokens(p.dims, step, outputs, pred),
        () => greedy_tokens(p.dims, step, p.outputs, want.pred),
      );
  },
  luong_attention_forward(k, p) {
    const { batch: B, steps: T, out_steps: S, width: D } = p.dims;
    const want = { scores: sentinels(S * B * T), alpha: sentinels(S * B * T), context: sentinels(S * B * D) };
    holdToTwin(
      k,
      [p.q, p.hs, p.mask],
      want,
      ([q, hs, mask], [s, a, c]) => k.luong_attention_forward(p.dims, q, hs, mask, s, a, c),
      () => luong_attention_forward(p.dims, p.q, p.hs, p.mask, want.scores, want.alpha, want.context),
    );
  },
  luong_attention_backward(k, p) {
    const { batch: B, steps: T, out_steps: S, width: D } = p.dims;
    const want = { de: sentinels(S * B * T), dq: sentinels(S * B * D), dhs: sentinels(T * B * D) };
    holdToTwin(
      k,
      [p.q, p.hs, p.alpha, p.dcontext],
      want,
      ([q, hs, alpha, dc], [de, dq, dhs]) =>
        k.luong_attention_backward(p.dims, q, hs, alpha, dc, de, dq, dhs),
      () => luong_attention_backward(p.dims, p.q, p.hs, p.alpha, p.dcontext, want.de, want.dq, want.dhs),
    );
  },
};

/** [B, T_in, T_out, D, V, padded steps of row 0, last row empty]: the brief's case, one of each, one shared on two threads. */
const DECODER_SHAPES: [number, number, number, number, number, number, boolean][] = [
  [1, 1, 1, 1, 1, 0, false],
  [3, 7, 5, 6, 4, 2, false],
  [8, 12, 10, 17, 11, 4, true],
];

describe('WebAssembly encoder–decoder kernels equal their reference twins', () => {
  for (const [entry, check] of Object.entries(DECODER_ENTRY_POINTS))
    for (const [batch, steps, out_steps, width, vocab, padded, empty] of DECODER_SHAPES)
      for (const threads of [1, 2])
        it(`${entry}: B ${batch}, T_in ${steps}, T_out ${out_steps}, D ${width}, V ${vocab}, ${padded} padded${empty ? ', a row with no real step' : ''}, ${threads} thread(s)`, async () => {
          const dims = { batch, steps, out_steps, width, vocab };
          check(
            await kernels(threads),
            decoderProblem(batch * 1000 + steps * 10 + width, dims, padded, empty),
          );
        });

  /** rows·cols: a decoder step's few, and 80·104 = 8,320 (over PARALLEL.floats: split on two threads). */
  for (const [rows, cols] of [
    [3, 6],
    [80, 104],
  ])
    for (const threads of [1, 2]) {
      const dims: PointwiseDims = { rows, cols };
      const rand = (rng: Prng, scale: number) => randomFloats(rows * cols, () => rng.next(), scale);
      it(`attentional_hidden: ${rows} × ${cols}, ${threads} thread(s)`, async () => {
        const k = await kernels(threads);
        const rng = new Prng(rows * 100 + cols);
        const [za, zb] = [rand(rng, 3), rand(rng, 2)];
        const want = { out: sentinels(rows * cols) };
        holdToTwin(
          k,
          [za, zb],
          want,
          ([a, b], [out]) => k.attentional_hidden(dims, a, b, out),
          () => attentional_hidden(dims, za, zb, want.out),
        );
      });
      it(`attentional_hidden_backward: ${rows} × ${cols}, ${threads} thread(s)`, async () => {
        const k = await kernels(threads);
        const rng = new Prng(rows * 100 + cols + 1);
        const out = rand(rng, 1).map(Math.tanh);
        const dout = rand(rng, 2);
        const want = { dz: sentinels(rows * cols) };
        holdToTwin(
          k,
          [out, dout],
          want,
          ([h, dh], [dz]) => k.attentional_hidden_backward(dims, h, dh, dz),
          () => attentional_hidden_backward(dims, out, dout, want.dz),
        );
      });
    }
});
