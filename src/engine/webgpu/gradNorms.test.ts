import { describe, expect, it } from 'vitest';
import { runDispatches, SENTINEL, worstError } from '../../../test/support/engine/dispatch';
import { randomFloats, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import { grad_norm_steps } from '../reference/gradNorms';
import { GpuContext, readFloats } from './gpuContext';
import { gradNormDispatch } from './kernels';

/**
 * One dispatch of grad_norm_steps against one call of its twin, on accumulators that already hold
 * sums (it adds, as over an epoch's steps). Measured: ≤ 1.8e-7 of the accumulator's scale (an f32
 * fma sum over ≤ 300 units against an f64 one). Tolerance 2e-6 (~11x); a dropped square root, a
 * wrong row stride or an overwrite instead of an add moves it by 1e-1 or more.
 */
const TOLERANCE = 2e-6;

describe('grad_norm_steps on WebGPU equals its reference twin', () => {
  // [rows, cols]: one row of one unit; odd sizes; more rows than a workgroup; wide rows.
  const cases: [number, number][] = [
    [1, 1],
    [7, 5],
    [130, 37],
    [24, 300],
  ];
  for (const [rows, cols] of cases)
    it(`rows=${rows} cols=${cols}`, async () => {
      const rng = new Prng(rows * 13 + cols);
      const next = () => rng.next();
      const grad = randomFloats(rows * cols, next, 0.5);
      const acc = Float32Array.from({ length: rows }, () => rng.uniform(0, 3));
      const want = acc.slice();
      grad_norm_steps({ rows, cols }, grad, want);

      const ctx = new GpuContext(await testDevice());
      const accBuffer = ctx.upload('acc', Float32Array.from([...acc, SENTINEL, SENTINEL]));
      await runDispatches(ctx, [gradNormDispatch(ctx, { rows, cols }, ctx.upload('grad', grad), accBuffer)]);
      const got = await readFloats(ctx.device, accBuffer, 0, rows + 2);
      ctx.destroy();
      const { error, at } = worstError(got.subarray(0, rows), want);
      expect(error, `acc[${at}]`).toBeLessThan(TOLERANCE);
      expect(Array.from(got.subarray(rows)), 'the floats after acc untouched').toEqual([SENTINEL, SENTINEL]);
    });
});
