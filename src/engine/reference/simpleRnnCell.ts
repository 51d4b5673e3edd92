import { type CellDims, nextStep, prevStep, probeAt, stepOrder, tanh_safe } from './lstmCell';
import { type Floats, roundAs } from './types';

/**
 * simple_rnn_cell_forward / simple_rnn_cell_backward: one timestep t of Keras's SimpleRNN (tanh)
 * for a batch (MATH.md), h_t = tanh(Zx_t + hprev_t·U). Twins of the entry points of the same names
 * in shaders/simple_rnn_cell.wgsl: the same buffers in the shader's binding order, the same work in
 * the same order.
 *   gates [T·B, H]  in: Zx_t = Xd_t·W + b; out: h_t (the activation, kept for backward)
 *   U     [H, H]    recurrent kernel
 *   mrec  [B, H]    recurrent dropout mask
 *   h     [T·B, ·]  hidden state: row stride h_stride, this direction's units from column h_off
 *   hprev [T·B, H]  block t = h_prev ⊙ mrec (the first step's block stays zero)
 *   dH    [T·B, ·]  gradient reaching h from above, as h
 *   dz    [T·B, H]  gradient at the pre-activations
 *   probe [2, T, H] (forward) row dims.probe_row's pre-activation (0) and h (1), planar (probeAt);
 *                   none when probe_row is NO_PROBE
 *   dh_steps [T·B, H] (backward) ∂L/∂h_t of every step, for the gradient-norm reduction
 */
export function simple_rnn_cell_forward(
  dims: CellDims,
  t: number,
  gates: Floats,
  U: Floats,
  mrec: Floats,
  h: Floats,
  hprev: Floats,
  probe: Floats,
): void {
  const { batch: B, units: H } = dims;
  if (prevStep(dims, t) >= 0) {
    // gates block t += hprev block t · U, b-k-j; dropped units cost nothing.
    for (let b = 0; b < B; b++) {
      const r0 = (t * B + b) * H;
      for (let k = 0; k < H; k++) {
        const x = hprev[r0 + k];
        if (x === 0) continue;
        const u0 = k * H;
        for (let j = 0; j < H; j++) gates[r0 + j] += x * U[u0 + j];
      }
    }
  }
  const next = nextStep(dims, t);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const n = (t * B + b) * H + j;
      const z = gates[n];
      const ht = tanh_safe(z);
      gates[n] = ht;
      h[(t * B + b) * dims.h_stride + dims.h_off + j] = ht;
      if (next >= 0) hprev[(next * B + b) * H + j] = ht * mrec[b * H + j];
      if (b === dims.probe_row) {
        probe[probeAt(dims, 0, t, j)] = z;
        probe[probeAt(dims, 1, t, j)] = ht;
      }
    }
  }
}

/** dh_rec = dz_next·Uᵀ; dh = dH_t + dh_rec ⊙ mrec; dz_t = dh·(1 − h_t²); dh is kept in dh_steps. */
export function simple_rnn_cell_backward(
  dims: CellDims,
  t: number,
  gates: Floats,
  U: Floats,
  mrec: Floats,
  dH: Floats,
  dz: Floats,
  dh_steps: Floats,
): void {
  const { batch: B, units: H } = dims;
  const next = nextStep(dims, t);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      let dhRec = 0;
      if (next >= 0 && mrec[b * H + j] !== 0) {
        const d0 = (next * B + b) * H;
        const u0 = j * H;
        for (let k = 0; k < H; k++) dhRec += dz[d0 + k] * U[u0 + k];
      }
      const n = (t * B + b) * H + j;
      const dh = roundAs(dz, dH[(t * B + b) * dims.h_stride + dims.h_off + j] + dhRec * mrec[b * H + j]);
      const a = gates[n];
      dz[n] = dh * (1 - a * a);
      dh_steps[n] = dh;
    }
  }
}

/** simple_rnn_cell_forward over every step of a direction, in its order (as gru_cell_forward_steps). */
export function simple_rnn_cell_forward_steps(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  mrec: Floats,
  h: Floats,
  hprev: Floats,
  probe: Floats,
): void {
  for (const t of stepOrder(dims, false)) simple_rnn_cell_forward(dims, t, gates, U, mrec, h, hprev, probe);
}

/** simple_rnn_cell_backward over every step, in the reverse of the forward's order. */
export function simple_rnn_cell_backward_steps(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  mrec: Floats,
  dH: Floats,
  dz: Floats,
  dh_steps: Floats,
): void {
  for (const t of stepOrder(dims, true)) simple_rnn_cell_backward(dims, t, gates, U, mrec, dH, dz, dh_steps);
}
