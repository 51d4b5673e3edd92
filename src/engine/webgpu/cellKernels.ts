import lstmCellSource from '../../../shaders/lstm_cell.wgsl?raw';
import type { CellDims } from '../reference/lstmCell';
import { type Dispatch, type GpuContext, grid, type KernelSpec, type TensorRef } from './gpuContext';

/**
 * The dispatches of the fused LSTM cell (shaders/lstm_cell.wgsl): one per timestep, forward in t
 * order and backward in reverse. Bind groups and the dims uniform are made once per call site; a
 * dynamic offset into a uniform of T entries {t} picks the timestep.
 */
const WG = 64;

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

/** The timestep uniform: T entries {t}, `stride` bytes apart (minUniformBufferOffsetAlignment). */
export interface TimeUniform {
  buffer: GPUBuffer;
  stride: number;
}

export function timeUniform(ctx: GpuContext, steps: number): TimeUniform {
  const stride = ctx.device.limits.minUniformBufferOffsetAlignment;
  const times = new Uint32Array((steps * stride) / 4);
  for (let t = 0; t < steps; t++) times[(t * stride) / 4] = t;
  return { buffer: ctx.uniform('timesteps', times), stride };
}

/** The kernel's buffers, in its binding order (lstmCell.ts names them the same). */
export interface CellBuffers {
  gates: GPUBuffer; // [T·B, 4H]
  U: TensorRef; // [H, 4H], offset a multiple of 64 floats
  c: GPUBuffer; // [T·B, H]
  mrec: GPUBuffer; // [B, H]
  hprev: GPUBuffer; // [T·B, H] (forward)
  h: GPUBuffer; // [T·B, H] (forward)
  dH: GPUBuffer; // [T·B, H] (backward)
  dz: GPUBuffer; // [T·B, 4H] (backward)
  dc: GPUBuffer; // [B, H] at least (backward)
}

/** The pipeline of one direction (for compileKernels ahead of use). */
export function cellKernelSpec(variant: CellVariant, backward: boolean, units: number): KernelSpec {
  // Both entry points share one module, so both row constants are set; the other one is fixed, so
  // a forward pipeline does not compile again for each backward choice.
  const shared = ['uniform', 'dynamic-uniform', 'rw', 'read', 'rw', 'read'] as const;
  return backward
    ? {
        source: lstmCellSource,
        entryPoint: 'lstm_cell_backward',
        constants: { WG, ROWS_F: 2, ROWS_B: variant.backwardRows, VEC_H: false },
        bindings: [...shared, 'read', 'rw', 'rw'],
      }
    : {
        source: lstmCellSource,
        entryPoint: 'lstm_cell_forward',
        constants: { WG, ROWS_F: variant.forwardRows, ROWS_B: 1, VEC_H: units % 4 === 0 },
        bindings: [...shared, 'rw', 'rw'],
      };
}

/** lstm_cell_forward for t = 0 … T−1, or lstm_cell_backward for t = T−1 … 0. */
export function lstmCellDispatches(
  ctx: GpuContext,
  dims: CellDims,
  time: TimeUniform,
  bufs: CellBuffers,
  backward: boolean,
  label = backward ? 'cell backward' : 'cell forward',
  variant: CellVariant = DEFAULT_CELL,
): Dispatch[] {
  const { batch: B, units: H, steps: T } = dims;
  const uniform = ctx.uniform('cell dims', new Uint32Array([B, H, T, 0]));
  const U = { buffer: bufs.U.buffer, offset: bufs.U.offset * 4, size: H * 4 * H * 4 };
  const spec = cellKernelSpec(variant, backward, H);
  const kernel = ctx.kernel(spec.source, spec.entryPoint, spec.constants, spec.bindings);
  const t0 = { buffer: time.buffer, offset: 0, size: 16 };
  const shared = [uniform, t0, bufs.gates, U, bufs.c, bufs.mrec];
  const bindGroup = backward
    ? ctx.bind(kernel, [...shared, bufs.dH, bufs.dz, bufs.dc])
    : ctx.bind(kernel, [...shared, bufs.hprev, bufs.h]);
  const threads = backward
    ? Math.ceil(H / 4) * Math.ceil(B / variant.backwardRows)
    : H * Math.ceil(B / variant.forwardRows);
  const workgroups = grid(threads, WG);
  const order = Array.from({ length: T }, (_, t) => (backward ? T - 1 - t : t));
  return order.map((t) => ({ kernel, bindGroup, workgroups, dynamicOffsets: [t * time.stride], label }));
}
