import { afterAll, describe, expect, it } from 'vitest';
import {
  ATTENTION_SHAPES,
  type AttentionProblem,
  attentionProblem,
} from '../../../test/support/engine/attentionProblem';
import { firstMismatch, SENTINEL } from '../../../test/support/engine/dispatch';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import {
  additive_attention_backward_states,
  additive_attention_backward_weights,
  additive_attention_forward,
  attention_padding_mask,
  dot_attention_backward_states,
  dot_attention_backward_weights,
  dot_attention_forward,
} from '../reference/attention';
import type { WasmKernels } from './kernels';

/**
 * Each WebAssembly attention kernel (wasm/attention.ts) against one call of its twin in
 * reference/attention.ts on f32 arrays, on one thread and on two (the batch rows or the
 * parameters' columns split between them). Both do f64 arithmetic in the same order between the
 * same f32 loads and stores, with the same Math.exp / Math.tanh: measured, equal to the bit on
 * every shape, so the test asks for equality (a tolerance would hide a reordered sum). Outputs
 * start as sentinels (every float must be written) and have a tail no call may touch.
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

/** Runs `call` on copies of the inputs in the pool and on output views, and holds them to `want`. */
function holdToTwin(
  k: WasmKernels,
  inputs: Float32Array[],
  want: Record<string, Float32Array>,
  call: (ins: Float32Array[], outs: Float32Array[]) => void,
): void {
  const mark = k.pool.arena.bytes;
  try {
    const ins = inputs.map((x) => inPool(k, x));
    const names = Object.keys(want);
    const outs = names.map((n) => inPool(k, new Float32Array(want[n].length + TAIL).fill(SENTINEL)));
    call(
      ins,
      outs.map((o, i) => o.subarray(0, want[names[i]].length)),
    );
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

const f32 = (n: number) => new Float32Array(n);

const ENTRY_POINTS: Record<string, (k: WasmKernels, p: AttentionProblem) => void> = {
  additive_attention_forward(k, p) {
    const { batch: B, steps: T, width: D, hidden: A } = p.dims;
    const want = { pre: f32(T * B * A), scores: f32(T * B), alpha: f32(T * B), context: f32(B * D) };
    additive_attention_forward(
      p.dims,
      p.hs,
      p.W,
      p.bias,
      p.v,
      p.mask,
      want.pre,
      want.scores,
      want.alpha,
      want.context,
    );
    holdToTwin(k, [p.hs, p.W, p.bias, p.v, p.mask], want, ([hs, W, bias, v, mask], [pre, s, a, c]) =>
      k.additive_attention_forward(p.dims, hs, W, bias, v, mask, pre, s, a, c),
    );
  },
  dot_attention_forward(k, p) {
    const { batch: B, steps: T, width: D } = p.dims;
    const want = { scores: f32(T * B), alpha: f32(T * B), context: f32(B * D) };
    dot_attention_forward(p.dims, p.hs, p.q, p.mask, want.scores, want.alpha, want.context);
    holdToTwin(k, [p.hs, p.q, p.mask], want, ([hs, q, mask], [s, a, c]) =>
      k.dot_attention_forward(p.dims, hs, q, mask, s, a, c),
    );
  },
  additive_attention_backward_states(k, p) {
    const { batch: B, steps: T, width: D } = p.dims;
    const { pre, alpha } = p.additive;
    const want = { de: f32(T * B), dhs: f32(T * B * D) };
    additive_attention_backward_states(p.dims, p.hs, p.W, p.v, pre, alpha, p.dcontext, want.de, want.dhs);
    holdToTwin(k, [p.hs, p.W, p.v, pre, alpha, p.dcontext], want, (ins, [de, dhs]) =>
      k.additive_attention_backward_states(p.dims, ins[0], ins[1], ins[2], ins[3], ins[4], ins[5], de, dhs),
    );
  },
  additive_attention_backward_weights(k, p) {
    const { width: D, hidden: A } = p.dims;
    const { pre, de } = p.additive;
    const want = { dW: f32(D * A), dbias: f32(A), dv: f32(A) };
    additive_attention_backward_weights(p.dims, p.hs, p.v, pre, de, want.dW, want.dbias, want.dv);
    holdToTwin(k, [p.hs, p.v, pre, de], want, ([hs, v, pre, de], [dW, dbias, dv]) =>
      k.additive_attention_backward_weights(p.dims, hs, v, pre, de, dW, dbias, dv),
    );
  },
  dot_attention_backward_states(k, p) {
    const { batch: B, steps: T, width: D } = p.dims;
    const want = { de: f32(T * B), dhs: f32(T * B * D) };
    dot_attention_backward_states(p.dims, p.hs, p.q, p.dot.alpha, p.dcontext, want.de, want.dhs);
    holdToTwin(k, [p.hs, p.q, p.dot.alpha, p.dcontext], want, ([hs, q, alpha, dc], [de, dhs]) =>
      k.dot_attention_backward_states(p.dims, hs, q, alpha, dc, de, dhs),
    );
  },
  dot_attention_backward_weights(k, p) {
    const want = { dq: f32(p.dims.width) };
    dot_attention_backward_weights(p.dims, p.hs, p.dot.de, want.dq);
    holdToTwin(k, [p.hs, p.dot.de], want, ([hs, de], [dq]) =>
      k.dot_attention_backward_weights(p.dims, hs, de, dq),
    );
  },
  attention_padding_mask(k, p) {
    const want = { mask: f32(p.dims.steps * p.dims.batch) };
    attention_padding_mask(p.dims, p.x0, want.mask);
    holdToTwin(k, [p.x0], want, ([x0], [mask]) => k.attention_padding_mask(p.dims, x0, mask));
  },
};

describe('WebAssembly attention kernels equal their reference twins', () => {
  for (const [entry, check] of Object.entries(ENTRY_POINTS))
    for (const [batch, steps, width, hidden, padded] of ATTENTION_SHAPES)
      for (const threads of [1, 2])
        it(`${entry}: B ${batch}, T ${steps}, D ${width}, A ${hidden}, ${padded} padded, ${threads} thread(s)`, async () => {
          const p = attentionProblem(
            batch * 1000 + steps * 10 + width,
            { batch, steps, width, hidden },
            padded,
          );
          check(await kernels(threads), p);
        });
});
