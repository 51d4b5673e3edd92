import { argInt, sliceBegin, sliceEnd } from './abi';

/**
 * The current cell job's dims: CellDims of src/engine/reference/lstmCell.ts (batch B, units H,
 * steps T, reverse, h_stride, h_off, probe_row), read from the job block once per job. WebAssembly globals
 * belong to an instance, so each thread holds its own copy. Every cell kernel (lstmCell.ts,
 * gruCell.ts, simpleRnnCell.ts) indexes with these, as its twin indexes with `dims`.
 *
 * INTS of every cell job: B, H, T, t, reverse, h_stride, h_off, probe_row, then the kernel's
 * buffers in the twin's order (from CELL_BUFFERS on). t = −1 asks for every step of the direction, in the
 * forward's order for a forward job and the reverse for a backward one (the fused-over-time jobs).
 */
export let B: i32 = 0;
export let H: i32 = 0;
export let T: i32 = 0;
export let REVERSE: bool = false;
export let H_STRIDE: i32 = 0;
export let H_OFF: i32 = 0;
/** The batch row the forward copies into probe; NO_PROBE (0xFFFFFFFF) reads as −1, no row. */
export let PROBE_ROW: i32 = -1;

/** The job block slot of a cell job's first buffer. */
export const CELL_BUFFERS: i32 = 8;

export function readCellDims(): void {
  B = argInt(0);
  H = argInt(1);
  T = argInt(2);
  REVERSE = argInt(4) != 0;
  H_STRIDE = argInt(5);
  H_OFF = argInt(6);
  PROBE_ROW = argInt(7);
}

/** Byte offset of quantity q of (t, unit j) in a probe buffer [P, T, H] (the reference's probeAt). */
@inline export function probeAt(q: i32, t: i32, j: i32): usize {
  return <usize>((q * T + t) * H + j) << 2;
}

/** The step before t in this direction's order, or −1 (the reference's prevStep). */
@inline export function prevStep(t: i32): i32 {
  return REVERSE ? (t + 1 < T ? t + 1 : -1) : t - 1;
}

/** The step after t in this direction's order, or −1 (the reference's nextStep). */
@inline export function nextStep(t: i32): i32 {
  return REVERSE ? t - 1 : t + 1 < T ? t + 1 : -1;
}

/** Byte offset of unit j of row (t, b) in h and dH: row stride h_stride, from column h_off. */
@inline export function hAt(t: i32, b: i32, j: i32): usize {
  return <usize>((t * B + b) * H_STRIDE + H_OFF + j) << 2;
}

/** Byte offset of unit j of row (t, b) in a [T·B, H] buffer (c, hprev, hrec). */
@inline export function unitAt(t: i32, b: i32, j: i32): usize {
  return <usize>((t * B + b) * H + j) << 2;
}

/** Rows of the batch a thread owns: whole groups of 4 where there are enough rows for every thread. */
export let ROW0: i32 = 0;
export let ROW1: i32 = 0;

export function sliceRows(index: i32, count: i32): bool {
  const grain = B >= 4 * count ? 4 : 1;
  ROW0 = sliceBegin(B, index, count, grain);
  ROW1 = sliceEnd(B, index, count, grain);
  return ROW0 < ROW1;
}

/** The i-th step a job runs (i from 0): the direction's order forward, the reverse of it backward. */
@inline export function stepOf(i: i32, backward: bool): i32 {
  return backward == REVERSE ? i : T - 1 - i;
}
