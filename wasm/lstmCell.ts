import { argInt, argPtr } from './abi';
import { B, CELL_BUFFERS, H, hAt, nextStep, PROBE_ROW, prevStep, probeAt, readCellDims, ROW0, ROW1, sliceRows, stepOf, T, unitAt } from './cellDims';
import { q0, q1, q2, q3, sigmoidv, tanh1, tanhv, transpose } from './cellMath';
import { madd } from './madd';
import { gemmAccumulate } from './matmul';

/** This cell's kernel numbers (run_job's switch in kernels.ts; every number in the module differs, src/engine/wasm/kernelNumbers.test.ts). */
export const KERNEL_LSTM_CELL_FORWARD: i32 = 2;
export const KERNEL_LSTM_CELL_BACKWARD: i32 = 3;

/**
 * lstm_cell_forward / lstm_cell_backward: one LSTM timestep t for batch rows [b0, b1), in either
 * direction, the twins of the functions of the same names in src/engine/reference/lstmCell.ts
 * (the same dims, cellDims.ts here; the same buffers in the same order, as byte addresses; shapes
 * there). The recurrence couples the units of one sample and never two samples, so a thread that
 * owns rows [b0, b1) can run every timestep of them without waiting for another: the fused jobs
 * below (lstm_sequence_forward / _backward, the twins of reference/lstmSequence.ts).
 *
 * Forward, per group of up to 4 rows: gates_t += hprevIn · U (matmul.ts's tiles, summed over k in
 * order, as the twin), then per row the activations and the cell update, four units at a time:
 * the four units' gate vectors (i, f, g, o) are transposed into one vector per gate, so σ, tanh,
 * c_t = f·c_prev + i·g and h_t = o·tanh(c_t) each run on four units in one v128.
 * Backward, per row: dh_rec = dz_next · Uᵀ for four units (one v128 per unit holding the per-gate
 * partial sums, which the transpose lines up so the four lanes fold as the twin folds
 * si + sf + sg + so), then the pointwise backward on four units in one v128.
 * The twin computes in f64 between f32 loads and stores; these in f32 with Cephes' σ and tanh.
 *
 * The probe (the inside views): the forward copies row PROBE_ROW's pre-activations before its
 * activations overwrite them, and its i, f, g, o, c_t, h_t after, into probe [10, T, H]; the
 * backward keeps dct and dh of every row in dc_steps, dh_steps [T·B, H]. Copies only, as the twin.
 *
 * The carry: the per-step kernel reads h_prev ⊙ m_rec from hprevIn [B, H] and writes the next
 * step's to hprevOut, as its twin (and the WGSL kernel) do. The fused job passes hprevIn = hprev's
 * block t, which holds the same values (the step before wrote both), and no hprevOut: within one
 * thread's rows nothing else reads or writes them, so it needs no second buffer.
 */

export function lstm_cell_forward(
  t: i32,
  gates: usize,
  U: usize,
  c: usize,
  mrec: usize,
  hprev: usize,
  h: usize,
  hprevIn: usize,
  hprevOut: usize,
  probe: usize,
  b0: i32,
  b1: i32,
): void {
  const G = 4 * H;
  const row0 = <usize>(t * B + b0);
  if (prevStep(t) >= 0) gemmAccumulate(b1 - b0, G, H, hprevIn + ((<usize>(b0 * H)) << 2), U, gates + ((row0 * <usize>G) << 2));
  for (let b = b0; b < b1; b++) {
    if (b == PROBE_ROW) probeGates(t, b, gates, probe, 0);
    forwardRow(t, b, gates, c, mrec, hprev, h, hprevOut);
    if (b == PROBE_ROW) probeState(t, b, gates, c, h, probe);
  }
}

/** Row b's four gate columns of step t (pre-activations, or after them) into probe quantities q0 … q0+3. */
function probeGates(t: i32, b: i32, gates: usize, probe: usize, q0: i32): void {
  const n0 = (t * B + b) * H;
  for (let j = 0; j < H; j++) {
    const zp = gates + (<usize>(n0 + j) << 4);
    for (let q = 0; q < 4; q++) store<f32>(probe + probeAt(q0 + q, t, j), load<f32>(zp + (<usize>q << 2)));
  }
}

/** Row b's activated gates (4-7), c_t (8) and h_t (9) of step t into probe, read back from memory. */
function probeState(t: i32, b: i32, gates: usize, c: usize, h: usize, probe: usize): void {
  probeGates(t, b, gates, probe, 4);
  for (let j = 0; j < H; j++) {
    store<f32>(probe + probeAt(8, t, j), load<f32>(c + unitAt(t, b, j)));
    store<f32>(probe + probeAt(9, t, j), load<f32>(h + hAt(t, b, j)));
  }
}

/** Activations and cell update of row b, its pre-activations already in gates block t. */
function forwardRow(t: i32, b: i32, gates: usize, c: usize, mrec: usize, hprev: usize, h: usize, hprevOut: usize): void {
  const n0 = (t * B + b) * H;
  const m0 = b * H;
  const prev = prevStep(t);
  const next = nextStep(t);
  let j = 0;
  for (; j + 4 <= H; j += 4) {
    const n = <usize>(n0 + j);
    const zp = gates + (n << 4);
    transpose(v128.load(zp), v128.load(zp, 16), v128.load(zp, 32), v128.load(zp, 48));
    const i = sigmoidv(q0);
    const f = sigmoidv(q1);
    const g = tanhv(q2);
    const o = sigmoidv(q3);
    const cPrev = prev >= 0 ? v128.load(c + unitAt(prev, b, j)) : f32x4.splat(0);
    const ct = f32x4.add(f32x4.mul(f, cPrev), f32x4.mul(i, g));
    const ht = f32x4.mul(o, tanhv(ct));
    transpose(i, f, g, o);
    v128.store(zp, q0);
    v128.store(zp, q1, 16);
    v128.store(zp, q2, 32);
    v128.store(zp, q3, 48);
    v128.store(c + (n << 2), ct);
    v128.store(h + hAt(t, b, j), ht);
    if (next >= 0) {
      const masked = f32x4.mul(ht, v128.load(mrec + (<usize>(m0 + j) << 2)));
      v128.store(hprev + unitAt(next, b, j), masked);
      if (hprevOut) v128.store(hprevOut + (<usize>(m0 + j) << 2), masked);
    }
  }
  // Units past the last group of four: the same lanes, one unit (its four gates) at a time.
  for (; j < H; j++) {
    const n = <usize>(n0 + j);
    const zp = gates + (n << 4);
    const z = v128.load(zp);
    const s = sigmoidv(z);
    const th = tanhv(z);
    const i = f32x4.extract_lane(s, 0);
    const f = f32x4.extract_lane(s, 1);
    const g = f32x4.extract_lane(th, 2);
    const o = f32x4.extract_lane(s, 3);
    const cPrev: f32 = prev >= 0 ? load<f32>(c + unitAt(prev, b, j)) : 0;
    const ct = f * cPrev + i * g;
    const ht = o * tanh1(ct);
    store<f32>(zp, i);
    store<f32>(zp, f, 4);
    store<f32>(zp, g, 8);
    store<f32>(zp, o, 12);
    store<f32>(c + (n << 2), ct);
    store<f32>(h + hAt(t, b, j), ht);
    if (next >= 0) {
      const masked = ht * load<f32>(mrec + (<usize>(m0 + j) << 2));
      store<f32>(hprev + unitAt(next, b, j), masked);
      if (hprevOut) store<f32>(hprevOut + (<usize>(m0 + j) << 2), masked);
    }
  }
}

export function lstm_cell_backward(
  t: i32,
  gates: usize,
  U: usize,
  c: usize,
  mrec: usize,
  dH: usize,
  dz: usize,
  dc: usize,
  dc_steps: usize,
  dh_steps: usize,
  b0: i32,
  b1: i32,
): void {
  const G = 4 * H;
  const next = nextStep(t);
  const hasNext = next >= 0;
  const rowBytes = <usize>G << 2;
  const dNext = dz + <usize>(max(next, 0) * B) * rowBytes; // dz of the next step, row 0
  // Unit groups outside, rows inside: U's four rows of a group (4 × 4H floats) stay in L1 while
  // every batch row of the thread reads them.
  let j = 0;
  for (; j + 4 <= H; j += 4) {
    const u = U + <usize>j * rowBytes;
    let b = b0;
    for (; b + 2 <= b1; b += 2) {
      if (hasNext) recurrentQuad2(dNext + <usize>b * rowBytes, rowBytes, u, G);
      else dhRec0 = dhRec1 = f32x4.splat(0);
      const second = dhRec1;
      backwardQuad(t, b, j, dhRec0, gates, c, mrec, dH, dz, dc, dc_steps, dh_steps);
      backwardQuad(t, b + 1, j, second, gates, c, mrec, dH, dz, dc, dc_steps, dh_steps);
    }
    for (; b < b1; b++) {
      const dhRec = hasNext ? recurrentQuad(dNext + <usize>b * rowBytes, u, G) : f32x4.splat(0);
      backwardQuad(t, b, j, dhRec, gates, c, mrec, dH, dz, dc, dc_steps, dh_steps);
    }
  }
  for (; j < H; j++) {
    const u = U + <usize>j * rowBytes;
    for (let b = b0; b < b1; b++) {
      const dhRec: f32 = hasNext ? recurrentOne(dNext + <usize>b * rowBytes, u) : 0;
      backwardUnit(t, b, j, dhRec, gates, c, mrec, dH, dz, dc, dc_steps, dh_steps);
    }
  }
}

/** The pointwise backward of units j … j+3 of row b, given their recurrent gradient dh_rec. */
@inline function backwardQuad(
  t: i32,
  b: i32,
  j: i32,
  dhRec: v128,
  gates: usize,
  c: usize,
  mrec: usize,
  dH: usize,
  dz: usize,
  dc: usize,
  dc_steps: usize,
  dh_steps: usize,
): void {
  const n = <usize>((t * B + b) * H + j);
  const m = <usize>(b * H + j) << 2;
  const prev = prevStep(t);
  const gp = gates + (n << 4);
  transpose(v128.load(gp), v128.load(gp, 16), v128.load(gp, 32), v128.load(gp, 48));
  const i = q0;
  const f = q1;
  const g = q2;
  const o = q3;
  const dh = f32x4.add(v128.load(dH + hAt(t, b, j)), f32x4.mul(dhRec, v128.load(mrec + m)));
  const tc = tanhv(v128.load(c + (n << 2)));
  const dcNext = nextStep(t) >= 0 ? v128.load(dc + m) : f32x4.splat(0);
  const cPrev = prev >= 0 ? v128.load(c + unitAt(prev, b, j)) : f32x4.splat(0);
  const one = f32x4.splat(1);
  const dct = f32x4.add(dcNext, f32x4.mul(f32x4.mul(dh, o), f32x4.sub(one, f32x4.mul(tc, tc))));
  const dzi = f32x4.mul(f32x4.mul(f32x4.mul(dct, g), i), f32x4.sub(one, i));
  const dzf = f32x4.mul(f32x4.mul(f32x4.mul(dct, cPrev), f), f32x4.sub(one, f));
  const dzg = f32x4.mul(f32x4.mul(dct, i), f32x4.sub(one, f32x4.mul(g, g)));
  const dzo = f32x4.mul(f32x4.mul(f32x4.mul(dh, tc), o), f32x4.sub(one, o));
  transpose(dzi, dzf, dzg, dzo);
  const zp = dz + (n << 4);
  v128.store(zp, q0);
  v128.store(zp, q1, 16);
  v128.store(zp, q2, 32);
  v128.store(zp, q3, 48);
  v128.store(dc + m, f32x4.mul(dct, f));
  v128.store(dc_steps + (n << 2), dct);
  v128.store(dh_steps + (n << 2), dh);
}

/** recurrentQuad for two rows at once (U's loads shared): results in dhRec0, dhRec1. */
let dhRec0: v128 = f32x4.splat(0);
let dhRec1: v128 = f32x4.splat(0);

@inline function recurrentQuad2(d: usize, rowBytes: usize, u: usize, G: i32): void {
  const us = <usize>G << 2;
  const d1 = d + rowBytes;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let e0 = f32x4.splat(0), e1 = f32x4.splat(0), e2 = f32x4.splat(0), e3 = f32x4.splat(0);
  for (let m = 0; m < H; m++) {
    const o = <usize>m << 4;
    const x = v128.load(d + o);
    const y = v128.load(d1 + o);
    const u0 = v128.load(u + o);
    const u1 = v128.load(u + us + o);
    const u2 = v128.load(u + us * 2 + o);
    const u3 = v128.load(u + us * 3 + o);
    a0 = madd(x, u0, a0);
    a1 = madd(x, u1, a1);
    a2 = madd(x, u2, a2);
    a3 = madd(x, u3, a3);
    e0 = madd(y, u0, e0);
    e1 = madd(y, u1, e1);
    e2 = madd(y, u2, e2);
    e3 = madd(y, u3, e3);
  }
  transpose(a0, a1, a2, a3);
  dhRec0 = f32x4.add(f32x4.add(f32x4.add(q0, q1), q2), q3);
  transpose(e0, e1, e2, e3);
  dhRec1 = f32x4.add(f32x4.add(f32x4.add(q0, q1), q2), q3);
}

/** dh_rec of units j … j+3 of one row: Σ_m dz_next[4m … 4m+3] ⊙ U[j+u, 4m … 4m+3], lanes folded in order. */
@inline function recurrentQuad(d: usize, u: usize, G: i32): v128 {
  const us = <usize>G << 2;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  for (let m = 0; m < H; m++) {
    const o = <usize>m << 4;
    const x = v128.load(d + o);
    a0 = madd(x, v128.load(u + o), a0);
    a1 = madd(x, v128.load(u + us + o), a1);
    a2 = madd(x, v128.load(u + us * 2 + o), a2);
    a3 = madd(x, v128.load(u + us * 3 + o), a3);
  }
  transpose(a0, a1, a2, a3); // q_g = lane g (gate g's partial sum) of the four units
  return f32x4.add(f32x4.add(f32x4.add(q0, q1), q2), q3);
}

function recurrentOne(d: usize, u: usize): f32 {
  let a = f32x4.splat(0);
  for (let m = 0; m < H; m++) {
    const o = <usize>m << 4;
    a = madd(v128.load(d + o), v128.load(u + o), a);
  }
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

/** The pointwise backward of one (row, unit), as backwardQuad does four. */
function backwardUnit(
  t: i32,
  b: i32,
  j: i32,
  dhRec: f32,
  gates: usize,
  c: usize,
  mrec: usize,
  dH: usize,
  dz: usize,
  dc: usize,
  dc_steps: usize,
  dh_steps: usize,
): void {
  const n = <usize>((t * B + b) * H + j);
  const m = <usize>(b * H + j) << 2;
  const prev = prevStep(t);
  const gp = gates + (n << 4);
  const i = load<f32>(gp);
  const f = load<f32>(gp, 4);
  const g = load<f32>(gp, 8);
  const o = load<f32>(gp, 12);
  const dh = load<f32>(dH + hAt(t, b, j)) + dhRec * load<f32>(mrec + m);
  const tc = tanh1(load<f32>(c + (n << 2)));
  const dcNext: f32 = nextStep(t) >= 0 ? load<f32>(dc + m) : 0;
  const cPrev: f32 = prev >= 0 ? load<f32>(c + unitAt(prev, b, j)) : 0;
  const dct = dcNext + dh * o * (1 - tc * tc);
  const zp = dz + (n << 4);
  store<f32>(zp, dct * g * i * (1 - i));
  store<f32>(zp, dct * cPrev * f * (1 - f), 4);
  store<f32>(zp, dct * i * (1 - g * g), 8);
  store<f32>(zp, dh * tc * o * (1 - o), 12);
  store<f32>(dc + m, dct * f);
  store<f32>(dc_steps + (n << 2), dct);
  store<f32>(dh_steps + (n << 2), dh);
}

// Jobs (cellDims.ts: INTS B, H, T, t, reverse, h_stride, h_off, probe_row, then the buffers).
// Forward: gates, U, c, mrec, hprev, h, hprevIn, hprevOut, probe; backward: gates, U, c, mrec, dH,
// dz, dc, dc_steps, dh_steps. Threads split the batch rows. t = −1: every step
// (lstm_sequence_forward / _backward), the carry in hprev (hprevIn and hprevOut unused, 0).

export function lstmCellForwardJob(index: i32, count: i32): void {
  readCellDims();
  if (!sliceRows(index, count)) return;
  const p = CELL_BUFFERS;
  const gates = argPtr(p), U = argPtr(p + 1), c = argPtr(p + 2), mrec = argPtr(p + 3);
  const hprev = argPtr(p + 4), h = argPtr(p + 5), probe = argPtr(p + 8);
  const t = argInt(3);
  if (t >= 0) {
    lstm_cell_forward(t, gates, U, c, mrec, hprev, h, argPtr(p + 6), argPtr(p + 7), probe, ROW0, ROW1);
    return;
  }
  for (let i = 0; i < T; i++) {
    const s = stepOf(i, false);
    lstm_cell_forward(s, gates, U, c, mrec, hprev, h, hprev + unitAt(s, 0, 0), 0, probe, ROW0, ROW1);
  }
}

export function lstmCellBackwardJob(index: i32, count: i32): void {
  readCellDims();
  if (!sliceRows(index, count)) return;
  const p = CELL_BUFFERS;
  const t = argInt(3);
  const first = t >= 0 ? t : stepOf(0, true);
  const steps = t >= 0 ? 1 : T;
  for (let i = 0; i < steps; i++) {
    const s = t >= 0 ? first : stepOf(i, true);
    lstm_cell_backward(s, argPtr(p), argPtr(p + 1), argPtr(p + 2), argPtr(p + 3), argPtr(p + 4), argPtr(p + 5), argPtr(p + 6), argPtr(p + 7), argPtr(p + 8), ROW0, ROW1);
  }
}
