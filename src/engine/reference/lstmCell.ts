import type { CellDims } from '../contracts/dims';

export { type CellDims, cellDims, NO_PROBE } from '../contracts/dims';

import { type Floats, roundAs } from './types';

/**
 * lstm_cell_forward / lstm_cell_backward: one LSTM timestep t for a batch (MATH.md), in either
 * direction (dims.reverse: a Bidirectional layer's reverse direction runs t = T−1 … 0, its
 * previous step is t+1); the twins of the entry points of the same names in shaders/lstm_cell.wgsl. Same buffers in the same order (the
 * shader's binding order), same names, same fusion and the same order of work; a test holds each
 * call to one dispatch of the kernel (src/engine/webgpu/lstmCell.test.ts).
 *
 * Shapes (time-major: row t·B + b is sample b at timestep t; B batch, H units, T steps):
 *   gates [T·B, 4H]  the four gates (i, f, g, o) of unit j side by side: column 4·j + gate
 *   U     [H, 4H]    recurrent kernel, gate-interleaved like gates
 *   c     [T·B, H]   cell state
 *   mrec  [B, H]     recurrent dropout mask (all ones in evaluation)
 *   hprev [T·B, H]   block t = h_prev ⊙ mrec (the first step's block stays zero); the left
 *                    operand of dU
 *   h     [T·B, ·]   hidden state, the next layer's input: row stride h_stride, this direction's
 *                    units from column h_off (a Bidirectional layer's directions side by side)
 *   hprevIn  [B, H]  this step's h_prev ⊙ mrec (what hprev's block t holds); the kernel reads it as
 *                    vec4f from a buffer no invocation writes in that dispatch
 *   hprevOut [B, H]  out: the next step's h_prev ⊙ mrec; the caller swaps the two each step
 *   dH    [T·B, ·]   gradient reaching h from above (the head, or the next layer's dX), as h
 *   dz    [T·B, 4H]  gradient at the gate pre-activations
 *   dc    [B, H]     gradient at c carried from the next step to step t
 *   probe [10, T, H] (forward) the inside views' numbers for batch row dims.probe_row, planar:
 *                    quantity q of (t, unit j) at (q·T + t)·H + j, q = pre-activations of i, f, g,
 *                    o (0-3), i, f, g, o after their activations (4-7), c (8), h (9); none written
 *                    when probe_row is NO_PROBE, as in training (engine/contracts/probe.ts reads it)
 *   dc_steps, dh_steps [T·B, H] (backward) ∂L/∂c_t and ∂L/∂h_t of every step, for the
 *                    gradient-norm reduction (gradNorms.ts)
 *
 * The probe is copies only: the kernel copies its probed row once per thread after that thread's
 * rows, this copies it within the row's own work; the same numbers either way.
 *
 * The one difference is where the work runs: the kernel gives each thread a unit (and a few rows)
 * and loops over k inside it; here the recurrent products nest b-k-j, so each row of U streams once
 * per batch row (what makes a JS loop fast). The sums are the same, over k in the same order; the
 * kernel accumulates in f32 with fma, this in f64 between f32 loads and stores.
 */

/** Quantity q of (t, unit j) in a probe buffer, planar [q, T, H]. */
export const probeAt = (d: CellDims, q: number, t: number, j: number) => (q * d.steps + t) * d.units + j;

/** The step before t in this direction's order, or −1; likewise the step after t. */
export const prevStep = (d: CellDims, t: number): number =>
  d.reverse ? (t + 1 < d.steps ? t + 1 : -1) : t - 1;
export const nextStep = (d: CellDims, t: number): number =>
  d.reverse ? t - 1 : t + 1 < d.steps ? t + 1 : -1;

/** The steps of a cell direction: the forward in the direction's order, the backward reversed. */
export function stepOrder(dims: CellDims, backward: boolean): number[] {
  const ascending = backward === (dims.reverse === 1);
  return Array.from({ length: dims.steps }, (_, i) => (ascending ? i : dims.steps - 1 - i));
}

/** Where unit j of row (t, b) sits in h and dH. */
const hIndex = (d: CellDims, t: number, b: number, j: number) => (t * d.batch + b) * d.h_stride + d.h_off + j;

/**
 * z = Zx_t + hprev_t·U (gates block t holds Zx_t = Xd_t·W + b on entry), then
 * i, f, o = σ(z), g = tanh(z); c_t = f·c_prev + i·g; h_t = o·tanh(c_t); hprev_next = h_t ⊙ mrec.
 */
export function lstm_cell_forward(
  dims: CellDims,
  t: number,
  gates: Floats,
  U: Floats,
  c: Floats,
  mrec: Floats,
  hprev: Floats,
  h: Floats,
  hprevIn: Floats,
  hprevOut: Floats,
  probe: Floats,
): void {
  const { batch: B, units: H } = dims;
  const G = 4 * H;
  if (prevStep(dims, t) >= 0) {
    // gates block t += hprevIn · U, b-k-j with k unrolled by 4; dropped units cost nothing.
    for (let b = 0; b < B; b++) {
      const z0 = (t * B + b) * G;
      const r0 = b * H;
      let k = 0;
      for (; k + 3 < H; k += 4) {
        const x0 = hprevIn[r0 + k];
        const x1 = hprevIn[r0 + k + 1];
        const x2 = hprevIn[r0 + k + 2];
        const x3 = hprevIn[r0 + k + 3];
        if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
        const u0 = k * G;
        const u1 = u0 + G;
        const u2 = u1 + G;
        const u3 = u2 + G;
        for (let col = 0; col < G; col++) {
          gates[z0 + col] += x0 * U[u0 + col] + x1 * U[u1 + col] + x2 * U[u2 + col] + x3 * U[u3 + col];
        }
      }
      for (; k < H; k++) {
        const x = hprevIn[r0 + k];
        const u0 = k * G;
        for (let col = 0; col < G; col++) gates[z0 + col] += x * U[u0 + col];
      }
    }
  }
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) cell_forward_row(dims, t, b, j, gates, c, mrec, hprev, h, hprevOut, probe);
  }
}

/** Activations and cell update of one (row, unit), its pre-activations already in gates. */
function cell_forward_row(
  dims: CellDims,
  t: number,
  b: number,
  j: number,
  gates: Floats,
  c: Floats,
  mrec: Floats,
  hprev: Floats,
  h: Floats,
  hprevOut: Floats,
  probe: Floats,
): void {
  const { batch: B, units: H } = dims;
  const n = (t * B + b) * H + j;
  const z = 4 * n;
  if (b === dims.probe_row) for (let q = 0; q < 4; q++) probe[probeAt(dims, q, t, j)] = gates[z + q];
  const i = sigmoid(gates[z]);
  const f = sigmoid(gates[z + 1]);
  const g = tanh_safe(gates[z + 2]);
  const o = sigmoid(gates[z + 3]);
  const prev = prevStep(dims, t);
  const cPrev = prev >= 0 ? c[(prev * B + b) * H + j] : 0;
  const ct = f * cPrev + i * g;
  const ht = o * tanh_safe(ct);
  gates[z] = i;
  gates[z + 1] = f;
  gates[z + 2] = g;
  gates[z + 3] = o;
  c[n] = ct;
  h[hIndex(dims, t, b, j)] = ht;
  const next = nextStep(dims, t);
  if (next >= 0) {
    const masked = ht * mrec[b * H + j];
    hprev[(next * B + b) * H + j] = masked;
    hprevOut[b * H + j] = masked;
  }
  if (b === dims.probe_row) {
    // Read back from the f32 arrays, so the probe holds what the kernel's registers held.
    for (let q = 0; q < 4; q++) probe[probeAt(dims, 4 + q, t, j)] = gates[z + q];
    probe[probeAt(dims, 8, t, j)] = c[n];
    probe[probeAt(dims, 9, t, j)] = h[hIndex(dims, t, b, j)];
  }
}

/**
 * Step t of BPTT (called in the reverse of the forward's order). First the next step's recurrent
 * product, dh_rec = dz_next·Uᵀ (the gradient reaching h_t through U), then the pointwise backward
 * of step t: dh = dH_t + dh_rec ⊙ mrec; dct = dc + dh·o·(1 − tanh²c_t); dz_t; dc ← dct·f;
 * dct and dh are kept in dc_steps and dh_steps.
 */
export function lstm_cell_backward(
  dims: CellDims,
  t: number,
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
  const { batch: B, units: H } = dims;
  const G = 4 * H;
  const next = nextStep(dims, t);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      let dhRec = 0;
      if (next >= 0 && mrec[b * H + j] !== 0) {
        // Σ_k dz_next[b, k] ⊙ U[j, k], one partial sum per gate lane, the lanes summed last.
        const d0 = (next * B + b) * G;
        const u0 = j * G;
        let si = 0;
        let sf = 0;
        let sg = 0;
        let so = 0;
        for (let col = 0; col < G; col += 4) {
          si += dz[d0 + col] * U[u0 + col];
          sf += dz[d0 + col + 1] * U[u0 + col + 1];
          sg += dz[d0 + col + 2] * U[u0 + col + 2];
          so += dz[d0 + col + 3] * U[u0 + col + 3];
        }
        dhRec = si + sf + sg + so;
      }
      cell_backward_row(dims, t, b, j, dhRec, gates, c, mrec, dH, dz, dc, dc_steps, dh_steps);
    }
  }
}

/** Pointwise backward of one (row, unit), given the recurrent gradient dh_rec reaching h_t. */
function cell_backward_row(
  dims: CellDims,
  t: number,
  b: number,
  j: number,
  dhRec: number,
  gates: Floats,
  c: Floats,
  mrec: Floats,
  dH: Floats,
  dz: Floats,
  dc: Floats,
  dc_steps: Floats,
  dh_steps: Floats,
): void {
  const { batch: B, units: H } = dims;
  const n = (t * B + b) * H + j;
  const z = 4 * n;
  const dh = roundAs(dz, dH[hIndex(dims, t, b, j)] + dhRec * mrec[b * H + j]);
  const i = gates[z];
  const f = gates[z + 1];
  const g = gates[z + 2];
  const o = gates[z + 3];
  const tc = tanh_safe(c[n]);
  const dcNext = nextStep(dims, t) >= 0 ? dc[b * H + j] : 0;
  const prev = prevStep(dims, t);
  const cPrev = prev >= 0 ? c[(prev * B + b) * H + j] : 0;
  const dct = dcNext + dh * o * (1 - tc * tc);
  dz[z] = dct * g * i * (1 - i);
  dz[z + 1] = dct * cPrev * f * (1 - f);
  dz[z + 2] = dct * i * (1 - g * g);
  dz[z + 3] = dh * tc * o * (1 - o);
  dc[b * H + j] = dct * f;
  dc_steps[n] = dct;
  dh_steps[n] = dh;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * As the kernel: tanh of x clamped where tanh is already exactly ±1 in the precision it runs in, so
 * the clamp guards (some GPU drivers' tanh overflows past it) without changing a value. The
 * kernel's f32 saturates by ±15; this twin's f64 only by ±19.06, so it clamps at ±20 (clamping at
 * ±15 here would move 1 − tanh² in the 13th digit, and with it a long run's curve).
 */
const TANH_SATURATED = 20;
export function tanh_safe(x: number): number {
  return Math.tanh(x < -TANH_SATURATED ? -TANH_SATURATED : x > TANH_SATURATED ? TANH_SATURATED : x);
}
