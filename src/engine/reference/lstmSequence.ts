import { type CellDims, lstm_cell_backward, lstm_cell_forward, stepOrder } from './lstmCell';
import type { Floats } from './types';

/**
 * lstm_sequence_forward / lstm_sequence_backward: the LSTM cell over every timestep of a layer's
 * direction in one call, the twins of the sequence-fused kernels of the same names in
 * shaders/lstm_sequence.wgsl. The kernel does, step after step, exactly what lstm_cell_forward
 * (backward) does for one step, with the slice's recurrent state kept in workgroup memory instead
 * of read back from hprev (dz): the same values, so its twin is the per-step twin called for every
 * step in the direction's order. Buffers as in lstmCell.ts, in the shader's binding order.
 */
export function lstm_sequence_forward(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  c: Floats,
  mrec: Floats,
  hprev: Floats,
  h: Floats,
): void {
  for (const t of stepOrder(dims, false)) lstm_cell_forward(dims, t, gates, U, c, mrec, hprev, h);
}

export function lstm_sequence_backward(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  c: Floats,
  mrec: Floats,
  dH: Floats,
  dz: Floats,
  dc: Floats,
): void {
  for (const t of stepOrder(dims, true)) lstm_cell_backward(dims, t, gates, U, c, mrec, dH, dz, dc);
}
