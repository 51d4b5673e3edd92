import { describe, expect, it } from 'vitest';
import {
  ATTENTION_SHAPES,
  type AttentionProblem,
  attentionProblem,
} from '../../../test/support/engine/attentionProblem';
import { runDispatches, SENTINEL, worstError } from '../../../test/support/engine/dispatch';
import { testDevice } from '../../../test/support/engine/testDevice';
import {
  additive_attention_backward_states,
  additive_attention_backward_weights,
  additive_attention_forward,
  attention_padding_mask,
  dot_attention_backward_states,
  dot_attention_backward_weights,
  dot_attention_forward,
} from '../reference/attention';
import {
  additiveBackwardStatesDispatch,
  additiveBackwardWeightsDispatch,
  additiveForwardDispatch,
  dotBackwardStatesDispatch,
  dotBackwardWeightsDispatch,
  dotForwardDispatch,
  paddingMaskDispatch,
} from './attentionKernels';
import { type Dispatch, GpuContext, readFloats } from './gpuContext';

/**
 * One dispatch of each entry point of shaders/attention.wgsl against one call of its twin in
 * reference/attention.ts, on the same f32 inputs (padded steps included), every output compared
 * relative to its scale. The kernels sum in f32 (fma), the twins in f64; exp and tanh come from
 * another library. Measured on ATTENTION_SHAPES (SwiftShader, Dawn for Node): ≤ 1.3e-6 of the scale
 * (pre of the largest shape: SwiftShader's tanh), every other output ≤ 9.1e-7 (dot_attention_forward's
 * context, B 16, T 50). Tolerance 1e-5 (~8x); a dropped term, a wrong stride or an unmasked padded
 * step is off by 1e-2 or more.
 */
const TOLERANCE = 1e-5;
/** Floats past each output's end, which no dispatch may touch. */
const TAIL = 4;

type Outputs = Record<string, Float64Array>;

/**
 * Uploads `inputs`, makes output buffers of the twin's sizes filled with SENTINEL (every float must
 * be written) plus a tail, runs the one dispatch and compares each output with the twin's.
 */
async function holdToTwin(
  inputs: Float32Array[],
  want: Outputs,
  dispatch: (ctx: GpuContext, ins: GPUBuffer[], outs: GPUBuffer[]) => Dispatch,
): Promise<void> {
  const ctx = new GpuContext(await testDevice());
  try {
    const ins = inputs.map((x, i) => ctx.upload(`in${i}`, x));
    const names = Object.keys(want);
    const outs = names.map((n) => ctx.upload(n, new Float32Array(want[n].length + TAIL).fill(SENTINEL)));
    await runDispatches(ctx, [dispatch(ctx, ins, outs)]);
    for (const [i, name] of names.entries()) {
      const n = want[name].length;
      const got = await readFloats(ctx.device, outs[i], 0, n + TAIL);
      const { error, at } = worstError(got.subarray(0, n), want[name]);
      expect(error, `${name}[${at}]: ${got[at]} ≠ ${want[name][at]}`).toBeLessThanOrEqual(TOLERANCE);
      expect([...got.subarray(n)], `the floats after ${name}`).toEqual(new Array(TAIL).fill(SENTINEL));
    }
  } finally {
    ctx.destroy();
  }
}

const sizes = (p: AttentionProblem) => {
  const { batch: B, steps: T, width: D, hidden: A } = p.dims;
  return { rows: T * B, B, D, A };
};

function additiveForward(p: AttentionProblem) {
  const { rows, B, D, A } = sizes(p);
  const want = {
    pre: new Float64Array(rows * A),
    scores: new Float64Array(rows),
    alpha: new Float64Array(rows),
    context: new Float64Array(B * D),
  };
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
  return holdToTwin([p.hs, p.W, p.bias, p.v, p.mask], want, (ctx, [hs, W, bias, v, mask], [pre, s, a, c]) =>
    additiveForwardDispatch(ctx, p.dims, hs, W, bias, v, mask, pre, s, a, c),
  );
}

function dotForward(p: AttentionProblem) {
  const { rows, B, D } = sizes(p);
  const want = {
    scores: new Float64Array(rows),
    alpha: new Float64Array(rows),
    context: new Float64Array(B * D),
  };
  dot_attention_forward(p.dims, p.hs, p.q, p.mask, want.scores, want.alpha, want.context);
  return holdToTwin([p.hs, p.q, p.mask], want, (ctx, [hs, q, mask], [s, a, c]) =>
    dotForwardDispatch(ctx, p.dims, hs, q, mask, s, a, c),
  );
}

function additiveStates(p: AttentionProblem) {
  const { rows, D } = sizes(p);
  const { pre, alpha } = p.additive;
  const want = { de: new Float64Array(rows), dhs: new Float64Array(rows * D) };
  additive_attention_backward_states(p.dims, p.hs, p.W, p.v, pre, alpha, p.dcontext, want.de, want.dhs);
  return holdToTwin([p.hs, p.W, p.v, pre, alpha, p.dcontext], want, (ctx, ins, [de, dhs]) =>
    additiveBackwardStatesDispatch(ctx, p.dims, ins[0], ins[1], ins[2], ins[3], ins[4], ins[5], de, dhs),
  );
}

function additiveWeights(p: AttentionProblem) {
  const { D, A } = sizes(p);
  const { pre, de } = p.additive;
  const want = { dW: new Float64Array(D * A), dbias: new Float64Array(A), dv: new Float64Array(A) };
  additive_attention_backward_weights(p.dims, p.hs, p.v, pre, de, want.dW, want.dbias, want.dv);
  return holdToTwin([p.hs, p.v, pre, de], want, (ctx, [hs, v, pre, de], [dW, dbias, dv]) =>
    additiveBackwardWeightsDispatch(ctx, p.dims, hs, v, pre, de, dW, dbias, dv),
  );
}

function dotStates(p: AttentionProblem) {
  const { rows, D } = sizes(p);
  const want = { de: new Float64Array(rows), dhs: new Float64Array(rows * D) };
  dot_attention_backward_states(p.dims, p.hs, p.q, p.dot.alpha, p.dcontext, want.de, want.dhs);
  return holdToTwin([p.hs, p.q, p.dot.alpha, p.dcontext], want, (ctx, [hs, q, alpha, dc], [de, dhs]) =>
    dotBackwardStatesDispatch(ctx, p.dims, hs, q, alpha, dc, de, dhs),
  );
}

function dotWeights(p: AttentionProblem) {
  const want = { dq: new Float64Array(p.dims.width) };
  dot_attention_backward_weights(p.dims, p.hs, p.dot.de, want.dq);
  return holdToTwin([p.hs, p.dot.de], want, (ctx, [hs, de], [dq]) =>
    dotBackwardWeightsDispatch(ctx, p.dims, hs, de, dq),
  );
}

function paddingMask(p: AttentionProblem) {
  const want = { mask: new Float64Array(p.dims.steps * p.dims.batch) };
  attention_padding_mask(p.dims, p.x0, want.mask);
  return holdToTwin([p.x0], want, (ctx, [x0], [mask]) => paddingMaskDispatch(ctx, p.dims, x0, mask));
}

const ENTRY_POINTS = {
  additive_attention_forward: additiveForward,
  dot_attention_forward: dotForward,
  additive_attention_backward_states: additiveStates,
  additive_attention_backward_weights: additiveWeights,
  dot_attention_backward_states: dotStates,
  dot_attention_backward_weights: dotWeights,
  attention_padding_mask: paddingMask,
};

describe('attention on WebGPU: each dispatch equals its reference twin', () => {
  for (const [entry, check] of Object.entries(ENTRY_POINTS))
    for (const [batch, steps, width, hidden, padded] of ATTENTION_SHAPES)
      it(`${entry}: B ${batch}, T ${steps}, D ${width}, A ${hidden}, ${padded} padded`, async () => {
        const p = attentionProblem(
          batch * 1000 + steps * 10 + width,
          { batch, steps, width, hidden },
          padded,
        );
        await check(p);
      });
});
