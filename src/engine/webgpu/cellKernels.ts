import gruCellSource from '../../../shaders/gru_cell.wgsl?raw';
import gruSequenceSource from '../../../shaders/gru_sequence.wgsl?raw';
import lstmCellSource from '../../../shaders/lstm_cell.wgsl?raw';
import lstmSequenceSource from '../../../shaders/lstm_sequence.wgsl?raw';
import recurrenceSource from '../../../shaders/recurrence.wgsl?raw';
import recurrentWeightsGlobalSource from '../../../shaders/recurrent_weights_global.wgsl?raw';
import recurrentWeightsPersistentSource from '../../../shaders/recurrent_weights_persistent.wgsl?raw';
import simpleRnnCellSource from '../../../shaders/simple_rnn_cell.wgsl?raw';
import simpleRnnSequenceSource from '../../../shaders/simple_rnn_sequence.wgsl?raw';
import type { CellType } from '../../model/config';
import { GATES_OF } from '../../model/params';
import type { CellDims } from '../reference/lstmCell';
import { type Dispatch, type GpuContext, grid, type KernelSpec, type TensorRef } from './gpuContext';

/**
 * The dispatches of the fused recurrent cells (shaders/lstm_cell.wgsl, gru_cell.wgsl,
 * simple_rnn_cell.wgsl): one per timestep, forward in the direction's order and backward in the
 * reverse of it. Bind groups and the dims uniform are made once per call site; a dynamic offset
 * into a uniform of T entries {t} picks the timestep.
 */
const WG = 64;
/**
 * Batch rows a thread of the GRU and SimpleRNN cells computes, each of four units (vec4 over units;
 * written out by hand there).
 */
const ROWS = 4;

/**
 * Batch rows a thread of the fused LSTM cell computes: forward rows of one unit, backward rows of
 * four units (written out by hand in lstm_cell.wgsl). The autotuner picks one of each per shape.
 */
export interface CellVariant {
  forwardRows: number;
  backwardRows: number;
  /** Where the sequence-fused kernel won (autotuned on GPUs), it runs that direction of work. */
  forwardSequence?: SequenceVariant;
  backwardSequence?: SequenceVariant;
}
export const CELL_FORWARD_ROWS = [2, 4, 8];
export const CELL_BACKWARD_ROWS = [1, 2, 4];
export const DEFAULT_CELL: CellVariant = { forwardRows: 4, backwardRows: 2 };
export const cellVariantName = (v: CellVariant) => {
  const forward = v.forwardSequence
    ? `lstm_${sequenceName(v.forwardSequence)}`
    : `lstm_cell_forward_rows${v.forwardRows}`;
  const backward = v.backwardSequence
    ? sequenceName(v.backwardSequence)
    : `backward_rows${v.backwardRows}x4units`;
  return `${forward}+${backward}`;
};

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

/**
 * Every buffer a cell may bind (the twins name them the same); each cell binds its own, in its
 * shader's binding order. c, dc_steps: LSTM only; hrec, rbias, dzr: GRU only. probe is the
 * forward's, dc_steps and dh_steps the backward's (the inside views: engine/contracts/probe.ts).
 */
export interface CellBuffers {
  gates: GPUBuffer; // [T·B, G·H]
  U: TensorRef; // [H, G·H], offset a multiple of 64 floats
  mrec: GPUBuffer; // [B, H]
  h: GPUBuffer; // [T·B, h_stride]
  hprev: GPUBuffer; // [T·B, H]
  dH: GPUBuffer; // [T·B, h_stride]
  dz: GPUBuffer; // [T·B, G·H]
  dc: GPUBuffer; // [B, H] at least
  c?: GPUBuffer; // [T·B, H]
  /** LSTM forward: h_prev ⊙ mrec of a step [B, H], two buffers, read and written in turn. */
  hcarry?: [GPUBuffer, GPUBuffer];
  hrec?: GPUBuffer; // [T·B, H]
  rbias?: TensorRef; // [3H]
  dzr?: GPUBuffer; // [T·B, 3H]
  probe: GPUBuffer; // [P, T, H] the probed row's numbers (PROBE_QUANTITIES)
  dc_steps?: GPUBuffer; // [T·B, H] ∂L/∂c_t of every step
  dh_steps: GPUBuffer; // [T·B, H] ∂L/∂h_t of every step
}

/** Each cell's shader, after what every cell shares (WGSL has no imports). */
const withRecurrence = (source: string) => `${recurrenceSource}\n${source}`;

type Binding = GPUBuffer | GPUBufferBinding;

/**
 * What the WebGPU engine runs for one recurrent cell kind (what the kind IS, its gates, tensors and
 * buffers, is contracts/cells.ts). GPU_CELLS has one per kind: a kind missing there fails `tsc`,
 * and no kind falls into another's bindings.
 */
interface GpuCell {
  /** The per-timestep pipeline of one direction of work (forward, or backward). */
  kernel(variant: CellVariant, backward: boolean, units: number): KernelSpec;
  /**
   * Its buffers in the shader's binding order, after the dims and time uniforms. `parity`: the
   * timestep's (the LSTM's forward swaps its carry buffers step by step).
   */
  bindings(backward: boolean, b: CellBuffers, U: GPUBufferBinding, H: number, parity: number): Binding[];
  /** Threads of one timestep's dispatch for B rows and H units. */
  threads(B: number, H: number, variant: CellVariant, backward: boolean): number;
  /** Whether the forward keeps h_prev ⊙ m_rec in two [B, H] carry buffers (hcarry, WebGPU's own). */
  carry: boolean;
  /**
   * The sequence-fused kernel of the whole sequence (lstm_sequence.wgsl, gru_sequence.wgsl,
   * simple_rnn_sequence.wgsl), which the step runs where its CellVariant names a SequenceVariant.
   */
  sequence: SequenceKernel;
  /**
   * Whether the autotuner times its per-timestep variants (cellTune.ts times the LSTM's rows); the
   * others have one shape. Every kind's sequence-fused kernel is timed against it (GPUs only).
   */
  tuned: boolean;
  /** Its kernel's name in info.kernels. */
  name(variant: CellVariant): string;
}

/** A GRU or SimpleRNN cell: one shape, ROWS batch rows of four units per thread. */
const fixedCell = (
  cell: CellType,
  source: string,
  bindings: (backward: boolean) => KernelSpec['bindings'],
) => ({
  kernel: (_v: CellVariant, backward: boolean): KernelSpec => ({
    source: withRecurrence(source),
    entryPoint: `${cell}_cell_${backward ? 'backward' : 'forward'}`,
    constants: { WG, ROWS },
    bindings: bindings(backward),
  }),
  threads: (B: number, H: number) => Math.ceil(H / 4) * Math.ceil(B / ROWS),
  carry: false,
  tuned: false,
  // `gru_cell` per timestep; a fused direction of work named by its slice (cellVariantName's way).
  name: (v: CellVariant) => {
    if (!v.forwardSequence && !v.backwardSequence) return `${cell}_cell`;
    const part = (s: SequenceVariant | undefined, step: string) => (s ? sequenceName(s) : step);
    return `${cell}_${part(v.forwardSequence, 'cell_forward')}+${part(v.backwardSequence, 'cell_backward')}`;
  },
});

export const GPU_CELLS = {
  lstm: {
    // Both entry points share one module, so both row constants are set; the other one is fixed,
    // so a forward pipeline does not compile again for each backward choice.
    kernel: (variant, backward, units) => {
      const shared = ['uniform', 'dynamic-uniform', 'rw', 'read', 'rw', 'read'] as const;
      const source = withRecurrence(lstmCellSource);
      return backward
        ? {
            source,
            entryPoint: 'lstm_cell_backward',
            constants: { WG, ROWS_F: 2, ROWS_B: variant.backwardRows, VEC_H: false },
            bindings: [...shared, 'read', 'rw', 'rw', 'rw', 'rw'],
          }
        : {
            source,
            entryPoint: 'lstm_cell_forward',
            constants: { WG, ROWS_F: variant.forwardRows, ROWS_B: 1, VEC_H: units % 4 === 0 },
            bindings: [...shared, 'rw', 'rw', 'read', 'rw', 'rw'],
          };
    },
    bindings: (backward, b, U, _H, parity) => {
      const shared = [b.gates, U, need(b.c, 'c'), b.mrec];
      if (backward) return [...shared, b.dH, b.dz, b.dc, need(b.dc_steps, 'dc_steps'), b.dh_steps];
      const [even, odd] = need(b.hcarry, 'h carry');
      // Step t reads the carry step t−1 (or t+1) wrote, and writes the other: the pair by t's parity.
      return [...shared, b.hprev, b.h, parity === 0 ? even : odd, parity === 0 ? odd : even, b.probe];
    },
    // Forward: rows of one unit per thread; backward: rows of four units.
    threads: (B, H, variant, backward) =>
      backward
        ? Math.ceil(H / 4) * Math.ceil(B / variant.backwardRows)
        : H * Math.ceil(B / variant.forwardRows),
    carry: true,
    sequence: {
      source: lstmSequenceSource,
      entryPoints: ['lstm_sequence_forward', 'lstm_sequence_backward'],
      layout: (backward) => {
        const shared = ['uniform', 'rw', 'read', 'rw', 'read'] as const;
        return backward ? [...shared, 'read', 'rw', 'rw', 'rw', 'rw'] : [...shared, 'rw', 'rw', 'rw'];
      },
      bindings: (backward, b, U) => {
        const shared = [b.gates, U, need(b.c, 'c'), b.mrec];
        if (backward) return [...shared, b.dH, b.dz, b.dc, need(b.dc_steps, 'dc_steps'), b.dh_steps];
        return [...shared, b.hprev, b.h, b.probe];
      },
      // Forward hw [2·rows·H] f32; backward dzw [2·rows·H] vec4f.
      stateBytes: (backward, rows, H) => 2 * rows * H * (backward ? 16 : 4),
    },
    tuned: true,
    name: cellVariantName,
  },
  gru: {
    ...fixedCell('gru', gruCellSource, (backward) => {
      const shared = ['uniform', 'dynamic-uniform', 'rw', 'read', 'rw', 'read', 'rw'] as const;
      return backward ? [...shared, 'read', 'rw', 'rw', 'rw', 'rw'] : [...shared, 'read', 'rw', 'rw'];
    }),
    bindings: (backward, b, U, H) => {
      const shared = [b.gates, U, need(b.hrec, 'hrec'), b.mrec, b.h];
      if (backward) return [...shared, b.dH, b.dz, need(b.dzr, 'dzr'), b.dc, b.dh_steps];
      return [...shared, rbiasBinding(b, H), b.hprev, b.probe];
    },
    sequence: {
      source: gruSequenceSource,
      entryPoints: ['gru_cell_forward_steps', 'gru_cell_backward_steps'],
      layout: (backward) => {
        const shared = ['uniform', 'rw', 'read', 'rw', 'read', 'rw'] as const;
        return backward ? [...shared, 'read', 'rw', 'rw', 'rw', 'rw'] : [...shared, 'read', 'rw', 'rw'];
      },
      bindings: (backward, b, U, H) => {
        const shared = [b.gates, U, need(b.hrec, 'hrec'), b.mrec, b.h];
        if (backward) return [...shared, b.dH, b.dz, need(b.dzr, 'dzr'), b.dc, b.dh_steps];
        return [...shared, rbiasBinding(b, H), b.hprev, b.probe];
      },
      // Forward hw [2·rows·H] f32; backward dzrw [2·rows·3H] f32.
      stateBytes: (backward, rows, H) => (backward ? 6 : 2) * rows * H * 4,
    },
  },
  simple_rnn: {
    ...fixedCell('simple_rnn', simpleRnnCellSource, (backward) => {
      const shared = ['uniform', 'dynamic-uniform', 'rw', 'read', 'read'] as const;
      return backward ? [...shared, 'read', 'rw', 'rw'] : [...shared, 'rw', 'rw', 'rw'];
    }),
    bindings: (backward, b, U) => {
      const shared = [b.gates, U, b.mrec];
      return backward ? [...shared, b.dH, b.dz, b.dh_steps] : [...shared, b.h, b.hprev, b.probe];
    },
    sequence: {
      source: simpleRnnSequenceSource,
      entryPoints: ['simple_rnn_cell_forward_steps', 'simple_rnn_cell_backward_steps'],
      layout: (backward) => {
        const shared = ['uniform', 'rw', 'read', 'read'] as const;
        return backward ? [...shared, 'read', 'rw', 'rw'] : [...shared, 'rw', 'rw', 'rw'];
      },
      bindings: (backward, b, U) => {
        const shared = [b.gates, U, b.mrec];
        return backward ? [...shared, b.dH, b.dz, b.dh_steps] : [...shared, b.h, b.hprev, b.probe];
      },
      // Forward hw, backward dzw: [2·rows·H] f32 each.
      stateBytes: (_backward, rows, H) => 2 * rows * H * 4,
    },
  },
} satisfies Record<CellType, GpuCell>;

/** A kind's WebGPU kernels; a kind that is not registered is an error, never another kind's kernels. */
export function gpuCell(cell: CellType): GpuCell {
  if (!Object.hasOwn(GPU_CELLS, cell)) throw new Error(`no WebGPU kernels for the cell kind '${cell}'`);
  return GPU_CELLS[cell];
}

/** The pipeline of one cell direction of the step (for compileKernels ahead of use). */
export const cellKernelSpec = (cell: CellType, variant: CellVariant, backward: boolean, units: number) =>
  gpuCell(cell).kernel(variant, backward, units);

/** The GRU's recurrent bias rb [3H] as a binding. */
const rbiasBinding = (b: CellBuffers, H: number): GPUBufferBinding => {
  const rb = need(b.rbias, 'recurrent bias');
  return { buffer: rb.buffer, offset: rb.offset * 4, size: 3 * H * 4 };
};

const need = <T>(buffer: T | undefined, name: string): T => {
  if (buffer === undefined) throw new Error(`this cell needs a ${name} buffer`);
  return buffer;
};

/** The CellDims uniform as the shaders declare it: B, H, T, reverse, h_stride, h_off, probe_row. */
export const packCellDims = (d: CellDims) =>
  new Uint32Array([d.batch, d.units, d.steps, d.reverse, d.h_stride, d.h_off, d.probe_row >>> 0, 0]);

/**
 * The cell's forward over the direction's steps, or its backward over them in reverse. `uniform`
 * may be a dims uniform the caller keeps (to move probe_row later); else one is made from dims.
 */
export function cellDispatches(
  ctx: GpuContext,
  cell: CellType,
  dims: CellDims,
  time: TimeUniform,
  bufs: CellBuffers,
  backward: boolean,
  label = backward ? 'cell backward' : 'cell forward',
  variant: CellVariant = DEFAULT_CELL,
  uniform: GPUBuffer = ctx.uniform('cell dims', packCellDims(dims)),
): Dispatch[] {
  const { batch: B, units: H, steps: T } = dims;
  const G = GATES_OF[cell];
  const U = { buffer: bufs.U.buffer, offset: bufs.U.offset * 4, size: H * G * H * 4 };
  const kind = gpuCell(cell);
  const spec = kind.kernel(variant, backward, H);
  const kernel = ctx.kernel(spec.source, spec.entryPoint, spec.constants, spec.bindings);
  const t0 = { buffer: time.buffer, offset: 0, size: 16 };
  const group = (parity: number) =>
    ctx.bind(kernel, [uniform, t0, ...kind.bindings(backward, bufs, U, H, parity)]);
  // A forward that swaps its carry buffers step by step: one bind group for even t, one for odd.
  const even = group(0);
  const groups = kind.carry && !backward ? [even, group(1)] : [even, even];
  const threads = kind.threads(B, H, variant, backward);
  const workgroups = grid(threads, WG);
  // The forward runs in the direction's order, the backward in the reverse of it.
  const ascending = backward === (dims.reverse === 1);
  const order = Array.from({ length: T }, (_, i) => (ascending ? i : T - 1 - i));
  return order.map((t) => ({
    kernel,
    bindGroup: groups[t % 2],
    workgroups,
    dynamicOffsets: [t * time.stride],
    label,
  }));
}

/**
 * The sequence-fused cells (shaders/lstm_sequence.wgsl, gru_sequence.wgsl,
 * simple_rnn_sequence.wgsl): one dispatch per direction for the whole sequence, a workgroup per
 * slice of `rows` batch rows with `threads` invocations. Workgroup memory bounds the slice: the
 * LSTM's backward keeps 2·rows·H vec4f, the most of any (GRU backward 2·rows·3H floats, SimpleRNN
 * 2·rows·H floats, every forward 2·rows·H floats).
 */
export interface SequenceVariant {
  rows: number;
  threads: number;
  /**
   * U staged in workgroup memory once per dispatch and read from there at every timestep
   * (shaders/recurrent_weights_persistent.wgsl), where it fits (sequencePersistentFits); else read
   * from the storage buffer at every timestep (recurrent_weights_global.wgsl).
   */
  persistent?: boolean;
}

/** A sequence-fused variant in info.kernels: `sequence_rows4x64threads`, `…_persistent`. */
export const sequenceName = (s: SequenceVariant) =>
  `sequence_rows${s.rows}x${s.threads}threads${s.persistent ? '_persistent' : ''}`;

/** A kind's sequence-fused kernel: its shader, entry points, binding layouts and buffers. */
interface SequenceKernel {
  /** Without recurrence.wgsl (put before it). */
  source: string;
  /** The forward's and the backward's entry points. */
  entryPoints: [string, string];
  /** Binding layouts after the dims uniform (binding 0 included). */
  layout(backward: boolean): KernelSpec['bindings'];
  /** Its buffers in the shader's binding order, after the dims uniform. */
  bindings(backward: boolean, b: CellBuffers, U: GPUBufferBinding, H: number): Binding[];
  /** Bytes of its recurrent state arrays in workgroup memory (hw, dzw, dzrw) for `rows` rows. */
  stateBytes(backward: boolean, rows: number, H: number): number;
}

/** Largest slice of rows the workgroup memory holds for H units, for every kind (the LSTM's bound). */
export function maxSequenceRows(units: number, workgroupBytes: number): number {
  return Math.floor(workgroupBytes / (2 * units * 16));
}

/** WebGPU's rule for maxComputeWorkgroupStorageSize: each workgroup variable counts roundUp(16, size). */
const workgroupVariableBytes = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * Whether the persistent variant of a kind's sequence-fused kernel fits the workgroup memory: its
 * staged U (G·H² floats) beside the state arrays of `rows` rows, for that direction of work (the
 * LSTM's backward keeps the most state, so it may fit forward only). Exact: the sum WebGPU
 * validates the pipeline against.
 */
export function sequencePersistentFits(
  cell: CellType,
  backward: boolean,
  units: number,
  rows: number,
  workgroupBytes: number,
): boolean {
  const weights = workgroupVariableBytes(GATES_OF[cell] * units * units * 4);
  const state = workgroupVariableBytes(gpuCell(cell).sequence.stateBytes(backward, rows, units));
  return weights + state <= workgroupBytes;
}

export function sequenceKernelSpec(
  variant: SequenceVariant,
  backward: boolean,
  units: number,
  cell: CellType = 'lstm',
): KernelSpec {
  const kind = gpuCell(cell).sequence;
  const persistent = variant.persistent === true;
  // recurrence.wgsl, then where U is read from (recurrent_weights_*.wgsl), then the cell.
  const weights = persistent ? recurrentWeightsPersistentSource : recurrentWeightsGlobalSource;
  return {
    source: withRecurrence(`${weights}\n${kind.source}`),
    entryPoint: kind.entryPoints[backward ? 1 : 0],
    constants: { WGS: variant.threads, ROWS: variant.rows, HU: units, PERSISTENT: persistent },
    bindings: kind.layout(backward),
  };
}

/**
 * A kind's sequence-fused forward or backward over the direction's whole sequence: ONE dispatch.
 * It keeps the probe and the per-step gradients as the per-step kernels do; `uniform` as there.
 */
export function sequenceDispatch(
  ctx: GpuContext,
  cell: CellType,
  dims: CellDims,
  bufs: CellBuffers,
  backward: boolean,
  variant: SequenceVariant,
  label = backward ? 'sequence backward' : 'sequence forward',
  uniform: GPUBuffer = ctx.uniform('sequence dims', packCellDims(dims)),
): Dispatch {
  const { batch: B, units: H } = dims;
  const U = { buffer: bufs.U.buffer, offset: bufs.U.offset * 4, size: H * GATES_OF[cell] * H * 4 };
  const spec = sequenceKernelSpec(variant, backward, H, cell);
  const kernel = ctx.kernel(spec.source, spec.entryPoint, spec.constants, spec.bindings);
  const bindGroup = ctx.bind(kernel, [uniform, ...gpuCell(cell).sequence.bindings(backward, bufs, U, H)]);
  return { kernel, bindGroup, workgroups: [Math.ceil(B / variant.rows)], label };
}

/** lstm_sequence_forward or lstm_sequence_backward (sequenceDispatch of the LSTM). */
export const lstmSequenceDispatch = (
  ctx: GpuContext,
  dims: CellDims,
  bufs: CellBuffers,
  backward: boolean,
  variant: SequenceVariant,
  label?: string,
  uniform?: GPUBuffer,
): Dispatch => sequenceDispatch(ctx, 'lstm', dims, bufs, backward, variant, label, uniform);
