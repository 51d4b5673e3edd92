import batchOpsSource from '../../../shaders/batch_ops.wgsl?raw';
import dropoutSource from '../../../shaders/dropout.wgsl?raw';
import headLossSource from '../../../shaders/head_loss.wgsl?raw';
import lstmCellSource from '../../../shaders/lstm_cell.wgsl?raw';
import optimizerSource from '../../../shaders/optimizer.wgsl?raw';
import type { OptimizerName } from '../../model/config';
import type { Dispatch, GpuContext, KernelSpec, TensorRef } from './gpuContext';

/**
 * Dispatch builders for every kernel but matmul (matmulKernel.ts): each makes the call site's
 * uniform and bind group once, so encoding a step only replays them. Shapes as in the shaders.
 */
const WG = 64;
/** Workgroups of the optimizer's norm reduction, and the partials slot of the total. */
export const NORM_GROUPS = 64;

/** A 1-D count of threads as a 2-D grid (a dimension holds at most 65,535 workgroups). */
export function grid(threads: number, wg: number): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / wg));
  return groups <= 65535 ? [groups, 1] : [65535, Math.ceil(groups / 65535)];
}

const binding = (ref: TensorRef, floats: number): GPUBufferBinding => ({
  buffer: ref.buffer,
  offset: ref.offset * 4,
  size: Math.max(16, floats * 4),
});

export interface CellShape {
  batch: number;
  units: number;
  steps: number;
}

/**
 * Batch rows a thread of the fused cell computes: forward rows of one unit, backward rows of four
 * units (written out by hand in lstm_cell.wgsl). The autotuner picks one of each per shape.
 */
export interface CellVariant {
  forwardRows: number;
  backwardRows: number;
}
export const CELL_FORWARD_ROWS = [2, 4, 8];
export const CELL_BACKWARD_ROWS = [1, 2, 4];
export const DEFAULT_CELL: CellVariant = { forwardRows: 4, backwardRows: 2 };
export const cellVariantName = (v: CellVariant) =>
  `lstm_cell_forward_rows${v.forwardRows}+backward_rows${v.backwardRows}x4units`;

export interface CellBuffers {
  /** A uniform of T entries {t} at `timeStride` bytes, picked by dynamic offset. */
  time: GPUBuffer;
  timeStride: number;
  gates: GPUBuffer; // [T·B, 4H]
  recurrent: TensorRef; // U [H, 4H], offset a multiple of 64 floats
  hprev: GPUBuffer; // [T·B, H]
  h: GPUBuffer; // [T·B, H]
  c: GPUBuffer; // [T·B, H]
  recMask: GPUBuffer; // [B, H]
  dH: GPUBuffer; // [T·B, H]
  dz: GPUBuffer; // [T·B, 4H]
  dc: GPUBuffer; // [B, H] (at least)
}

/** The pipeline of one cell direction (for compileKernels ahead of use). */
export function cellKernelSpec(variant: CellVariant, backward: boolean, units: number): KernelSpec {
  // Both entry points share one module, so both constants are set; the other one is fixed, so a
  // forward pipeline does not compile again for each backward choice.
  return backward
    ? {
        source: lstmCellSource,
        entryPoint: 'lstm_cell_backward',
        constants: { WG, ROWS_F: 2, ROWS_B: variant.backwardRows, VEC_H: false },
        bindings: ['uniform', 'dynamic-uniform', 'read', 'read', 'read', 'read', 'rw', 'rw', 'read'],
      }
    : {
        source: lstmCellSource,
        entryPoint: 'lstm_cell_forward',
        constants: { WG, ROWS_F: variant.forwardRows, ROWS_B: 1, VEC_H: units % 4 === 0 },
        bindings: ['uniform', 'dynamic-uniform', 'rw', 'read', 'rw', 'rw', 'rw', 'read'],
      };
}

/** One dispatch per timestep: forward in t order, backward in reverse t order. */
export function lstmCellDispatches(
  ctx: GpuContext,
  shape: CellShape,
  bufs: CellBuffers,
  backward: boolean,
  label = backward ? 'cell backward' : 'cell forward',
  variant: CellVariant = DEFAULT_CELL,
): Dispatch[] {
  const { batch: B, units: H, steps: T } = shape;
  const dims = ctx.uniform('cell dims', new Uint32Array([B, H, T, 0]));
  const time = { buffer: bufs.time, offset: 0, size: 16 };
  const U = binding(bufs.recurrent, H * 4 * H);
  const spec = cellKernelSpec(variant, backward, H);
  const kernel = ctx.kernel(spec.source, spec.entryPoint, spec.constants, spec.bindings);
  const bindGroup = backward
    ? ctx.bind(kernel, [dims, time, bufs.gates, U, bufs.c, bufs.dH, bufs.dz, bufs.dc, bufs.recMask])
    : ctx.bind(kernel, [dims, time, bufs.gates, U, bufs.hprev, bufs.h, bufs.c, bufs.recMask]);
  const threads = backward
    ? Math.ceil(H / 4) * Math.ceil(B / variant.backwardRows)
    : H * Math.ceil(B / variant.forwardRows);
  const workgroups = grid(threads, WG);
  const order = Array.from({ length: T }, (_, t) => (backward ? T - 1 - t : t));
  return order.map((t) => ({
    kernel,
    bindGroup,
    workgroups,
    dynamicOffsets: [t * bufs.timeStride],
    label,
  }));
}

export interface MaskSpec {
  seed: number;
  stream: number;
  rate: number;
  count: number;
}

/** Mask parameters as dropout.ts computes them: u32 threshold, f32 scale; rate 0 → all ones. */
export function maskParams(spec: MaskSpec): ArrayBuffer {
  const data = new ArrayBuffer(32);
  const threshold = spec.rate <= 0 ? 0 : Math.min(0xffffffff, Math.floor(spec.rate * 4294967296)) >>> 0;
  new Uint32Array(data, 0, 4).set([spec.seed >>> 0, spec.stream, threshold, spec.count]);
  new Float32Array(data, 16, 1)[0] = spec.rate <= 0 ? 1 : Math.fround(1 / (1 - spec.rate));
  return data;
}

export function dropoutDispatch(
  ctx: GpuContext,
  params: GPUBuffer,
  stepUniform: GPUBuffer,
  mask: GPUBuffer,
  count: number,
): Dispatch {
  const kernel = ctx.kernel(dropoutSource, 'dropout_mask', { WG }, ['uniform', 'uniform', 'rw']);
  return { kernel, bindGroup: ctx.bind(kernel, [params, stepUniform, mask]), workgroups: grid(count, WG) };
}

export function gatherDispatch(
  ctx: GpuContext,
  dims: { batch: number; steps: number; features: number; outputs: number },
  idx: GPUBuffer,
  x: GPUBuffer,
  y: GPUBuffer,
  x0: GPUBuffer,
  y0: GPUBuffer,
): Dispatch {
  const kernel = ctx.kernel(batchOpsSource, 'gather_batch', { WG }, [
    'uniform',
    'read',
    'read',
    'read',
    'rw',
    'rw',
  ]);
  const { batch, steps, features, outputs } = dims;
  const u = ctx.uniform('gather dims', new Uint32Array([batch, steps, features, outputs]));
  const threads = Math.max(steps * batch * features, batch * outputs);
  return { kernel, bindGroup: ctx.bind(kernel, [u, idx, x, y, x0, y0]), workgroups: grid(threads, WG) };
}

/** out [rows, cols] = src [rows, cols] ⊙ mask [batch, cols] (row r uses mask row r mod batch). */
export function maskRowsDispatch(
  ctx: GpuContext,
  rows: number,
  cols: number,
  batch: number,
  src: TensorRef,
  mask: GPUBuffer,
  out: TensorRef,
): Dispatch {
  const kernel = ctx.kernel(batchOpsSource, 'mask_rows', { WG }, ['uniform', 'read', 'read', 'rw']);
  const u = ctx.uniform(
    'mask_rows dims',
    new Uint32Array([rows, cols, batch, src.offset, out.offset, 0, 0, 0]),
  );
  return {
    kernel,
    bindGroup: ctx.bind(kernel, [u, src.buffer, mask, out.buffer]),
    workgroups: grid(rows * cols, WG),
  };
}

/** out [cols] = Σ over rows of src [rows, cols]. */
export function sumRowsDispatch(
  ctx: GpuContext,
  rows: number,
  cols: number,
  src: TensorRef,
  out: TensorRef,
): Dispatch {
  const kernel = ctx.kernel(batchOpsSource, 'sum_rows', { WG }, ['uniform', 'read', 'rw']);
  const u = ctx.uniform('sum_rows dims', new Uint32Array([rows, cols, src.offset, out.offset]));
  return {
    kernel,
    bindGroup: ctx.bind(kernel, [u, src.buffer, out.buffer]),
    workgroups: [Math.ceil(cols / WG)],
  };
}

export interface LossBuffers {
  stepUniform: GPUBuffer;
  logits: GPUBuffer; // [B, K]
  y: GPUBuffer; // [B, K]
  dlogits: GPUBuffer; // [B, K]
  outputs: GPUBuffer; // [B, K]
  rowLoss: GPUBuffer; // [B]
  stepLoss: GPUBuffer; // [capacity]
}

export function lossDispatch(
  ctx: GpuContext,
  classification: boolean,
  batch: number,
  outputs: number,
  b: LossBuffers,
): Dispatch {
  const entry = classification ? 'softmax_cross_entropy' : 'mse_loss';
  const kernel = ctx.kernel(headLossSource, entry, { WG }, [
    'uniform',
    'uniform',
    'read',
    'read',
    'rw',
    'rw',
    'rw',
    'rw',
  ]);
  const u = ctx.uniform('loss dims', new Uint32Array([batch, outputs, 0, 0]));
  const bindGroup = ctx.bind(kernel, [
    u,
    b.stepUniform,
    b.logits,
    b.y,
    b.dlogits,
    b.outputs,
    b.rowLoss,
    b.stepLoss,
  ]);
  return { kernel, bindGroup, workgroups: [1] };
}

export interface OptimizerBuffers {
  params: GPUBuffer;
  stepUniform: GPUBuffer;
  optParams: GPUBuffer;
  grads: GPUBuffer;
  m: GPUBuffer;
  v: GPUBuffer;
  regularized: GPUBuffer;
  partials: GPUBuffer; // [NORM_GROUPS + 1]
}

export const OPTIMIZER_CODE: Record<OptimizerName, number> = { sgd: 0, momentum: 1, rmsprop: 2, adam: 3 };

export function optParams(count: number, lr: number, l1: number, l2: number, clipnorm: number): ArrayBuffer {
  const data = new ArrayBuffer(32);
  new Uint32Array(data, 0, 2).set([count, NORM_GROUPS]);
  new Float32Array(data, 8, 4).set([lr, l1, l2, clipnorm]);
  return data;
}

/** grad_norm_sq + grad_norm_total (only when clipnorm is on), then optimizer_update. */
export function optimizerDispatches(
  ctx: GpuContext,
  optimizer: OptimizerName,
  count: number,
  clip: boolean,
  b: OptimizerBuffers,
): Dispatch[] {
  const constants = { WG: 256, NORM_TOTAL: NORM_GROUPS, OPTIMIZER: OPTIMIZER_CODE[optimizer] };
  const bindings: ('uniform' | 'read' | 'rw')[] = [
    'uniform',
    'uniform',
    'rw',
    'read',
    'rw',
    'rw',
    'read',
    'rw',
  ];
  const resources = [b.optParams, b.stepUniform, b.params, b.grads, b.m, b.v, b.regularized, b.partials];
  const make = (entry: string, workgroups: [number, number?]): Dispatch => {
    const kernel = ctx.kernel(optimizerSource, entry, constants, bindings);
    return { kernel, bindGroup: ctx.bind(kernel, resources), workgroups };
  };
  const update = make('optimizer_update', grid(count, 256));
  return clip ? [make('grad_norm_sq', [NORM_GROUPS]), make('grad_norm_total', [1]), update] : [update];
}
