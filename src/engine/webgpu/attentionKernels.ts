import attentionSource from '../../../shaders/attention.wgsl?raw';
import workgroupSource from '../../../shaders/workgroup.wgsl?raw';
import type { AttentionDims } from '../contracts/dims';
import { type BindingKind, type Dispatch, type GpuContext, grid } from './gpuContext';

/**
 * Dispatch builders for shaders/attention.wgsl, one per entry point, each taking the arguments of
 * its twin in src/engine/reference/attention.ts in the same order, GPU buffers for arrays. Each
 * makes its call site's uniform and bind group once, so encoding a step only replays them. A
 * tensor inside a larger buffer (the flat params and grads: W, b, v, q and their gradients) is
 * bound as its own range, GPUBufferBinding, the kernels indexing it from 0; paramLayout starts
 * every tensor on a 256-byte boundary, the storage binding offset alignment.
 */
export type AttentionBinding = GPUBuffer | GPUBufferBinding;
const WG = 64;

const dimsUniform = (ctx: GpuContext, d: AttentionDims) =>
  ctx.uniform('attention dims', new Uint32Array([d.batch, d.steps, d.width, d.hidden]));

/** The uniform, then `reads` read-only buffers, then `writes` written ones: the twins' orders. */
function attentionDispatch(
  ctx: GpuContext,
  entry: string,
  dims: AttentionDims,
  reads: AttentionBinding[],
  writes: AttentionBinding[],
  workgroups: [number, number?],
): Dispatch {
  const bindings: BindingKind[] = [
    'uniform',
    ...reads.map(() => 'read' as const),
    ...writes.map(() => 'rw' as const),
  ];
  const kernel = ctx.kernel(`${workgroupSource}\n${attentionSource}`, entry, { WG }, bindings);
  return { kernel, bindGroup: ctx.bind(kernel, [dimsUniform(ctx, dims), ...reads, ...writes]), workgroups };
}

/** One workgroup per batch row: the steps' softmax is a sum inside the workgroup. */
const perBatchRow = (dims: AttentionDims): [number] => [dims.batch];

export function additiveForwardDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  hs: AttentionBinding,
  W: AttentionBinding,
  bias: AttentionBinding,
  v: AttentionBinding,
  mask: AttentionBinding,
  pre: AttentionBinding,
  scores: AttentionBinding,
  alpha: AttentionBinding,
  context: AttentionBinding,
): Dispatch {
  return attentionDispatch(
    ctx,
    'additive_attention_forward',
    dims,
    [hs, W, bias, v, mask],
    [pre, scores, alpha, context],
    perBatchRow(dims),
  );
}

export function dotForwardDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  hs: AttentionBinding,
  q: AttentionBinding,
  mask: AttentionBinding,
  scores: AttentionBinding,
  alpha: AttentionBinding,
  context: AttentionBinding,
): Dispatch {
  return attentionDispatch(
    ctx,
    'dot_attention_forward',
    dims,
    [hs, q, mask],
    [scores, alpha, context],
    perBatchRow(dims),
  );
}

export function additiveBackwardStatesDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  hs: AttentionBinding,
  W: AttentionBinding,
  v: AttentionBinding,
  pre: AttentionBinding,
  alpha: AttentionBinding,
  dcontext: AttentionBinding,
  de: AttentionBinding,
  dhs: AttentionBinding,
): Dispatch {
  return attentionDispatch(
    ctx,
    'additive_attention_backward_states',
    dims,
    [hs, W, v, pre, alpha, dcontext],
    [de, dhs],
    perBatchRow(dims),
  );
}

/** Threads: one per block of 4 a × 4 d of dW, then one per a for dv and dbias. */
export function additiveBackwardWeightsDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  hs: AttentionBinding,
  v: AttentionBinding,
  pre: AttentionBinding,
  de: AttentionBinding,
  dW: AttentionBinding,
  dbias: AttentionBinding,
  dv: AttentionBinding,
): Dispatch {
  const threads = Math.ceil(dims.hidden / 4) * Math.ceil(dims.width / 4) + dims.hidden;
  return attentionDispatch(
    ctx,
    'additive_attention_backward_weights',
    dims,
    [hs, v, pre, de],
    [dW, dbias, dv],
    grid(threads, WG),
  );
}

export function dotBackwardStatesDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  hs: AttentionBinding,
  q: AttentionBinding,
  alpha: AttentionBinding,
  dcontext: AttentionBinding,
  de: AttentionBinding,
  dhs: AttentionBinding,
): Dispatch {
  return attentionDispatch(
    ctx,
    'dot_attention_backward_states',
    dims,
    [hs, q, alpha, dcontext],
    [de, dhs],
    perBatchRow(dims),
  );
}

/** One thread per column d of dq. */
export function dotBackwardWeightsDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  hs: AttentionBinding,
  de: AttentionBinding,
  dq: AttentionBinding,
): Dispatch {
  return attentionDispatch(
    ctx,
    'dot_attention_backward_weights',
    dims,
    [hs, de],
    [dq],
    [Math.ceil(dims.width / WG)],
  );
}

/** Text's padding mask from x0 [T·B, F] (dims.width = F): one workgroup per batch row. */
export function paddingMaskDispatch(
  ctx: GpuContext,
  dims: AttentionDims,
  x0: AttentionBinding,
  mask: AttentionBinding,
): Dispatch {
  return attentionDispatch(ctx, 'attention_padding_mask', dims, [x0], [mask], perBatchRow(dims));
}
