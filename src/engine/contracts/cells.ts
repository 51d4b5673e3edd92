import { byKind, CELL_KINDS, type CellBuffer, type CellKindSpec } from '../../model/cellKinds';
import type { CellType } from '../../model/config';
import { probeFloats } from './probe';

/**
 * What each recurrent cell kind IS, once, for every engine: its gates per unit, its parameter
 * tensors per direction (paramLayout.ts), and the buffers one direction of a layer keeps
 * (the CPU model allocates them, webgpu/memoryPlan.ts checks them against the device). The facts
 * per kind are its entry in model/cellKinds.ts (one place); here are the sizes of the buffers they
 * name, exhaustive by type. A CPU engine whose `cells` table lacks a kind's kernels fails `tsc`
 * (cpu/kernels.ts), as does WebGPU's GPU_CELLS (webgpu/cellKernels.ts).
 */

/** The sizes a direction's buffers are made from. */
export interface DirectionSizes {
  cell: CellType;
  /** T·B: every step of every batch row. */
  rows: number;
  batch: number;
  steps: number;
  /** F: the layer's input width. */
  inputs: number;
  /** H: the direction's units. */
  units: number;
  /** G: gates per unit. */
  gates: number;
}

interface BufferSpec {
  floats: (s: DirectionSizes) => number;
  /** Only a training step uses it (a model built for evaluation gets it empty). */
  training: boolean;
  /** Its name in the memory plan's messages; null for the small ones the plan leaves out. */
  plan: string | null;
}

/** Every kind keeps these; the rest are a kind's own (model/cellKinds.ts `engine.buffers`). */
const EVERY_CELL = ['xd', 'gates', 'hprev', 'dz', 'probe', 'dhSteps', 'normH'] as const;

/**
 * Every buffer a direction may keep, in the order the CPU engines allocate them. Time-major:
 * row t·B + b is batch row b at step t.
 */
export const DIRECTION_BUFFERS = {
  /** [T·B, F] the layer's input ⊙ m_in. */
  xd: { floats: (s) => s.rows * s.inputs, training: false, plan: 'masked inputs' },
  /** [T·B, G·H] Zx = Xd·W + b, then the gates after their activations. */
  gates: { floats: (s) => s.rows * s.gates * s.units, training: false, plan: 'gates' },
  /** [T·B, H] the LSTM's cell state. */
  c: { floats: (s) => s.rows * s.units, training: false, plan: 'cell state' },
  /** [T·B, H] the GRU candidate's recurrent term. */
  hrec: { floats: (s) => s.rows * s.units, training: false, plan: 'recurrent candidate' },
  /** [T·B, H] h_prev ⊙ m_rec (the first step's block zero): the left operand of dU. */
  hprev: { floats: (s) => s.rows * s.units, training: false, plan: 'masked hidden state' },
  /** [T·B, G·H] the gradient at Zx. */
  dz: { floats: (s) => s.rows * s.gates * s.units, training: true, plan: 'gate gradients' },
  /** [T·B, G·H] the gradient at the recurrent pre-activations, where it differs from dz (GRU). */
  dzr: { floats: (s) => s.rows * s.gates * s.units, training: true, plan: 'recurrent gate gradients' },
  /** [P, T, H] the probed row's numbers (engine/contracts/probe.ts PROBE_QUANTITIES). */
  probe: { floats: (s) => probeFloats(s.cell, s.steps, s.units), training: false, plan: null },
  /** [T·B, H] ∂L/∂c_t of every step. */
  dcSteps: { floats: (s) => s.rows * s.units, training: true, plan: 'per-step cell-state gradients' },
  /** [T·B, H] ∂L/∂h_t of every step. */
  dhSteps: { floats: (s) => s.rows * s.units, training: true, plan: 'per-step hidden-state gradients' },
  /** [T·B] Σ over steps of ‖∂L/∂c_t‖ per row (grad_norm_steps, while the inside views are open). */
  normC: { floats: (s) => s.rows, training: true, plan: null },
  /** [T·B] the same for ∂L/∂h_t. */
  normH: { floats: (s) => s.rows, training: true, plan: null },
} as const satisfies Record<(typeof EVERY_CELL)[number] | CellBuffer, BufferSpec>;

export type DirectionBufferName = keyof typeof DIRECTION_BUFFERS;

/** One direction's parameter tensors, in weightTensors order (src/model/params.ts). */
export type DirectionParam = 'kernel' | 'recurrent' | 'bias' | 'recurrentBias';

export interface CellSpec {
  /** G: gate columns per unit (gate-interleaved, column G·j + g). */
  gates: number;
  params: readonly DirectionParam[];
  /** The buffers one direction keeps; the rest of DIRECTION_BUFFERS stay empty. */
  buffers: readonly DirectionBufferName[];
  /** Whether it has a cell state c beside h (and so ∂L/∂c_t and its norms for the inside views). */
  cellState: boolean;
  /** The gate whose bias starts at 1 (Keras unit_forget_bias: the LSTM's forget gate), or null. */
  unitBiasGate: number | null;
}

const KERAS_PARAMS = ['kernel', 'recurrent', 'bias'] as const;

/** Each kind's engine facts, from its one entry in model/cellKinds.ts. */
export const CELLS: Record<CellType, CellSpec> = byKind((cell) => {
  const kind: CellKindSpec = CELL_KINDS[cell];
  return {
    gates: kind.gates,
    // Keras reset_after=True (the GRU): the recurrent product has its own bias.
    params: kind.recurrentBias ? [...KERAS_PARAMS, 'recurrentBias'] : KERAS_PARAMS,
    buffers: [...EVERY_CELL, ...kind.engine.buffers],
    cellState: kind.engine.cellState,
    unitBiasGate: kind.engine.unitBiasGate,
  };
});

/** A kind's spec; a kind that is not registered (a config from elsewhere) is an error, never another kind. */
export function cellSpec(cell: CellType): CellSpec {
  if (!Object.hasOwn(CELLS, cell))
    throw new Error(`no recurrent cell kind '${cell}' (known: ${Object.keys(CELLS).join(', ')})`);
  return CELLS[cell];
}

/** Whether a direction of this kind keeps the buffer. */
export const keeps = (cell: CellType, buffer: DirectionBufferName): boolean =>
  CELLS[cell].buffers.includes(buffer);

/** Floats of one direction's buffer: 0 where the kind does not keep it (or a training buffer when not training). */
export function directionFloats(s: DirectionSizes, buffer: DirectionBufferName, training: boolean): number {
  const spec: BufferSpec = DIRECTION_BUFFERS[buffer];
  if (!keeps(s.cell, buffer) || (spec.training && !training)) return 0;
  return spec.floats(s);
}
