import { type CellDims, nextStep, prevStep, probeAt, sigmoid, stepOrder, tanh_safe } from './lstmCell';
import { type Floats, roundAs } from './types';

/**
 * gru_cell_forward / gru_cell_backward: one GRU timestep t for a batch (MATH.md), Keras's GRU with
 * reset_after=True (PyTorch's GRU too): the reset gate scales the recurrent product after it is
 * taken, its bias included. Twins of the entry points of the same names in shaders/gru_cell.wgsl:
 * the same buffers in the shader's binding order, the same work in the same order.
 *
 * Shapes (time-major: row t·B + b is sample b at timestep t; B batch, H units, T steps):
 *   gates [T·B, 3H]  (z, r, h̃) of unit j side by side; in: Zx_t = Xd_t·W + b; out: activations
 *   U     [H, 3H]    recurrent kernel, gate-interleaved like gates
 *   hrec  [T·B, H]   the candidate's recurrent term hprev·U_h + rb_h, kept for backward
 *   mrec  [B, H]     recurrent dropout mask
 *   h     [T·B, ·]   hidden state: row stride h_stride, this direction's units from column h_off
 *   rbias [3H]       the recurrent bias rb
 *   hprev [T·B, H]   block t = h_prev ⊙ mrec (the first step's block stays zero)
 *   dH    [T·B, ·]   gradient reaching h from above, as h
 *   dz    [T·B, 3H]  gradient at the input pre-activations (for dW, db, dX)
 *   dzr   [T·B, 3H]  gradient at the recurrent pre-activations hprev·U + rb (for dU, drb, dh_rec)
 *   dc    [B, H]     gradient carried straight to h_prev from the next step (h = z·h_prev + …)
 *   probe [7, T, H]  (forward) row dims.probe_row's pre-activations of z, r, h̃ (0-2), z, r, h̃
 *                    (3-5) and h (6), planar (lstmCell.ts probeAt); none when probe_row is NO_PROBE
 *   dh_steps [T·B, H] (backward) ∂L/∂h_t of every step, for the gradient-norm reduction
 * As in lstmCell.ts, the recurrent products nest b-k-j here and (b, j)-k on the GPU: the same sums.
 */

/**
 * rec = hprev_t·U + rb; z = σ(xz + rec_z), r = σ(xr + rec_r), h̃ = tanh(xh + r·rec_h);
 * h_t = z·h_prev + (1 − z)·h̃ (h_prev without the dropout mask); hprev_next = h_t ⊙ mrec.
 */
export function gru_cell_forward(
  dims: CellDims,
  t: number,
  gates: Floats,
  U: Floats,
  hrec: Floats,
  mrec: Floats,
  h: Floats,
  rbias: Floats,
  hprev: Floats,
  probe: Floats,
): void {
  const { batch: B, units: H } = dims;
  const G = 3 * H;
  const rec = scratch(G);
  const hasPrev = prevStep(dims, t) >= 0;
  for (let b = 0; b < B; b++) {
    const r0 = (t * B + b) * H;
    for (let col = 0; col < G; col++) rec[col] = rbias[col];
    if (hasPrev) {
      for (let k = 0; k < H; k++) {
        const x = hprev[r0 + k];
        if (x === 0) continue;
        const u0 = k * G;
        for (let col = 0; col < G; col++) rec[col] += x * U[u0 + col];
      }
    }
    for (let j = 0; j < H; j++) gru_forward_row(dims, t, b, j, rec, gates, hrec, mrec, h, hprev, probe);
  }
}

/** Activations and state update of one (row, unit) from its recurrent terms rec (bias included). */
function gru_forward_row(
  dims: CellDims,
  t: number,
  b: number,
  j: number,
  rec: Float64Array,
  gates: Floats,
  hrec: Floats,
  mrec: Floats,
  h: Floats,
  hprev: Floats,
  probe: Floats,
): void {
  const { batch: B, units: H } = dims;
  const n = t * B + b;
  const g = 3 * (n * H + j);
  // The recurrent terms as the kernel holds them, in f32 registers.
  const recZ = roundAs(gates, rec[3 * j]);
  const recR = roundAs(gates, rec[3 * j + 1]);
  const recH = roundAs(gates, rec[3 * j + 2]);
  const preZ = gates[g] + recZ;
  const preR = gates[g + 1] + recR;
  const z = sigmoid(preZ);
  const r = sigmoid(preR);
  const preH = gates[g + 2] + r * recH;
  const hh = tanh_safe(preH);
  const prev = prevStep(dims, t);
  const hPrev = prev >= 0 ? h[hIndex(dims, prev, b, j)] : 0;
  const ht = z * hPrev + (1 - z) * hh;
  gates[g] = z;
  gates[g + 1] = r;
  gates[g + 2] = hh;
  hrec[n * H + j] = recH;
  h[hIndex(dims, t, b, j)] = ht;
  const next = nextStep(dims, t);
  if (next >= 0) hprev[(next * B + b) * H + j] = ht * mrec[b * H + j];
  if (b === dims.probe_row) {
    [preZ, preR, preH, z, r, hh, ht].forEach((v, q) => {
      probe[probeAt(dims, q, t, j)] = v;
    });
  }
}

/**
 * Step t of BPTT (called in the reverse of the forward's order). First the next step's recurrent
 * product dh_rec = dzr_next·Uᵀ, then the pointwise backward of step t:
 * dh = dH_t + dh_rec ⊙ mrec + dc; dz_z = dh·(h_prev − h̃)·z(1 − z); dz_h = dh·(1 − z)·(1 − h̃²);
 * dz_r = dz_h·rec_h·r(1 − r); dzr = (dz_z, dz_r, dz_h·r); dc ← dh·z; dh is kept in dh_steps.
 */
export function gru_cell_backward(
  dims: CellDims,
  t: number,
  gates: Floats,
  U: Floats,
  hrec: Floats,
  mrec: Floats,
  h: Floats,
  dH: Floats,
  dz: Floats,
  dzr: Floats,
  dc: Floats,
  dh_steps: Floats,
): void {
  const { batch: B, units: H } = dims;
  const G = 3 * H;
  const next = nextStep(dims, t);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      let dhRec = 0;
      if (next >= 0) {
        // Σ_k dzr_next[b, 3k + gate] · U[j, 3k + gate], one partial sum per gate lane, summed last.
        const d0 = (next * B + b) * G;
        const u0 = j * G;
        let sz = 0;
        let sr = 0;
        let sh = 0;
        for (let col = 0; col < G; col += 3) {
          sz += dzr[d0 + col] * U[u0 + col];
          sr += dzr[d0 + col + 1] * U[u0 + col + 1];
          sh += dzr[d0 + col + 2] * U[u0 + col + 2];
        }
        dhRec = sz + sr + sh;
      }
      gru_backward_row(dims, t, b, j, dhRec, gates, hrec, mrec, h, dH, dz, dzr, dc, dh_steps);
    }
  }
}

function gru_backward_row(
  dims: CellDims,
  t: number,
  b: number,
  j: number,
  dhRec: number,
  gates: Floats,
  hrec: Floats,
  mrec: Floats,
  h: Floats,
  dH: Floats,
  dz: Floats,
  dzr: Floats,
  dc: Floats,
  dh_steps: Floats,
): void {
  const { batch: B, units: H } = dims;
  const n = t * B + b;
  const g = 3 * (n * H + j);
  const carried = nextStep(dims, t) >= 0 ? dc[b * H + j] : 0;
  const dh = roundAs(dz, dH[hIndex(dims, t, b, j)] + dhRec * mrec[b * H + j] + carried);
  const z = gates[g];
  const r = gates[g + 1];
  const hh = gates[g + 2];
  const prev = prevStep(dims, t);
  const hPrev = prev >= 0 ? h[hIndex(dims, prev, b, j)] : 0;
  const dzZ = dh * (hPrev - hh) * z * (1 - z);
  const dzH = dh * (1 - z) * (1 - hh * hh);
  const dzR = dzH * hrec[n * H + j] * r * (1 - r);
  dz[g] = dzZ;
  dz[g + 1] = dzR;
  dz[g + 2] = dzH;
  dzr[g] = dzZ;
  dzr[g + 1] = dzR;
  dzr[g + 2] = dzH * r;
  dc[b * H + j] = dh * z;
  dh_steps[n * H + j] = dh;
}

/** A row's recurrent terms in f64, kept between calls so a step allocates nothing. */
let recurrentTerms = new Float64Array(0);
function scratch(n: number): Float64Array {
  if (recurrentTerms.length < n) recurrentTerms = new Float64Array(n);
  return recurrentTerms;
}

const hIndex = (d: CellDims, t: number, b: number, j: number) => (t * d.batch + b) * d.h_stride + d.h_off + j;

/**
 * gru_cell_forward over every step of a direction, in its order: the twin of the WebAssembly
 * engine's one-job call of that name (each of its threads runs every step of its own batch rows).
 */
export function gru_cell_forward_steps(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  hrec: Floats,
  mrec: Floats,
  h: Floats,
  rbias: Floats,
  hprev: Floats,
  probe: Floats,
): void {
  for (const t of stepOrder(dims, false))
    gru_cell_forward(dims, t, gates, U, hrec, mrec, h, rbias, hprev, probe);
}

/** gru_cell_backward over every step, in the reverse of the forward's order. */
export function gru_cell_backward_steps(
  dims: CellDims,
  gates: Floats,
  U: Floats,
  hrec: Floats,
  mrec: Floats,
  h: Floats,
  dH: Floats,
  dz: Floats,
  dzr: Floats,
  dc: Floats,
  dh_steps: Floats,
): void {
  for (const t of stepOrder(dims, true))
    gru_cell_backward(dims, t, gates, U, hrec, mrec, h, dH, dz, dzr, dc, dh_steps);
}
