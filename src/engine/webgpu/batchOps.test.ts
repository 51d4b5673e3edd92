import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import { gather_batch, mask_rows, sum_rows } from '../reference/batchOps';
import { grad_norm_sq, grad_norm_total } from '../reference/optimizer';
import { randomFloats, relativeError, testDevice } from '../testing/testDevice';
import { type Dispatch, encodeDispatches, GpuContext, readFloats } from './gpuContext';
import {
  gatherDispatch,
  maskRowsDispatch,
  NORM_GROUPS,
  optimizerDispatches,
  sumRowsDispatch,
} from './kernels';

// gather_batch copies and mask_rows does one f32 multiply per element: both must match bit for bit.
// sum_rows keeps four f32 partial sums per column where the twin sums row by row in f32; over
// ≤ 1,000 rows of [−1, 1] that moves the result by ~1e-6 of its scale. grad_norm_total tree-sums
// ≤ 64 positive f32 partials against an f64 sum: ~1e-7. The bounds leave room without hiding a
// wrong index (which would be off by the scale of the data itself).
const SUM_TOLERANCE = 1e-5;
const NORM_TOLERANCE = 1e-6;
/** Fills the floats around an output, so a write outside its range shows. */
const SENTINEL = -7.25;

async function runOne(ctx: GpuContext, d: Dispatch): Promise<void> {
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, [d]);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  await ctx.device.queue.onSubmittedWorkDone();
}

/** `pad` sentinels, the tensor's floats, `pad` sentinels: a buffer for an output at offset pad. */
function padded(floats: number, pad: number, inner?: Float32Array): Float32Array {
  const out = new Float32Array(pad + floats + pad).fill(SENTINEL);
  if (inner) out.set(inner, pad);
  return out;
}

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
      gather_batch(want.x0, want.y0, x, y, idx, T, F, K);

      const ctx = new GpuContext(await testDevice());
      // Outputs at offset 0 (the kernel binds whole buffers), sentinels after them.
      const x0 = ctx.upload('x0', new Float32Array(T * B * F + 8).fill(SENTINEL));
      const y0 = ctx.upload('y0', new Float32Array(B * K + 8).fill(SENTINEL));
      const dims = { batch: B, steps: T, features: F, outputs: K };
      const buffers = [ctx.upload('idx', idx), ctx.upload('x', x), ctx.upload('y', y)] as const;
      await runOne(ctx, gatherDispatch(ctx, dims, ...buffers, x0, y0));
      const gotX0 = await readFloats(ctx.device, x0, 0, T * B * F + 8);
      const gotY0 = await readFloats(ctx.device, y0, 0, B * K + 8);
      ctx.destroy();
      expect(Array.from(gotX0.subarray(0, T * B * F))).toEqual(Array.from(want.x0));
      expect(Array.from(gotY0.subarray(0, B * K))).toEqual(Array.from(want.y0));
      expect(
        gotX0.subarray(T * B * F).every((v) => v === SENTINEL),
        'x0 tail untouched',
      ).toBe(true);
      expect(
        gotY0.subarray(B * K).every((v) => v === SENTINEL),
        'y0 tail untouched',
      ).toBe(true);
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
      const want = mask_rows(new Float32Array(rows * D), src, mask, rows, D, B);

      const ctx = new GpuContext(await testDevice());
      const srcBuf = ctx.upload('src', padded(rows * D, srcOff, src));
      const outBuf = ctx.upload('out', padded(rows * D, outOff));
      const maskBuf = ctx.upload('mask', mask);
      const src0 = { buffer: srcBuf, offset: srcOff };
      const out0 = { buffer: outBuf, offset: outOff };
      await runOne(ctx, maskRowsDispatch(ctx, rows, D, B, src0, maskBuf, out0));
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
      sum_rows(want, src, rows, D);

      const ctx = new GpuContext(await testDevice());
      const srcBuf = ctx.upload('src', padded(rows * D, srcOff, src));
      const outBuf = ctx.upload('out', padded(D, outOff));
      const src0 = { buffer: srcBuf, offset: srcOff };
      await runOne(ctx, sumRowsDispatch(ctx, rows, D, src0, { buffer: outBuf, offset: outOff }));
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

/** The optimizer's buffers for `count` gradient floats, with `groups` partial sums. */
function optimizerBuffers(ctx: GpuContext, grads: Float32Array, groups: number, partials: Float32Array) {
  const count = grads.length;
  const opt = new ArrayBuffer(32); // OptParams: count, groups, lr, l1 = 0, l2 = 0, clipnorm
  new Uint32Array(opt, 0, 2).set([count, groups]);
  new Float32Array(opt, 8, 4).set([0.01, 0, 0, 1]);
  return {
    params: ctx.upload('w', new Float32Array(count).fill(0.5)),
    stepUniform: ctx.uniform('step', new Uint32Array(4)),
    optParams: ctx.uniform('opt', opt),
    grads: ctx.upload('g', grads),
    m: ctx.storage('m', count),
    v: ctx.storage('v', count),
    regularized: ctx.storage('regularized', count),
    partials: ctx.upload('partials', partials),
  };
}

describe('grad_norm_total on WebGPU matches its reference twin', () => {
  // Partial counts: one, odd, and NORM_GROUPS (the engine's); the slots past `groups` hold junk
  // that must not be summed, and the total slot NORM_GROUPS a sentinel to be overwritten.
  for (const groups of [1, 7, NORM_GROUPS])
    it(`sums ${groups} partial(s) into partials[NORM_GROUPS]`, async () => {
      const rng = new Prng(groups);
      const partials = new Float32Array(NORM_GROUPS + 1).fill(1e6);
      for (let i = 0; i < groups; i++) partials[i] = rng.next() * 10 ** rng.uniform(-2, 2);
      partials[NORM_GROUPS] = SENTINEL;
      const want = grad_norm_total(partials, groups);

      const ctx = new GpuContext(await testDevice());
      const b = optimizerBuffers(ctx, new Float32Array(1), groups, partials);
      const [, total] = optimizerDispatches(ctx, 'sgd', 1, true, b);
      await runOne(ctx, total);
      const [got] = await readFloats(ctx.device, b.partials, NORM_GROUPS, 1);
      ctx.destroy();
      expect(Math.abs(got - want) / want).toBeLessThan(NORM_TOLERANCE);
    });

  it('after grad_norm_sq gives the squared norm of the whole gradient, as the step uses it', async () => {
    const rng = new Prng(5);
    // More floats than NORM_GROUPS workgroups of 256 threads cover in one pass, and not a multiple.
    const grads = randomFloats(NORM_GROUPS * 256 * 2 + 37, () => rng.next());
    const want = grad_norm_sq(grads, grads.length);

    const ctx = new GpuContext(await testDevice());
    const b = optimizerBuffers(ctx, grads, NORM_GROUPS, new Float32Array(NORM_GROUPS + 1));
    const [normSq, total] = optimizerDispatches(ctx, 'sgd', grads.length, true, b);
    await runOne(ctx, normSq);
    const partials = await readFloats(ctx.device, b.partials, 0, NORM_GROUPS);
    await runOne(ctx, total);
    const [got] = await readFloats(ctx.device, b.partials, NORM_GROUPS, 1);
    ctx.destroy();
    expect(Math.abs(grad_norm_total(partials, NORM_GROUPS) - want) / want).toBeLessThan(NORM_TOLERANCE);
    expect(Math.abs(got - want) / want).toBeLessThan(NORM_TOLERANCE);
  });
});
