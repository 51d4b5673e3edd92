import { describe, expect, it } from 'vitest';
import { padded, runDispatches, SENTINEL } from '../../../test/support/engine/dispatch';
import { GATHER_EXAMPLE } from '../../../test/support/engine/gatherExample';
import { randomFloats, relativeError, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import {
  type GatherDims,
  gather_batch,
  last_hidden,
  last_hidden_backward,
  mask_rows,
  rowsDims,
  sum_rows,
} from '../reference/batchOps';
import { GpuContext, readFloats } from './gpuContext';
import { gatherDispatch, lastHiddenDispatch, maskRowsDispatch, sumRowsDispatch } from './kernels';

// gather_batch copies and mask_rows does one f32 multiply per element: both must match bit for bit.
// sum_rows keeps four f32 partial sums per column where the twin sums row by row in f32; over
// ≤ 1,000 rows of [−1, 1] that moves the result by ~1e-6 of its scale. The bound leaves room
// without hiding a wrong index (which would be off by the scale of the data itself).
const SUM_TOLERANCE = 1e-5;

/** gather_batch on the GPU: x0 and y0 read back with 8 floats past each, which must stay sentinels. */
async function gpuGather(dims: GatherDims, idx: Uint32Array, x: Float32Array, y: Float32Array) {
  const { batch: B, steps: T, features: F, outputs: K } = dims;
  const ctx = new GpuContext(await testDevice());
  // Outputs at offset 0 (the kernel binds whole buffers), sentinels after them.
  const x0 = ctx.upload('x0', new Float32Array(T * B * F + 8).fill(SENTINEL));
  const y0 = ctx.upload('y0', new Float32Array(B * K + 8).fill(SENTINEL));
  const buffers = [ctx.upload('idx', idx), ctx.upload('x', x), ctx.upload('y', y)] as const;
  await runDispatches(ctx, [gatherDispatch(ctx, dims, ...buffers, x0, y0)]);
  const gotX0 = await readFloats(ctx.device, x0, 0, T * B * F + 8);
  const gotY0 = await readFloats(ctx.device, y0, 0, B * K + 8);
  ctx.destroy();
  expect(
    gotX0.subarray(T * B * F).every((v) => v === SENTINEL),
    'x0 tail untouched',
  ).toBe(true);
  expect(
    gotY0.subarray(B * K).every((v) => v === SENTINEL),
    'y0 tail untouched',
  ).toBe(true);
  return { x0: Array.from(gotX0.subarray(0, T * B * F)), y0: Array.from(gotY0.subarray(0, B * K)) };
}

describe('gather_batch on WebGPU', () => {
  it('turns sample-major rows into a time-major batch: literal values', async () => {
    const { dims, idx, x, y, x0, y0 } = GATHER_EXAMPLE;
    expect(await gpuGather(dims, idx, x, y)).toEqual({ x0, y0 });
  });
});

describe('gather_batch on WebGPU equals its reference twin', () => {
  // [n, T, F, K, B]: batch 1 and one timestep; odd F and K; rows drawn with repeats (as evaluation
  // pads its last chunk); B·K > T·B·F, where the y part of the grid is the larger one.
  const cases: [number, number, number, number, number][] = [
    [1, 1, 1, 1, 1],
    [10, 7, 5, 3, 4],
    [40, 3, 33, 2, 17],
    [6, 1, 1, 9, 5],
  ];
  for (const [n, T, F, K, B] of cases)
    it(`n=${n} T=${T} F=${F} K=${K} B=${B}`, async () => {
      const rng = new Prng(n * 31 + T * 7 + F + B);
      const next = () => rng.next();
      const x = randomFloats(n * T * F, next);
      const y = randomFloats(n * K, next);
      const idx = Uint32Array.from({ length: B }, () => rng.int(n));
      const want = { x0: new Float32Array(T * B * F), y0: new Float32Array(B * K) };
      const dims = { batch: B, steps: T, features: F, outputs: K };
      gather_batch(dims, idx, x, y, want.x0, want.y0);
      expect(await gpuGather(dims, idx, x, y)).toEqual({ x0: Array.from(want.x0), y0: Array.from(want.y0) });
    });
});

describe('mask_rows on WebGPU equals its reference twin', () => {
  // [rows, D, B, srcOffset, outOffset]: rows = T·B (a layer's input) or B (one timestep), batch 1,
  // odd widths, and the offsets stepGraph uses to address a tensor inside a larger buffer.
  const cases: [number, number, number, number, number][] = [
    [1, 1, 1, 0, 0],
    [15, 7, 3, 0, 0],
    [16, 33, 16, 5, 3],
    [1 * 9, 65, 9, 64, 0],
    [4 * 2, 3, 2, 0, 11],
  ];
  for (const [rows, D, B, srcOff, outOff] of cases)
    it(`rows=${rows} D=${D} B=${B}, src at ${srcOff}, out at ${outOff}`, async () => {
      const rng = new Prng(rows * 101 + D * 3 + B);
      const next = () => rng.next();
      const src = randomFloats(rows * D, next);
      const mask = randomFloats(B * D, next, 2);
      const want = new Float32Array(rows * D);
      mask_rows(rowsDims(rows, D, B), src, want, mask);

      const ctx = new GpuContext(await testDevice());
      const srcBuf = ctx.upload('src', padded(rows * D, srcOff, src));
      const outBuf = ctx.upload('out', padded(rows * D, outOff));
      const maskBuf = ctx.upload('mask', mask);
      const dims = { rows, cols: D, batch: B, src_off: srcOff, out_off: outOff, accumulate: 0 };
      await runDispatches(ctx, [maskRowsDispatch(ctx, dims, srcBuf, outBuf, maskBuf)]);
      const got = await readFloats(ctx.device, outBuf, 0, outOff + rows * D + outOff);
      ctx.destroy();
      expect(Array.from(got.subarray(outOff, outOff + rows * D))).toEqual(Array.from(want));
      const outside = [...got.subarray(0, outOff), ...got.subarray(outOff + rows * D)];
      expect(
        outside.every((v) => v === SENTINEL),
        'floats outside out untouched',
      ).toBe(true);
    });
});

describe('sum_rows on WebGPU matches its reference twin', () => {
  // [rows, D, srcOffset, outOffset]: one row; fewer rows than the kernel's four lanes; exactly
  // four; a remainder; D over one workgroup of 64 columns; ~1,000 rows (T·B of a real step).
  const cases: [number, number, number, number][] = [
    [1, 1, 0, 0],
    [3, 5, 0, 0],
    [4, 64, 7, 1],
    [7, 65, 0, 4],
    [65, 13, 64, 0],
    [1000, 130, 3, 2],
  ];
  for (const [rows, D, srcOff, outOff] of cases)
    it(`rows=${rows} D=${D}, src at ${srcOff}, out at ${outOff}`, async () => {
      const rng = new Prng(rows * 13 + D);
      const src = randomFloats(rows * D, () => rng.next());
      const want = new Float32Array(D);
      sum_rows(rowsDims(rows, D, 1), src, want);

      const ctx = new GpuContext(await testDevice());
      const srcBuf = ctx.upload('src', padded(rows * D, srcOff, src));
      const outBuf = ctx.upload('out', padded(D, outOff));
      const dims = { ...rowsDims(rows, D, 1), src_off: srcOff, out_off: outOff };
      await runDispatches(ctx, [sumRowsDispatch(ctx, dims, srcBuf, outBuf)]);
      const got = await readFloats(ctx.device, outBuf, 0, outOff + D + outOff);
      ctx.destroy();
      expect(relativeError(got.subarray(outOff, outOff + D), want)).toBeLessThan(SUM_TOLERANCE);
      const outside = [...got.subarray(0, outOff), ...got.subarray(outOff + D)];
      expect(
        outside.every((v) => v === SENTINEL),
        'floats outside out untouched',
      ).toBe(true);
    });
});

describe('mask_rows adding into its output (a Bidirectional layer’s second dX) equals its twin', () => {
  it('out += src ⊙ mask, bit for bit', async () => {
    const [rows, D, B] = [12, 5, 4];
    const rng = new Prng(3);
    const next = () => rng.next();
    const src = randomFloats(rows * D, next);
    const mask = randomFloats(B * D, next, 2);
    const start = randomFloats(rows * D, next);
    const dims = { ...rowsDims(rows, D, B), accumulate: 1 };
    const want = start.slice();
    mask_rows(dims, src, want, mask);
    const ctx = new GpuContext(await testDevice());
    const out = ctx.upload('out', start);
    await runDispatches(ctx, [
      maskRowsDispatch(ctx, dims, ctx.upload('src', src), out, ctx.upload('mask', mask)),
    ]);
    const got = await readFloats(ctx.device, out, 0, rows * D);
    ctx.destroy();
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(Array.from(want)).not.toEqual(Array.from(start));
  });
});

describe('last_hidden / last_hidden_backward on WebGPU equal their twins', () => {
  // [B, H, T, directions]: one direction (h at t = T−1), Bidirectional (the reverse half at t = 0).
  const cases: [number, number, number, number][] = [
    [1, 1, 1, 1],
    [3, 5, 4, 1],
    [3, 5, 4, 2],
    [7, 2, 1, 2],
  ];
  for (const [B, H, T, directions] of cases)
    it(`B=${B} H=${H} T=${T}, ${directions} direction(s)`, async () => {
      const dims = { batch: B, units: H, steps: T, directions };
      const W = directions * H;
      const rng = new Prng(B + H * 10 + T * 100 + directions);
      const next = () => rng.next();
      const h = randomFloats(T * B * W, next);
      const mask = randomFloats(B * W, next, 2);
      const dhd = randomFloats(B * W, next);
      const want = { hd: new Float32Array(B * W), dH: new Float32Array(T * B * W).fill(SENTINEL) };
      last_hidden(dims, h, mask, want.hd);
      last_hidden_backward(dims, dhd, mask, want.dH);
      const ctx = new GpuContext(await testDevice());
      const hd = ctx.storage('hd', B * W);
      const dH = ctx.upload('dH', new Float32Array(T * B * W).fill(SENTINEL));
      const maskBuf = ctx.upload('mask', mask);
      await runDispatches(ctx, [
        lastHiddenDispatch(ctx, false, dims, ctx.upload('h', h), maskBuf, hd),
        lastHiddenDispatch(ctx, true, dims, ctx.upload('dhd', dhd), maskBuf, dH),
      ]);
      const got = {
        hd: await readFloats(ctx.device, hd, 0, B * W),
        dH: await readFloats(ctx.device, dH, 0, T * B * W),
      };
      ctx.destroy();
      expect(Array.from(got.hd)).toEqual(Array.from(want.hd));
      expect(Array.from(got.dH)).toEqual(Array.from(want.dH));
      // The forward direction's last step, by hand: row block T−1, its first H columns.
      expect(want.hd[0]).toBe(Math.fround(h[(T - 1) * B * W] * mask[0]));
      // The reverse direction's: row block 0, columns H… (Keras Bidirectional without return_sequences).
      if (directions === 2) expect(want.hd[H]).toBe(Math.fround(h[H] * mask[H]));
    });
});
