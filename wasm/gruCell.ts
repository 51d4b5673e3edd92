import { argInt, argPtr } from './abi';
import { B, CELL_BUFFERS, H, hAt, nextStep, PROBE_ROW, prevStep, probeAt, readCellDims, ROW0, ROW1, sliceRows, stepOf, T, unitAt } from './cellDims';
import { dotOne, dots4, sigmoidv, tanhv } from './cellMath';
import { gemmAccumulate } from './matmul';

/** This cell's kernel numbers (run_job's switch in kernels.ts; every number in the module differs, src/engine/wasm/kernelNumbers.test.ts). */
export const KERNEL_GRU_CELL_FORWARD: i32 = 4;
export const KERNEL_GRU_CELL_BACKWARD: i32 = 5;

/**
 * gru_cell_forward / gru_cell_backward: one GRU timestep t (Keras reset_after=True) for batch rows
 * [b0, b1), in either direction, the twins of the functions of the same names in
 * src/engine/reference/gruCell.ts: the same dims (cellDims.ts), the same buffers in the same order
 * (byte addresses; shapes there), the same equations. Gates are interleaved (z, r, h̃) per unit.
 *
 * Forward, per group of rows: the recurrent terms rec = hprev_t·U + rb go where the twin keeps its
 * f64 scratch row: rec_z and rec_r are summed straight onto Zx_z, Zx_r in gates (z needs only their
 * sum), rec_h into the h̃ column, whose Zx_h waits in hrec meanwhile (hrec is where rec_h ends up).
 * So the product is one gemmAccumulate over the whole 3H-wide row (matmul.ts's tiles, k in order).
 * Then per row, four units at a time: the three gates of four units (12 interleaved floats) are
 * pulled apart into one v128 per gate, activated, and put back.
 * Backward, per row: dh_rec = dzr_next · Uᵀ for four units (cellMath.ts dots4), then the pointwise
 * backward on four units in one v128.
 * The twin computes in f64 between f32 loads and stores and adds Zx to the rounded rec; these sum
 * Zx + rb + Σ in f32: the per-call tests bound the difference.
 * The probe (the inside views): row PROBE_ROW's pre-activations of z, r, h̃ (xh + r·rec_h), then
 * z, r, h̃ and h_t into probe [7, T, H], from the registers that computed them; the backward keeps
 * every row's dh in dh_steps [T·B, H]. Copies only, as the twin.
 */

/** The current group's gates pulled apart: z, r, h̃ of four units (globals: per thread). */
let gz: v128 = f32x4.splat(0);
let gr: v128 = f32x4.splat(0);
let gh: v128 = f32x4.splat(0);

/** Four units' (z, r, h̃) from 12 interleaved floats at p into gz, gr, gh. */
@inline function split3(p: usize): void {
  const v0 = v128.load(p); //     z0 r0 h0 z1
  const v1 = v128.load(p, 16); // r1 h1 z2 r2
  const v2 = v128.load(p, 32); // h2 z3 r3 h3
  gz = f32x4.shuffle(f32x4.shuffle(v0, v1, 0, 3, 6, 0), v2, 0, 1, 2, 5);
  gr = f32x4.shuffle(f32x4.shuffle(v0, v1, 1, 4, 7, 0), v2, 0, 1, 2, 6);
  gh = f32x4.shuffle(f32x4.shuffle(v0, v1, 2, 5, 0, 0), v2, 0, 1, 4, 7);
}

/** split3's inverse: four units' z, r, h̃ back into 12 interleaved floats at p. */
@inline function join3(p: usize, z: v128, r: v128, h: v128): void {
  const zr01 = f32x4.shuffle(z, r, 0, 4, 1, 5); // z0 r0 z1 r1
  const zr23 = f32x4.shuffle(z, r, 2, 6, 3, 7); // z2 r2 z3 r3
  v128.store(p, f32x4.shuffle(zr01, h, 0, 1, 4, 2));
  v128.store(p, f32x4.shuffle(f32x4.shuffle(zr01, h, 3, 5, 0, 0), zr23, 0, 1, 4, 5), 16);
  v128.store(p, f32x4.shuffle(h, zr23, 2, 6, 7, 3), 32);
}

export function gru_cell_forward(
  t: i32,
  gates: usize,
  U: usize,
  hrec: usize,
  mrec: usize,
  h: usize,
  rbias: usize,
  hprev: usize,
  probe: usize,
  b0: i32,
  b1: i32,
): void {
  const G = 3 * H;
  for (let b = b0; b < b1; b++) recurrentBias(gates + (<usize>((t * B + b) * G) << 2), hrec + unitAt(t, b, 0), rbias);
  if (prevStep(t) >= 0)
    gemmAccumulate(b1 - b0, G, H, hprev + unitAt(t, b0, 0), U, gates + (<usize>((t * B + b0) * G) << 2));
  for (let b = b0; b < b1; b++) gruForwardRow(t, b, gates, hrec, mrec, h, hprev, b == PROBE_ROW ? probe : 0);
}

/**
 * One row's gates before the recurrent product: Zx_h moved to xh, Zx_z += rb_z, Zx_r += rb_r, and
 * rb_h in the h̃ column. Four units (12 interleaved floats, three v128) at a time: the adds are the
 * same f32 adds lane by lane, and the h̃ lanes (2 of the first vector, 1 of the second, 0 and 3 of
 * the third) are taken from rb instead.
 */
@inline function recurrentBias(zp: usize, xh: usize, rbias: usize): void {
  let j = 0;
  for (; j + 4 <= H; j += 4) {
    const g = zp + (<usize>(3 * j) << 2);
    const rb = rbias + (<usize>(3 * j) << 2);
    split3(g);
    v128.store(xh + (<usize>j << 2), gh);
    const r0 = v128.load(rb), r1 = v128.load(rb, 16), r2 = v128.load(rb, 32);
    v128.store(g, f32x4.shuffle(f32x4.add(v128.load(g), r0), r0, 0, 1, 6, 3));
    v128.store(g, f32x4.shuffle(f32x4.add(v128.load(g, 16), r1), r1, 0, 5, 2, 3), 16);
    v128.store(g, f32x4.shuffle(f32x4.add(v128.load(g, 32), r2), r2, 4, 1, 2, 7), 32);
  }
  for (; j < H; j++) {
    const g = zp + (<usize>(3 * j) << 2);
    const rb = rbias + (<usize>(3 * j) << 2);
    store<f32>(xh + (<usize>j << 2), load<f32>(g, 8));
    store<f32>(g, load<f32>(g) + load<f32>(rb));
    store<f32>(g, load<f32>(g, 4) + load<f32>(rb, 4), 4);
    store<f32>(g, load<f32>(rb, 8), 8);
  }
}

/** Units j … j+3 of the probed row: quantities 0-6 of step t (pre z, r, h̃; z, r, h̃; h). */
@inline function probeQuad(probe: usize, t: i32, j: i32, preZ: v128, preR: v128, preH: v128, z: v128, r: v128, hh: v128, ht: v128): void {
  v128.store(probe + probeAt(0, t, j), preZ);
  v128.store(probe + probeAt(1, t, j), preR);
  v128.store(probe + probeAt(2, t, j), preH);
  v128.store(probe + probeAt(3, t, j), z);
  v128.store(probe + probeAt(4, t, j), r);
  v128.store(probe + probeAt(5, t, j), hh);
  v128.store(probe + probeAt(6, t, j), ht);
}

/**
 * Activations and state of row b: gates hold Zx_z + rec_z, Zx_r + rec_r, rec_h; hrec holds Zx_h.
 * probe: the probe buffer when b is the probed row, else 0.
 */
function gruForwardRow(t: i32, b: i32, gates: usize, hrec: usize, mrec: usize, h: usize, hprev: usize, probe: usize): void {
  const n0 = (t * B + b) * H;
  const prev = prevStep(t);
  const next = nextStep(t);
  let j = 0;
  for (; j + 4 <= H; j += 4) {
    const zp = gates + (<usize>(3 * (n0 + j)) << 2);
    split3(zp);
    const rp = hrec + (<usize>(n0 + j) << 2);
    const recH = gh;
    const preZ = gz;
    const preR = gr;
    const z = sigmoidv(preZ);
    const r = sigmoidv(preR);
    const preH = f32x4.add(v128.load(rp), f32x4.mul(r, recH));
    const hh = tanhv(preH);
    const hPrev = prev >= 0 ? v128.load(h + hAt(prev, b, j)) : f32x4.splat(0);
    const ht = f32x4.add(f32x4.mul(z, hPrev), f32x4.mul(f32x4.sub(f32x4.splat(1), z), hh));
    if (probe) probeQuad(probe, t, j, preZ, preR, preH, z, r, hh, ht);
    join3(zp, z, r, hh);
    v128.store(rp, recH);
    v128.store(h + hAt(t, b, j), ht);
    if (next >= 0) v128.store(hprev + unitAt(next, b, j), f32x4.mul(ht, v128.load(mrec + (<usize>(b * H + j) << 2))));
  }
  for (; j < H; j++) {
    const zp = gates + (<usize>(3 * (n0 + j)) << 2);
    const rp = hrec + (<usize>(n0 + j) << 2);
    const recH = load<f32>(zp, 8);
    const preZR = f32x4(load<f32>(zp), load<f32>(zp, 4), 0, 0);
    const zr = sigmoidv(preZR);
    const z = f32x4.extract_lane(zr, 0);
    const r = f32x4.extract_lane(zr, 1);
    const preH = load<f32>(rp) + r * recH;
    const hh = f32x4.extract_lane(tanhv(f32x4.splat(preH)), 0);
    const hPrev: f32 = prev >= 0 ? load<f32>(h + hAt(prev, b, j)) : 0;
    const ht = z * hPrev + (1 - z) * hh;
    if (probe) {
      store<f32>(probe + probeAt(0, t, j), f32x4.extract_lane(preZR, 0));
      store<f32>(probe + probeAt(1, t, j), f32x4.extract_lane(preZR, 1));
      store<f32>(probe + probeAt(2, t, j), preH);
      store<f32>(probe + probeAt(3, t, j), z);
      store<f32>(probe + probeAt(4, t, j), r);
      store<f32>(probe + probeAt(5, t, j), hh);
      store<f32>(probe + probeAt(6, t, j), ht);
    }
    store<f32>(zp, z);
    store<f32>(zp, r, 4);
    store<f32>(zp, hh, 8);
    store<f32>(rp, recH);
    store<f32>(h + hAt(t, b, j), ht);
    if (next >= 0) store<f32>(hprev + unitAt(next, b, j), ht * load<f32>(mrec + (<usize>(b * H + j) << 2)));
  }
}

export function gru_cell_backward(
  t: i32,
  gates: usize,
  U: usize,
  hrec: usize,
  mrec: usize,
  h: usize,
  dH: usize,
  dz: usize,
  dzr: usize,
  dc: usize,
  dh_steps: usize,
  b0: i32,
  b1: i32,
): void {
  const G = 3 * H;
  const next = nextStep(t);
  const rowBytes = <usize>G << 2;
  const dNext = dzr + <usize>(max(next, 0) * B) * rowBytes; // dzr of the next step, row 0
  // Unit groups outside, rows inside: U's rows of a group stay in L1 while every row reads them.
  let j = 0;
  for (; j + 4 <= H; j += 4) {
    const u = U + <usize>j * rowBytes;
    for (let b = b0; b < b1; b++) {
      const dhRec = next >= 0 ? dots4(dNext + <usize>b * rowBytes, u, G) : f32x4.splat(0);
      gruBackwardQuad(t, b, j, dhRec, gates, hrec, mrec, h, dH, dz, dzr, dc, dh_steps);
    }
  }
  for (; j < H; j++) {
    const u = U + <usize>j * rowBytes;
    for (let b = b0; b < b1; b++) {
      const dhRec: f32 = next >= 0 ? dotOne(dNext + <usize>b * rowBytes, u, G) : 0;
      gruBackwardUnit(t, b, j, dhRec, gates, hrec, mrec, h, dH, dz, dzr, dc, dh_steps);
    }
  }
}

/** The pointwise backward of units j … j+3 of row b, given their recurrent gradient dh_rec. */
@inline function gruBackwardQuad(
  t: i32,
  b: i32,
  j: i32,
  dhRec: v128,
  gates: usize,
  hrec: usize,
  mrec: usize,
  h: usize,
  dH: usize,
  dz: usize,
  dzr: usize,
  dc: usize,
  dh_steps: usize,
): void {
  const n = (t * B + b) * H + j;
  const m = <usize>(b * H + j) << 2;
  const prev = prevStep(t);
  const one = f32x4.splat(1);
  const carried = nextStep(t) >= 0 ? v128.load(dc + m) : f32x4.splat(0);
  const dh = f32x4.add(f32x4.add(v128.load(dH + hAt(t, b, j)), f32x4.mul(dhRec, v128.load(mrec + m))), carried);
  const gp = gates + (<usize>(3 * n) << 2);
  split3(gp);
  const z = gz;
  const r = gr;
  const hh = gh;
  const hPrev = prev >= 0 ? v128.load(h + hAt(prev, b, j)) : f32x4.splat(0);
  const dzZ = f32x4.mul(f32x4.mul(f32x4.mul(dh, f32x4.sub(hPrev, hh)), z), f32x4.sub(one, z));
  const dzH = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(hh, hh)));
  const dzR = f32x4.mul(f32x4.mul(f32x4.mul(dzH, v128.load(hrec + (<usize>n << 2))), r), f32x4.sub(one, r));
  join3(dz + (<usize>(3 * n) << 2), dzZ, dzR, dzH);
  join3(dzr + (<usize>(3 * n) << 2), dzZ, dzR, f32x4.mul(dzH, r));
  v128.store(dc + m, f32x4.mul(dh, z));
  v128.store(dh_steps + (<usize>n << 2), dh);
}

/** The pointwise backward of one (row, unit), as gruBackwardQuad does four. */
function gruBackwardUnit(
  t: i32,
  b: i32,
  j: i32,
  dhRec: f32,
  gates: usize,
  hrec: usize,
  mrec: usize,
  h: usize,
  dH: usize,
  dz: usize,
  dzr: usize,
  dc: usize,
  dh_steps: usize,
): void {
  const n = (t * B + b) * H + j;
  const m = <usize>(b * H + j) << 2;
  const prev = prevStep(t);
  const carried: f32 = nextStep(t) >= 0 ? load<f32>(dc + m) : 0;
  const dh = load<f32>(dH + hAt(t, b, j)) + dhRec * load<f32>(mrec + m) + carried;
  const gp = gates + (<usize>(3 * n) << 2);
  const z = load<f32>(gp);
  const r = load<f32>(gp, 4);
  const hh = load<f32>(gp, 8);
  const hPrev: f32 = prev >= 0 ? load<f32>(h + hAt(prev, b, j)) : 0;
  const dzZ = dh * (hPrev - hh) * z * (1 - z);
  const dzH = dh * (1 - z) * (1 - hh * hh);
  const dzR = dzH * load<f32>(hrec + (<usize>n << 2)) * r * (1 - r);
  const zp = dz + (<usize>(3 * n) << 2);
  store<f32>(zp, dzZ);
  store<f32>(zp, dzR, 4);
  store<f32>(zp, dzH, 8);
  const rp = dzr + (<usize>(3 * n) << 2);
  store<f32>(rp, dzZ);
  store<f32>(rp, dzR, 4);
  store<f32>(rp, dzH * r, 8);
  store<f32>(dc + m, dh * z);
  store<f32>(dh_steps + (<usize>n << 2), dh);
}

// Jobs (cellDims.ts: INTS B, H, T, t, reverse, h_stride, h_off, probe_row, then the buffers).
// Forward: gates, U, hrec, mrec, h, rbias, hprev, probe; backward: gates, U, hrec, mrec, h, dH, dz,
// dzr, dc, dh_steps. Threads split the batch rows; t = −1: every step of the direction, in order.

export function gruCellForwardJob(index: i32, count: i32): void {
  readCellDims();
  if (!sliceRows(index, count)) return;
  const p = CELL_BUFFERS;
  const t = argInt(3);
  const steps = t >= 0 ? 1 : T;
  for (let i = 0; i < steps; i++)
    gru_cell_forward(t >= 0 ? t : stepOf(i, false), argPtr(p), argPtr(p + 1), argPtr(p + 2), argPtr(p + 3), argPtr(p + 4), argPtr(p + 5), argPtr(p + 6), argPtr(p + 7), ROW0, ROW1);
}

export function gruCellBackwardJob(index: i32, count: i32): void {
  readCellDims();
  if (!sliceRows(index, count)) return;
  const p = CELL_BUFFERS;
  const t = argInt(3);
  const steps = t >= 0 ? 1 : T;
  for (let i = 0; i < steps; i++)
    gru_cell_backward(t >= 0 ? t : stepOf(i, true), argPtr(p), argPtr(p + 1), argPtr(p + 2), argPtr(p + 3), argPtr(p + 4), argPtr(p + 5), argPtr(p + 6), argPtr(p + 7), argPtr(p + 8), argPtr(p + 9), ROW0, ROW1);
}
