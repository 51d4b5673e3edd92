import { argInt, argPtr } from './abi';
import { B, CELL_BUFFERS, H, hAt, nextStep, PROBE_ROW, prevStep, probeAt, readCellDims, ROW0, ROW1, sliceRows, stepOf, T, unitAt } from './cellDims';
import { dotOne, dots4, tanh1, tanhv } from './cellMath';
import { gemmAccumulate } from './matmul';

/** This cell's kernel numbers (run_job's switch in kernels.ts; every number in the module differs, src/engine/wasm/kernelNumbers.test.ts). */
export const KERNEL_SIMPLE_RNN_CELL_FORWARD: i32 = 15;
export const KERNEL_SIMPLE_RNN_CELL_BACKWARD: i32 = 16;

/**
 * simple_rnn_cell_forward / simple_rnn_cell_backward: one timestep t of Keras's SimpleRNN (tanh)
 * for batch rows [b0, b1), in either direction, the twins of the functions of the same names in
 * src/engine/reference/simpleRnnCell.ts: the same dims (cellDims.ts), the same buffers in the same
 * order (byte addresses; shapes there). Forward: gates_t += hprev_t·U (matmul.ts's tiles, k in
 * order, as the twin), then h_t = tanh four units at a time. Backward: dh_rec = dz_next·Uᵀ for four
 * units (cellMath.ts dots4), dz = dh·(1 − h²). The twin sums in f64; these in f32.
 * The probe: row PROBE_ROW's pre-activation z and h_t into probe [2, T, H]; the backward keeps
 * every row's dh in dh_steps [T·B, H]. Copies only, as the twin.
 */

export function simple_rnn_cell_forward(
  t: i32,
  gates: usize,
  U: usize,
  mrec: usize,
  h: usize,
  hprev: usize,
  probe: usize,
  b0: i32,
  b1: i32,
): void {
  if (prevStep(t) >= 0) gemmAccumulate(b1 - b0, H, H, hprev + unitAt(t, b0, 0), U, gates + unitAt(t, b0, 0));
  const next = nextStep(t);
  for (let b = b0; b < b1; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const zp = gates + unitAt(t, b, j);
      const z = v128.load(zp);
      const ht = tanhv(z);
      if (b == PROBE_ROW) {
        v128.store(probe + probeAt(0, t, j), z);
        v128.store(probe + probeAt(1, t, j), ht);
      }
      v128.store(zp, ht);
      v128.store(h + hAt(t, b, j), ht);
      if (next >= 0) v128.store(hprev + unitAt(next, b, j), f32x4.mul(ht, v128.load(mrec + (<usize>(b * H + j) << 2))));
    }
    for (; j < H; j++) {
      const zp = gates + unitAt(t, b, j);
      const z = load<f32>(zp);
      const ht = tanh1(z);
      if (b == PROBE_ROW) {
        store<f32>(probe + probeAt(0, t, j), z);
        store<f32>(probe + probeAt(1, t, j), ht);
      }
      store<f32>(zp, ht);
      store<f32>(h + hAt(t, b, j), ht);
      if (next >= 0) store<f32>(hprev + unitAt(next, b, j), ht * load<f32>(mrec + (<usize>(b * H + j) << 2)));
    }
  }
}

export function simple_rnn_cell_backward(
  t: i32,
  gates: usize,
  U: usize,
  mrec: usize,
  dH: usize,
  dz: usize,
  dh_steps: usize,
  b0: i32,
  b1: i32,
): void {
  const next = nextStep(t);
  const rowBytes = <usize>H << 2;
  const dNext = dz + <usize>(max(next, 0) * B) * rowBytes; // dz of the next step, row 0
  const one = f32x4.splat(1);
  // Unit groups outside, rows inside: U's four rows of a group stay in L1 while every row reads them.
  let j = 0;
  for (; j + 4 <= H; j += 4) {
    const u = U + <usize>j * rowBytes;
    for (let b = b0; b < b1; b++) {
      const m = mrec + (<usize>(b * H + j) << 2);
      const dhRec = next >= 0 ? dots4(dNext + <usize>b * rowBytes, u, H) : f32x4.splat(0);
      const dh = f32x4.add(v128.load(dH + hAt(t, b, j)), f32x4.mul(dhRec, v128.load(m)));
      const zp = dz + unitAt(t, b, j);
      const a = v128.load(gates + unitAt(t, b, j));
      v128.store(zp, f32x4.mul(dh, f32x4.sub(one, f32x4.mul(a, a))));
      v128.store(dh_steps + unitAt(t, b, j), dh);
    }
  }
  for (; j < H; j++) {
    const u = U + <usize>j * rowBytes;
    for (let b = b0; b < b1; b++) {
      const mask = load<f32>(mrec + (<usize>(b * H + j) << 2));
      const dhRec: f32 = next >= 0 && mask != 0 ? dotOne(dNext + <usize>b * rowBytes, u, H) : 0;
      const dh = load<f32>(dH + hAt(t, b, j)) + dhRec * mask;
      const a = load<f32>(gates + unitAt(t, b, j));
      store<f32>(dz + unitAt(t, b, j), dh * (1 - a * a));
      store<f32>(dh_steps + unitAt(t, b, j), dh);
    }
  }
}

// Jobs (cellDims.ts: INTS B, H, T, t, reverse, h_stride, h_off, probe_row, then the buffers).
// Forward: gates, U, mrec, h, hprev, probe; backward: gates, U, mrec, dH, dz, dh_steps. Threads
// split the batch rows; t = −1: every step of the direction, in order.

export function simpleRnnCellForwardJob(index: i32, count: i32): void {
  readCellDims();
  if (!sliceRows(index, count)) return;
  const p = CELL_BUFFERS;
  const t = argInt(3);
  const steps = t >= 0 ? 1 : T;
  for (let i = 0; i < steps; i++)
    simple_rnn_cell_forward(t >= 0 ? t : stepOf(i, false), argPtr(p), argPtr(p + 1), argPtr(p + 2), argPtr(p + 3), argPtr(p + 4), argPtr(p + 5), ROW0, ROW1);
}

export function simpleRnnCellBackwardJob(index: i32, count: i32): void {
  readCellDims();
  if (!sliceRows(index, count)) return;
  const p = CELL_BUFFERS;
  const t = argInt(3);
  const steps = t >= 0 ? 1 : T;
  for (let i = 0; i < steps; i++)
    simple_rnn_cell_backward(t >= 0 ? t : stepOf(i, true), argPtr(p), argPtr(p + 1), argPtr(p + 2), argPtr(p + 3), argPtr(p + 4), argPtr(p + 5), ROW0, ROW1);
}
