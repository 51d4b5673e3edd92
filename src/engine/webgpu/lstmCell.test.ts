import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { dropout_mask } from '../reference/dropout';
import { lstm_cell_backward, lstm_cell_forward } from '../reference/lstmCell';
import { randomFloats, relativeError, testDevice } from '../testing/testDevice';
import { encodeDispatches, GpuContext, readFloats } from './gpuContext';
import {
  CELL_BACKWARD_ROWS,
  CELL_FORWARD_ROWS,
  type CellShape,
  type CellVariant,
  cellVariantName,
  lstmCellDispatches,
} from './kernels';

// Fused f32 kernels vs the reference's f32 loops: sums over H ≤ 37 terms in another order, then
// exp/tanh from another library. Forward agrees to ~1e-6 of scale; backward through T steps to ~1e-5.
const TOLERANCE = 1e-4;

/** The reference's time loops (as model.ts runs them), over one layer's precomputed Zx. */
function referenceLayer(
  zx: Float32Array,
  U: Float32Array,
  mRec: Float32Array,
  dH: Float32Array,
  B: number,
  H: number,
  T: number,
) {
  const G = 4 * H;
  const gates = zx.slice();
  const h = new Float32Array(T * B * H);
  const c = new Float32Array(T * B * H);
  const at = (a: Float32Array, t: number, w: number) => a.subarray(t * B * w, (t + 1) * B * w);
  for (let t = 0; t < T; t++) {
    const g = at(gates, t, G);
    lstm_cell_forward(
      at(h, t, H),
      at(c, t, H),
      g,
      g,
      t > 0 ? at(h, t - 1, H) : null,
      t > 0 ? at(c, t - 1, H) : null,
      U,
      mRec,
      B,
      H,
    );
  }
  const dHtotal = dH.slice();
  const dz = new Float32Array(T * B * G);
  const dc = new Float32Array(B * H);
  for (let t = T - 1; t >= 0; t--) {
    const dhRec = t > 0 ? at(dHtotal, t - 1, H) : null;
    const cPrev = t > 0 ? at(c, t - 1, H) : null;
    lstm_cell_backward(
      at(dz, t, G),
      dhRec,
      dc,
      at(dHtotal, t, H),
      dc,
      at(gates, t, G),
      at(c, t, H),
      cPrev,
      U,
      mRec,
      B,
      H,
    );
  }
  return { gates, h, c, dz };
}

async function gpuLayer(
  zx: Float32Array,
  U: Float32Array,
  mRec: Float32Array,
  dH: Float32Array,
  shape: CellShape,
  variant: CellVariant,
) {
  const device = await testDevice();
  const ctx = new GpuContext(device);
  const { batch: B, units: H, steps: T } = shape;
  const timeStride = device.limits.minUniformBufferOffsetAlignment;
  const times = new Uint32Array((T * timeStride) / 4);
  for (let t = 0; t < T; t++) times[(t * timeStride) / 4] = t;
  // U sits 64 floats into its buffer, as in the flat parameter buffer.
  const uPadded = new Float32Array(64 + U.length);
  uPadded.set(U, 64);
  const bufs = {
    time: ctx.uniform('time', times),
    timeStride,
    gates: ctx.upload('gates', zx),
    recurrent: { buffer: ctx.upload('U', uPadded), offset: 64 },
    hprev: ctx.storage('hprev', T * B * H),
    h: ctx.storage('h', T * B * H),
    c: ctx.storage('c', T * B * H),
    recMask: ctx.upload('mrec', mRec),
    dH: ctx.upload('dH', dH),
    dz: ctx.storage('dz', T * B * 4 * H),
    dc: ctx.storage('dc', B * H),
  };
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, lstmCellDispatches(ctx, shape, bufs, false, 'forward', variant));
  encodeDispatches(pass, lstmCellDispatches(ctx, shape, bufs, true, 'backward', variant));
  pass.end();
  device.queue.submit([enc.finish()]);
  const out = {
    gates: await readFloats(device, bufs.gates, 0, T * B * 4 * H),
    h: await readFloats(device, bufs.h, 0, T * B * H),
    c: await readFloats(device, bufs.c, 0, T * B * H),
    dz: await readFloats(device, bufs.dz, 0, T * B * 4 * H),
  };
  ctx.destroy();
  return out;
}

describe('lstm_cell_forward / lstm_cell_backward on WebGPU match the reference over T steps', () => {
  // [B, H, T]: batch 1, one timestep, units not a multiple of 4, B not a multiple of 4 rows per thread.
  const cases: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [3, 37, 6],
    [9, 16, 4],
  ];
  // Every rows-per-thread choice of each direction (kernels.ts), paired so each runs on each shape.
  const variants: CellVariant[] = CELL_FORWARD_ROWS.map((forwardRows, i) => ({
    forwardRows,
    backwardRows: CELL_BACKWARD_ROWS[i],
  }));
  for (const [B, H, T] of cases)
    for (const variant of variants) {
      it(`B=${B} H=${H} T=${T}, ${cellVariantName(variant)}, with recurrent dropout`, async () => {
        const rng = new Prng(B * 1000 + H * 10 + T);
        const next = () => rng.next();
        const zx = randomFloats(T * B * 4 * H, next, 2);
        const U = randomFloats(H * 4 * H, next, 0.5);
        const mRec = new Float32Array(B * H);
        dropout_mask(mRec, B, H, 42, 3, 1, 0.3);
        const dH = randomFloats(T * B * H, next);
        const want = referenceLayer(zx, U, mRec, dH, B, H, T);
        const got = await gpuLayer(zx, U, mRec, dH, { batch: B, units: H, steps: T }, variant);
        expect(relativeError(got.gates, want.gates), 'gates').toBeLessThan(TOLERANCE);
        expect(relativeError(got.c, want.c), 'c').toBeLessThan(TOLERANCE);
        expect(relativeError(got.h, want.h), 'h').toBeLessThan(TOLERANCE);
        expect(relativeError(got.dz, want.dz), 'dz').toBeLessThan(TOLERANCE);
      });
    }
});
