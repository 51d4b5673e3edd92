import { type CellDims, lstm_cell_backward, lstm_cell_forward, stepOrder } from './lstmCell';
import type { Floats } from './types';

/**
 * lstm_sequence_forward / lstm_sequence_backward: the LSTM cell over every timestep of a layer's
 * direction in one call, the twins of the sequence-fused kernels of the same names in
 * shaders/lstm_sequence.wgsl. The kernel does, step after step, exactly what lstm_cell_forward
 * (backward) does for one step, with the slice's recurrent state kept in workgroup memory instead
 * of passed through global buffers: the same values, so its twin is the per-step twin called for
 * every step in the direction's order, its carry buffers (the kernel's workgroup memory) its own.
 * Buffers as in lstmCell.ts, in the shader's binding order.
 */
export function lstm_sequence_forward(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  c: Floats,
  mrec: Floats,
  hprev: Floats,
  h: Floats,
  probe: Floats,
): void {
  // The kernel's workgroup memory holds h_prev ⊙ mrec in hprev's precision.
  const n = dims.batch * dims.units;
  const carry =
    hprev instanceof Float32Array
      ? [new Float32Array(n), new Float32Array(n)]
      : [new Float64Array(n), new Float64Array(n)];
  for (const t of stepOrder(dims, false)) {
    const [read, written] = t % 2 === 0 ? carry : [carry[1], carry[0]];
    lstm_cell_forward(dims, t, gates, U, c, mrec, hprev, h, read, written, probe);
  }
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
  dc_steps: Floats,
  dh_steps: Floats,
): void {
  for (const t of stepOrder(dims, true)) {
    lstm_cell_backward(dims, t, gates, U, c, mrec, dH, dz, dc, dc_steps, dh_steps);
  }
}
