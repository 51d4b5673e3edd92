import seq2seqSource from '../../../shaders/seq2seq.wgsl?raw';
import workgroupSource from '../../../shaders/workgroup.wgsl?raw';
import type { DecoderDims, PointwiseDims } from '../contracts/dims';
import { type BindingKind, type Dispatch, type GpuContext, grid } from './gpuContext';

/**
 * Dispatch builders for shaders/seq2seq.wgsl, one per entry point, each taking the arguments of
 * its twin in src/engine/reference/seq2seq.ts in the same order, GPU buffers for arrays (a tensor
 * of the flat params or grads bound as its own range, as attentionKernels.ts does). The uniform
 * holds the decoder's dims, greedy_tokens' step and the pointwise kernels' rows and cols.
 */
export type Seq2seqBinding = GPUBuffer | GPUBufferBinding;
const WG = 64;

const NO_DIMS: DecoderDims = { batch: 0, steps: 0, out_steps: 0, width: 0, vocab: 0 };

function dimsUniform(
  ctx: GpuContext,
  d: DecoderDims,
  step = 0,
  pointwise: PointwiseDims = { rows: 0, cols: 0 },
) {
  const fields = [d.batch, d.steps, d.out_steps, d.width, d.vocab, step, pointwise.rows, pointwise.cols];
  return ctx.uniform('decoder dims', new Uint32Array(fields));
}

/** The uniform, then `reads` read-only buffers, then `writes` written ones: the twins' orders. */
function seq2seqDispatch(
  ctx: GpuContext,
  entry: string,
  uniform: GPUBuffer,
  reads: Seq2seqBinding[],
  writes: Seq2seqBinding[],
  workgroups: [number, number?],
): Dispatch {
  const bindings: BindingKind[] = [
    'uniform',
    ...reads.map(() => 'read' as const),
    ...writes.map(() => 'rw' as const),
  ];
  const kernel = ctx.kernel(`${workgroupSource}\n${seq2seqSource}`, entry, { WG }, bindings);
  return { kernel, bindGroup: ctx.bind(kernel, [uniform, ...reads, ...writes]), workgroups };
}

/** One workgroup per decoder row (wrapped into a second dimension past 65,535). */
const perDecoderRow = (d: DecoderDims): [number, number] => {
  const rows = Math.max(1, d.out_steps * d.batch);
  return rows <= 65535 ? [rows, 1] : [65535, Math.ceil(rows / 65535)];
};

export function teacherForcingDispatch(
  ctx: GpuContext,
  dims: DecoderDims,
  y0: Seq2seqBinding,
  ydec: Seq2seqBinding,
  xdec: Seq2seqBinding,
): Dispatch {
  const threads = dims.out_steps * dims.batch * (dims.vocab + 1);
  return seq2seqDispatch(
    ctx,
    'teacher_forcing',
    dimsUniform(ctx, dims),
    [y0],
    [ydec, xdec],
    grid(threads, WG),
  );
}

export function greedyTokensDispatch(
  ctx: GpuContext,
  dims: DecoderDims,
  step: number,
  outputs: Seq2seqBinding,
  pred: Seq2seqBinding,
): Dispatch {
  const uniform = dimsUniform(ctx, dims, step);
  return seq2seqDispatch(ctx, 'greedy_tokens', uniform, [outputs], [pred], [Math.ceil(dims.batch / WG)]);
}

export function luongForwardDispatch(
  ctx: GpuContext,
  dims: DecoderDims,
  q: Seq2seqBinding,
  hs: Seq2seqBinding,
  mask: Seq2seqBinding,
  scores: Seq2seqBinding,
  alpha: Seq2seqBinding,
  context: Seq2seqBinding,
): Dispatch {
  return seq2seqDispatch(
    ctx,
    'luong_attention_forward',
    dimsUniform(ctx, dims),
    [q, hs, mask],
    [scores, alpha, context],
    perDecoderRow(dims),
  );
}

export function luongBackwardQueriesDispatch(
  ctx: GpuContext,
  dims: DecoderDims,
  hs: Seq2seqBinding,
  alpha: Seq2seqBinding,
  dcontext: Seq2seqBinding,
  de: Seq2seqBinding,
  dq: Seq2seqBinding,
): Dispatch {
  return seq2seqDispatch(
    ctx,
    'luong_attention_backward_queries',
    dimsUniform(ctx, dims),
    [hs, alpha, dcontext],
    [de, dq],
    perDecoderRow(dims),
  );
}

export function luongBackwardStatesDispatch(
  ctx: GpuContext,
  dims: DecoderDims,
  q: Seq2seqBinding,
  alpha: Seq2seqBinding,
  dcontext: Seq2seqBinding,
  de: Seq2seqBinding,
  dhs: Seq2seqBinding,
): Dispatch {
  const threads = dims.steps * dims.batch * dims.width;
  return seq2seqDispatch(
    ctx,
    'luong_attention_backward_states',
    dimsUniform(ctx, dims),
    [q, alpha, dcontext, de],
    [dhs],
    grid(threads, WG),
  );
}

export function attentionalHiddenDispatch(
  ctx: GpuContext,
  dims: PointwiseDims,
  za: Seq2seqBinding,
  zb: Seq2seqBinding,
  out: Seq2seqBinding,
): Dispatch {
  const uniform = dimsUniform(ctx, NO_DIMS, 0, dims);
  return seq2seqDispatch(
    ctx,
    'attentional_hidden',
    uniform,
    [za, zb],
    [out],
    grid(dims.rows * dims.cols, WG),
  );
}

export function attentionalHiddenBackwardDispatch(
  ctx: GpuContext,
  dims: PointwiseDims,
  out: Seq2seqBinding,
  dout: Seq2seqBinding,
  dz: Seq2seqBinding,
): Dispatch {
  const uniform = dimsUniform(ctx, NO_DIMS, 0, dims);
  const workgroups = grid(dims.rows * dims.cols, WG);
  return seq2seqDispatch(ctx, 'attentional_hidden_backward', uniform, [out, dout], [dz], workgroups);
}
