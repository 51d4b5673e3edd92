import batchOpsSource from '../../../shaders/batch_ops.wgsl?raw';
import dropoutSource from '../../../shaders/dropout.wgsl?raw';
import gradNormsSource from '../../../shaders/grad_norms.wgsl?raw';
import headLossSource from '../../../shaders/head_loss.wgsl?raw';
import optimizerSource from '../../../shaders/optimizer.wgsl?raw';
import type { OptimizerName } from '../../model/config';
import {
  ADAM_BETA1,
  ADAM_BETA2,
  EPSILON,
  MOMENTUM,
  NORM_GROUPS,
  OPTIMIZER_WG,
  RMSPROP_RHO,
} from '../contracts/optimizerConstants';
import type { GatherDims, LastDims, RowsDims } from '../reference/batchOps';
import type { MaskParams } from '../reference/dropout';
import type { NormDims } from '../reference/gradNorms';
import type { LossDims } from '../reference/loss';
import { type Dispatch, type GpuContext, grid } from './gpuContext';
import { float } from './shaderSource';

/**
 * Dispatch builders for every kernel but matmul (matmulKernel.ts) and the cell (cellKernels.ts):
 * each makes its call site's uniform and bind group once, so encoding a step only replays them.
 * Each takes the arguments of its reference twin, in the same order, with GPU buffers for arrays.
 */
const WG = 64;

/** Mask parameters as the kernel's uniform: u32 seed, stream, threshold, count; f32 scale. */
export function packMaskParams(p: MaskParams): ArrayBuffer {
  const data = new ArrayBuffer(32);
  new Uint32Array(data, 0, 4).set([p.seed, p.stream, p.threshold, p.count]);
  new Float32Array(data, 16, 1)[0] = p.scale;
  return data;
}

/** dropout_mask(params, step, mask): `params` a uniform of packMaskParams, `step` the step uniform. */
export function dropoutDispatch(
  ctx: GpuContext,
  params: GPUBuffer,
  count: number,
  step: GPUBuffer,
  mask: GPUBuffer,
): Dispatch {
  const kernel = ctx.kernel(dropoutSource, 'dropout_mask', { WG }, ['uniform', 'uniform', 'rw']);
  return { kernel, bindGroup: ctx.bind(kernel, [params, step, mask]), workgroups: grid(count, WG) };
}

export function gatherDispatch(
  ctx: GpuContext,
  dims: GatherDims,
  idx: GPUBuffer,
  x: GPUBuffer,
  y: GPUBuffer,
  x0: GPUBuffer,
  y0: GPUBuffer,
): Dispatch {
  const bindings = ['uniform', 'read', 'read', 'read', 'rw', 'rw'] as const;
  const kernel = ctx.kernel(batchOpsSource, 'gather_batch', { WG }, [...bindings]);
  const { batch, steps, features, outputs } = dims;
  const u = ctx.uniform('gather dims', new Uint32Array([batch, steps, features, outputs]));
  const threads = Math.max(steps * batch * features, batch * outputs);
  return { kernel, bindGroup: ctx.bind(kernel, [u, idx, x, y, x0, y0]), workgroups: grid(threads, WG) };
}

const rowsUniform = (ctx: GpuContext, label: string, d: RowsDims) =>
  ctx.uniform(label, new Uint32Array([d.rows, d.cols, d.batch, d.src_off, d.out_off, d.accumulate, 0, 0]));

/** out [rows, D] (+)= src [rows, D] ⊙ mask [B, D] (row r uses mask row r mod B). */
export function maskRowsDispatch(
  ctx: GpuContext,
  dims: RowsDims,
  src: GPUBuffer,
  out: GPUBuffer,
  mask: GPUBuffer,
): Dispatch {
  const kernel = ctx.kernel(batchOpsSource, 'mask_rows', { WG }, ['uniform', 'read', 'rw', 'read']);
  return {
    kernel,
    bindGroup: ctx.bind(kernel, [rowsUniform(ctx, 'mask_rows dims', dims), src, out, mask]),
    workgroups: grid(dims.rows * dims.cols, WG),
  };
}

/** out [D] = Σ over rows of src [rows, D]. */
export function sumRowsDispatch(ctx: GpuContext, dims: RowsDims, src: GPUBuffer, out: GPUBuffer): Dispatch {
  const kernel = ctx.kernel(batchOpsSource, 'sum_rows', { WG }, ['uniform', 'read', 'rw']);
  return {
    kernel,
    bindGroup: ctx.bind(kernel, [rowsUniform(ctx, 'sum_rows dims', dims), src, out]),
    workgroups: [Math.ceil(dims.cols / WG)],
  };
}

/** last_hidden (hd from each direction's last h, masked) or last_hidden_backward (dhd back to dH). */
export function lastHiddenDispatch(
  ctx: GpuContext,
  backward: boolean,
  dims: LastDims,
  src: GPUBuffer,
  mask: GPUBuffer,
  out: GPUBuffer,
): Dispatch {
  const entry = backward ? 'last_hidden_backward' : 'last_hidden';
  const kernel = ctx.kernel(batchOpsSource, entry, { WG }, ['uniform', 'read', 'read', 'rw']);
  const u = ctx.uniform(
    'last_hidden dims',
    new Uint32Array([dims.batch, dims.units, dims.steps, dims.directions]),
  );
  return {
    kernel,
    bindGroup: ctx.bind(kernel, [u, src, mask, out]),
    workgroups: grid(dims.batch * dims.units * dims.directions, WG),
  };
}

/** grad_norm_steps: acc [rows] += the norm of each row of grad [rows, cols] (the inside views). */
export function gradNormDispatch(ctx: GpuContext, dims: NormDims, grad: GPUBuffer, acc: GPUBuffer): Dispatch {
  const kernel = ctx.kernel(gradNormsSource, 'grad_norm_steps', { WG }, ['uniform', 'read', 'rw']);
  const u = ctx.uniform('grad_norm_steps dims', new Uint32Array([dims.rows, dims.cols, 0, 0]));
  return { kernel, bindGroup: ctx.bind(kernel, [u, grad, acc]), workgroups: grid(dims.rows, WG) };
}

/** softmax_cross_entropy or mse_loss over a batch; `step` is a uniform whose second u32 is the slot. */
export function lossDispatch(
  ctx: GpuContext,
  entry: 'softmax_cross_entropy' | 'mse_loss',
  dims: LossDims,
  step: GPUBuffer,
  logits: GPUBuffer,
  y: GPUBuffer,
  dlogits: GPUBuffer,
  outputs: GPUBuffer,
  rowLoss: GPUBuffer,
  stepLoss: GPUBuffer,
): Dispatch {
  const bindings = ['uniform', 'uniform', 'read', 'read', 'rw', 'rw', 'rw', 'rw'] as const;
  const kernel = ctx.kernel(headLossSource, entry, { WG }, [...bindings]);
  const u = ctx.uniform('loss dims', new Uint32Array([dims.batch, dims.outputs, 0, 0]));
  const bindGroup = ctx.bind(kernel, [u, step, logits, y, dlogits, outputs, rowLoss, stepLoss]);
  return { kernel, bindGroup, workgroups: [1] };
}

export interface OptimizerBuffers {
  w: GPUBuffer;
  g: GPUBuffer;
  m: GPUBuffer;
  v: GPUBuffer;
  regularized: GPUBuffer;
  partials: GPUBuffer; // [NORM_GROUPS + 1]
}

export const OPTIMIZER_CODE: Record<OptimizerName, number> = { sgd: 0, momentum: 1, rmsprop: 2, adam: 3 };

/** The OptParams uniform (reference optimizer.ts): count, groups as u32; lr, l1, l2, clipnorm as f32. */
export function packOptParams(
  count: number,
  lr: number,
  l1: number,
  l2: number,
  clipnorm: number,
): ArrayBuffer {
  const data = new ArrayBuffer(32);
  new Uint32Array(data, 0, 2).set([count, NORM_GROUPS]);
  new Float32Array(data, 8, 4).set([lr, l1, l2, clipnorm]);
  return data;
}

/** The step uniform every step kernel reads: u32 step, u32 loss slot, f32 Adam corrections c1, c2. */
export function packStepParams(step: number, slot: number, c1: number, c2: number): ArrayBuffer {
  const data = new ArrayBuffer(16);
  new Uint32Array(data, 0, 2).set([step >>> 0, slot]);
  new Float32Array(data, 8, 2).set([c1, c2]);
  return data;
}

/** grad_norm_sq + grad_norm_total (only when clipnorm is on), then optimizer_update. */
export function optimizerDispatches(
  ctx: GpuContext,
  optimizer: OptimizerName,
  count: number,
  clip: boolean,
  opt: GPUBuffer,
  step: GPUBuffer,
  b: OptimizerBuffers,
): Dispatch[] {
  const constants = {
    WG: OPTIMIZER_WG,
    NORM_TOTAL: NORM_GROUPS,
    OPTIMIZER: OPTIMIZER_CODE[optimizer],
    MOMENTUM: float(MOMENTUM),
    RMSPROP_RHO: float(RMSPROP_RHO),
    ADAM_BETA1: float(ADAM_BETA1),
    ADAM_BETA2: float(ADAM_BETA2),
    EPSILON: float(EPSILON),
  };
  const bindings = ['uniform', 'uniform', 'rw', 'read', 'rw', 'rw', 'read', 'rw'] as const;
  const resources = [opt, step, b.w, b.g, b.m, b.v, b.regularized, b.partials];
  const make = (entry: string, workgroups: [number, number?]): Dispatch => {
    const kernel = ctx.kernel(optimizerSource, entry, constants, [...bindings]);
    return { kernel, bindGroup: ctx.bind(kernel, resources), workgroups };
  };
  const update = make('optimizer_update', grid(count, OPTIMIZER_WG));
  return clip ? [make('grad_norm_sq', [NORM_GROUPS]), make('grad_norm_total', [1]), update] : [update];
}
