import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { dropout_mask, maskParams } from '../reference/dropout';
import { type CellDims, lstm_cell_backward, lstm_cell_forward } from '../reference/lstmCell';
import { runDispatches, worstError } from '../testing/dispatch';
import { randomFloats, testDevice } from '../testing/testDevice';
import {
  CELL_BACKWARD_ROWS,
  CELL_FORWARD_ROWS,
  type CellBuffers,
  type CellVariant,
  cellVariantName,
  lstmCellDispatches,
  timeUniform,
} from './cellKernels';
import { GpuContext, readFloats } from './gpuContext';

/**
 * One dispatch of lstm_cell_forward / lstm_cell_backward against one call of its twin, from the
 * same state, at a chosen timestep: a failure names the kernel, the shape, t and the buffer.
 *
 * Measured (these shapes, every variant): forward ≤ 1.9e-7 of each buffer's scale (f32 fma sums
 * over ≤ 37 units against f64 sums, then exp/tanh from another library); backward ≤ 4.8e-7.
 * The tolerance, 5e-6, is ~10x that; a wrong index or a dropped term moves a buffer by 1e-2 or
 * more of its scale.
 */
const TOLERANCE = 5e-6;

/** A random state of every buffer the kernels read or write (cellKernels.ts CellBuffers). */
function randomState(dims: CellDims, seed: number) {
  const { batch: B, units: H, steps: T } = dims;
  const rng = new Prng(seed);
  const next = () => rng.next();
  const unit = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(0.05, 0.95));
  const hprev = randomFloats(T * B * H, next);
  hprev.fill(0, 0, B * H); // block 0 is the zero state, as the forward leaves it
  const mrec = new Float32Array(B * H);
  dropout_mask(maskParams(42, 1, 0.3, B * H), 3, mrec);
  return {
    // Forward reads block t as Zx; backward reads post-activation gates, in (0, 1) like σ and g's tanh.
    zx: randomFloats(T * B * 4 * H, next, 2),
    activated: unit(T * B * 4 * H),
    U: randomFloats(H * 4 * H, next, 0.5),
    c: randomFloats(T * B * H, next, 1.5),
    mrec,
    hprev,
    h: randomFloats(T * B * H, next),
    dH: randomFloats(T * B * H, next),
    dz: randomFloats(T * B * 4 * H, next, 0.1),
    dc: randomFloats(B * H, next),
  };
}
type State = ReturnType<typeof randomState>;

/** The state on the GPU (U 64 floats into its buffer, as in the flat parameter buffer). */
function upload(ctx: GpuContext, s: State, backward: boolean): CellBuffers {
  const uPadded = new Float32Array(64 + s.U.length);
  uPadded.set(s.U, 64);
  return {
    gates: ctx.upload('gates', backward ? s.activated : s.zx),
    U: { buffer: ctx.upload('U', uPadded), offset: 64 },
    c: ctx.upload('c', s.c),
    mrec: ctx.upload('mrec', s.mrec),
    hprev: ctx.upload('hprev', s.hprev),
    h: ctx.upload('h', s.h),
    dH: ctx.upload('dH', s.dH),
    dz: ctx.upload('dz', s.dz),
    dc: ctx.upload('dc', s.dc),
  };
}

/** Runs one dispatch at timestep t on the GPU and one twin call on copies; returns both states. */
async function oneStep(dims: CellDims, variant: CellVariant, backward: boolean, t: number, s: State) {
  const ctx = new GpuContext(await testDevice());
  const bufs = upload(ctx, s, backward);
  const time = timeUniform(ctx, dims.steps);
  const all = lstmCellDispatches(ctx, dims, time, bufs, backward, '', variant);
  await runDispatches(ctx, [all[backward ? dims.steps - 1 - t : t]]);
  const read = (b: GPUBuffer, n: number) => readFloats(ctx.device, b, 0, n);
  const { batch: B, units: H, steps: T } = dims;
  const got = {
    gates: await read(bufs.gates, T * B * 4 * H),
    c: await read(bufs.c, T * B * H),
    hprev: await read(bufs.hprev, T * B * H),
    h: await read(bufs.h, T * B * H),
    dz: await read(bufs.dz, T * B * 4 * H),
    dc: await read(bufs.dc, B * H),
  };
  ctx.destroy();
  const want = {
    gates: (backward ? s.activated : s.zx).slice(),
    c: s.c.slice(),
    hprev: s.hprev.slice(),
    h: s.h.slice(),
    dz: s.dz.slice(),
    dc: s.dc.slice(),
  };
  if (backward) lstm_cell_backward(dims, t, want.gates, s.U, want.c, s.mrec, s.dH, want.dz, want.dc);
  else lstm_cell_forward(dims, t, want.gates, s.U, want.c, s.mrec, want.hprev, want.h);
  return { got, want };
}

describe('lstm_cell_forward / lstm_cell_backward: each dispatch equals its twin', () => {
  // [B, H, T]: batch 1, one timestep, units not a multiple of 4, B not a multiple of the rows a
  // thread computes.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [3, 37, 6],
    [9, 16, 4],
  ];
  // Every rows-per-thread choice of each direction, paired so each runs on each shape.
  const variants: CellVariant[] = CELL_FORWARD_ROWS.map((forwardRows, i) => ({
    forwardRows,
    backwardRows: CELL_BACKWARD_ROWS[i],
  }));
  for (const [B, H, T] of shapes)
    for (const variant of variants)
      for (const backward of [false, true]) {
        const kernel = backward ? 'lstm_cell_backward' : 'lstm_cell_forward';
        it(`${kernel} B=${B} H=${H} T=${T} (${cellVariantName(variant)}), at the first, a middle and the last t`, async () => {
          const dims = { batch: B, units: H, steps: T };
          const s = randomState(dims, B * 1000 + H * 10 + T);
          for (const t of new Set([0, Math.floor(T / 2), T - 1])) {
            const { got, want } = await oneStep(dims, variant, backward, t, s);
            for (const name of Object.keys(want) as (keyof typeof want)[]) {
              const { error, at } = worstError(got[name], want[name]);
              expect(error, `${kernel} B=${B} H=${H} T=${T} t=${t}: ${name}[${at}]`).toBeLessThan(TOLERANCE);
            }
          }
        });
      }
});
