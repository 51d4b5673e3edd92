import { Prng } from '../../../src/data/prng';
import { probeFloats } from '../../../src/engine/contracts/probe';
import { dropout_mask, maskParams } from '../../../src/engine/reference/dropout';
import { gru_cell_backward, gru_cell_forward } from '../../../src/engine/reference/gruCell';
import { type CellDims, lstm_cell_backward, lstm_cell_forward } from '../../../src/engine/reference/lstmCell';
import {
  simple_rnn_cell_backward,
  simple_rnn_cell_forward,
} from '../../../src/engine/reference/simpleRnnCell';
import {
  type CellBuffers,
  type CellVariant,
  cellDispatches,
  timeUniform,
} from '../../../src/engine/webgpu/cellKernels';
import { GpuContext, readFloats } from '../../../src/engine/webgpu/gpuContext';
import type { CellType } from '../../../src/model/config';
import { GATES_OF } from '../../../src/model/params';
import { runDispatches } from './dispatch';
import { randomFloats, testDevice } from './testDevice';

/**
 * One dispatch of a cell kernel against one call of its twin, from the same random state, at a
 * chosen timestep and direction: the per-dispatch test of lstmCell, gruCell and simpleRnnCell.
 */

/** Every buffer a cell reads or writes, on the CPU (cellKernels.ts CellBuffers). */
export function randomCellState(cell: CellType, dims: CellDims, backward: boolean, seed: number) {
  const { batch: B, units: H, steps: T } = dims;
  const G = GATES_OF[cell];
  const rng = new Prng(seed);
  const next = () => rng.next();
  const unit = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(0.05, 0.95));
  const hprev = randomFloats(T * B * H, next);
  const first = dims.reverse ? T - 1 : 0;
  hprev.fill(0, first * B * H, (first + 1) * B * H); // the first step's block is the zero state
  const mrec = new Float32Array(B * H);
  dropout_mask(maskParams(42, 1, 0.3, B * H), 3, mrec);
  return {
    // The forward reads Zx; the backward reads gates after their activations, in (0, 1).
    gates: backward ? unit(T * B * G * H) : randomFloats(T * B * G * H, next, 2),
    U: randomFloats(H * G * H, next, 0.5),
    rbias: randomFloats(G * H, next, 0.3),
    c: randomFloats(T * B * H, next, 1.5),
    hrec: randomFloats(T * B * H, next),
    mrec,
    hprev,
    hprevIn: randomFloats(B * H, next),
    hprevOut: randomFloats(B * H, next),
    h: randomFloats(T * B * dims.h_stride, next),
    dH: randomFloats(T * B * dims.h_stride, next),
    dz: randomFloats(T * B * G * H, next, 0.1),
    dzr: randomFloats(T * B * G * H, next, 0.1),
    dc: randomFloats(B * H, next),
    // Outputs only: random, so a float the kernel should write and does not shows.
    probe: randomFloats(probeFloats(cell, T, H), next),
    dc_steps: randomFloats(T * B * H, next),
    dh_steps: randomFloats(T * B * H, next),
  };
}
export type CellState = ReturnType<typeof randomCellState>;
/** The buffers a cell may write, compared after each call. */
export const WRITTEN = [
  'gates',
  'c',
  'hrec',
  'hprev',
  'hprevOut',
  'h',
  'dz',
  'dzr',
  'dc',
  'probe',
  'dc_steps',
  'dh_steps',
] as const;

/** The twin's call for this cell and direction of work, on `s` in place. */
export function twinStep(cell: CellType, backward: boolean, dims: CellDims, t: number, s: CellState): void {
  TWIN_STEPS[cell](backward, dims, t, s);
}

/** Each kind's TS twin at one step. A kind missing here fails `tsc`. */
const TWIN_STEPS: Record<CellType, (backward: boolean, dims: CellDims, t: number, s: CellState) => void> = {
  lstm: (backward, dims, t, s) =>
    backward
      ? lstm_cell_backward(dims, t, s.gates, s.U, s.c, s.mrec, s.dH, s.dz, s.dc, s.dc_steps, s.dh_steps)
      : lstm_cell_forward(dims, t, s.gates, s.U, s.c, s.mrec, s.hprev, s.h, s.hprevIn, s.hprevOut, s.probe),
  gru: (backward, dims, t, s) =>
    backward
      ? gru_cell_backward(dims, t, s.gates, s.U, s.hrec, s.mrec, s.h, s.dH, s.dz, s.dzr, s.dc, s.dh_steps)
      : gru_cell_forward(dims, t, s.gates, s.U, s.hrec, s.mrec, s.h, s.rbias, s.hprev, s.probe),
  simple_rnn: (backward, dims, t, s) =>
    backward
      ? simple_rnn_cell_backward(dims, t, s.gates, s.U, s.mrec, s.dH, s.dz, s.dh_steps)
      : simple_rnn_cell_forward(dims, t, s.gates, s.U, s.mrec, s.h, s.hprev, s.probe),
};

const copyState = (s: CellState): CellState =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.slice()])) as CellState;

/** The kernel's dispatch at timestep t on the GPU and the twin's call on a copy; both states after. */
export async function oneCellStep(
  cell: CellType,
  dims: CellDims,
  variant: CellVariant,
  backward: boolean,
  t: number,
  s: CellState,
): Promise<{ got: Record<string, Float32Array>; want: CellState }> {
  const ctx = new GpuContext(await testDevice());
  const bufs = uploadCellState(ctx, s, t);
  const all = cellDispatches(ctx, cell, dims, timeUniform(ctx, dims.steps), bufs, backward, '', variant);
  const dispatchOf = all.find(
    (d) => d.dynamicOffsets?.[0] === t * ctx.device.limits.minUniformBufferOffsetAlignment,
  );
  if (!dispatchOf) throw new Error(`no dispatch for t=${t}`);
  await runDispatches(ctx, [dispatchOf]);
  const got: Record<string, Float32Array> = {};
  for (const name of WRITTEN) got[name] = await readFloats(ctx.device, bufs[name], 0, s[name].length);
  ctx.destroy();
  const want = copyState(s);
  twinStep(cell, backward, dims, t, want);
  return { got, want };
}

/**
 * Every buffer of a state on the GPU (U and rb 64 floats into theirs, as in the flat parameter
 * buffer), the LSTM's carry pair arranged so the dispatch at step t reads hprevIn and writes hprevOut.
 */
export function uploadCellState(
  ctx: GpuContext,
  s: CellState,
  t = 0,
): CellBuffers & Record<(typeof WRITTEN)[number], GPUBuffer> {
  const up = (name: string, data: Float32Array) => ctx.upload(name, data);
  const [hprevIn, hprevOut] = [up('hprevIn', s.hprevIn), up('hprevOut', s.hprevOut)];
  const at64 = (name: string, data: Float32Array) => {
    const padded = new Float32Array(64 + data.length);
    padded.set(data, 64);
    return { buffer: up(name, padded), offset: 64 };
  };
  return {
    gates: up('gates', s.gates),
    U: at64('U', s.U),
    rbias: at64('rbias', s.rbias),
    c: up('c', s.c),
    hrec: up('hrec', s.hrec),
    mrec: up('mrec', s.mrec),
    hprev: up('hprev', s.hprev),
    hprevOut,
    hcarry: t % 2 === 0 ? [hprevIn, hprevOut] : [hprevOut, hprevIn],
    h: up('h', s.h),
    dH: up('dH', s.dH),
    dz: up('dz', s.dz),
    dzr: up('dzr', s.dzr),
    dc: up('dc', s.dc),
    probe: up('probe', s.probe),
    dc_steps: up('dc_steps', s.dc_steps),
    dh_steps: up('dh_steps', s.dh_steps),
  };
}

/** The first step, one in the middle and the last, in the direction's own order. */
export function stepsToCheck(dims: CellDims): number[] {
  const T = dims.steps;
  const order = Array.from({ length: T }, (_, i) => (dims.reverse ? T - 1 - i : i));
  return [...new Set([order[0], order[Math.floor(T / 2)], order[T - 1]])];
}
