import { type CellDims, stepOrder } from '../../../src/engine/reference/lstmCell';
import type { WasmKernels } from '../../../src/engine/wasm/kernels';
import type { CellType } from '../../../src/model/config';
import type { CellState } from './cellHarness';
import { WRITTEN } from './cellHarness';
import { inPool } from './wasmPool';

/**
 * The WebAssembly cell kernels on a cell state (cellHarness.ts randomCellState, the WGSL tests'
 * state): one call at step t; 'stepwise', one call per step of the direction in its order (the
 * LSTM's carry pair swapped each step, as the engine's model swaps it); or 'fused', the one job
 * over every step. The state is copied into the pool's memory, the calls run, and the buffers a
 * cell may write come back; the pool's memory is given back after.
 */
export function wasmCellCall(
  k: WasmKernels,
  cell: CellType,
  backward: boolean,
  dims: CellDims,
  t: number | 'stepwise' | 'fused',
  s: CellState,
): Record<(typeof WRITTEN)[number], Float32Array> {
  const mark = k.pool.arena.bytes;
  const b = Object.fromEntries(Object.entries(s).map(([name, v]) => [name, inPool(k, v)])) as CellState;
  try {
    if (t === 'fused') allSteps(k, cell, backward, dims, b);
    else if (t === 'stepwise')
      for (const step of stepOrder(dims, backward)) {
        const [read, written] = step % 2 === 0 ? [b.hprevIn, b.hprevOut] : [b.hprevOut, b.hprevIn];
        oneStep(k, cell, backward, dims, step, { ...b, hprevIn: read, hprevOut: written });
      }
    else oneStep(k, cell, backward, dims, t, b);
    return Object.fromEntries(WRITTEN.map((name) => [name, b[name].slice()])) as Record<
      (typeof WRITTEN)[number],
      Float32Array
    >;
  } finally {
    k.pool.arena.reset(mark);
  }
}

/** Each kind's WebAssembly calls: one step at t, and the one job over every step. A kind missing here fails `tsc`. */
const WASM_CELL_CALLS: Record<
  CellType,
  {
    step(k: WasmKernels, backward: boolean, d: CellDims, t: number, b: CellState): void;
    steps(k: WasmKernels, backward: boolean, d: CellDims, b: CellState): void;
  }
> = {
  lstm: {
    step: (k, backward, d, t, b) =>
      backward
        ? k.lstm_cell_backward(d, t, b.gates, b.U, b.c, b.mrec, b.dH, b.dz, b.dc, b.dc_steps, b.dh_steps)
        : k.lstm_cell_forward(d, t, b.gates, b.U, b.c, b.mrec, b.hprev, b.h, b.hprevIn, b.hprevOut, b.probe),
    steps: (k, backward, d, b) =>
      backward
        ? k.lstm_sequence_backward(d, b.gates, b.U, b.c, b.mrec, b.dH, b.dz, b.dc, b.dc_steps, b.dh_steps)
        : k.lstm_sequence_forward(d, b.gates, b.U, b.c, b.mrec, b.hprev, b.h, b.probe),
  },
  gru: {
    step: (k, backward, d, t, b) =>
      backward
        ? k.gru_cell_backward(d, t, b.gates, b.U, b.hrec, b.mrec, b.h, b.dH, b.dz, b.dzr, b.dc, b.dh_steps)
        : k.gru_cell_forward(d, t, b.gates, b.U, b.hrec, b.mrec, b.h, b.rbias, b.hprev, b.probe),
    steps: (k, backward, d, b) =>
      backward
        ? k.gru_cell_backward_steps(d, b.gates, b.U, b.hrec, b.mrec, b.h, b.dH, b.dz, b.dzr, b.dc, b.dh_steps)
        : k.gru_cell_forward_steps(d, b.gates, b.U, b.hrec, b.mrec, b.h, b.rbias, b.hprev, b.probe),
  },
  simple_rnn: {
    step: (k, backward, d, t, b) =>
      backward
        ? k.simple_rnn_cell_backward(d, t, b.gates, b.U, b.mrec, b.dH, b.dz, b.dh_steps)
        : k.simple_rnn_cell_forward(d, t, b.gates, b.U, b.mrec, b.h, b.hprev, b.probe),
    steps: (k, backward, d, b) =>
      backward
        ? k.simple_rnn_cell_backward_steps(d, b.gates, b.U, b.mrec, b.dH, b.dz, b.dh_steps)
        : k.simple_rnn_cell_forward_steps(d, b.gates, b.U, b.mrec, b.h, b.hprev, b.probe),
  },
};

const oneStep = (k: WasmKernels, cell: CellType, backward: boolean, d: CellDims, t: number, b: CellState) =>
  WASM_CELL_CALLS[cell].step(k, backward, d, t, b);

const allSteps = (k: WasmKernels, cell: CellType, backward: boolean, d: CellDims, b: CellState) =>
  WASM_CELL_CALLS[cell].steps(k, backward, d, b);
