import { describe, expect, it } from 'vitest';
import {
  DROPOUT_CASES,
  DROPOUT_DRAWS,
  dropoutStatistics,
  MAX_DEVIATIONS,
} from '../../../test/support/engine/dropoutStatistics';
import { testDevice } from '../../../test/support/engine/testDevice';
import { dropout_mask, maskParams } from '../reference/dropout';
import { encodeDispatches, GpuContext, readFloats } from './gpuContext';
import { dropoutDispatch, packMaskParams } from './kernels';

interface MaskCase {
  seed: number;
  step: number;
  stream: number;
  rate: number;
  rows: number;
  cols: number;
}

/** One dispatch of the WGSL dropout_mask, read back: mask [rows·cols]. */
async function gpuMask(ctx: GpuContext, c: MaskCase): Promise<Float32Array> {
  const count = c.rows * c.cols;
  const params = ctx.uniform('mask params', packMaskParams(maskParams(c.seed, c.stream, c.rate, count)));
  const step = ctx.uniform('step', new Uint32Array([c.step, 0, 0, 0]));
  const mask = ctx.storage('mask', count);
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, [dropoutDispatch(ctx, params, count, step, mask)]);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  return readFloats(ctx.device, mask, 0, count);
}

describe('dropout_mask on WebGPU', () => {
  it('gives bit-identical masks to the reference for any seed, step, stream and rate', async () => {
    const ctx = new GpuContext(await testDevice());
    const cases = [
      { seed: 0, step: 0, stream: 0, rate: 0.5, rows: 1, cols: 1 },
      { seed: 42, step: 7, stream: 1, rate: 0.3, rows: 5, cols: 37 },
      { seed: 4294967295, step: 123456, stream: 11, rate: 0.9, rows: 32, cols: 64 },
      { seed: 9, step: 3, stream: 2, rate: 0, rows: 4, cols: 3 },
    ];
    for (const c of cases) {
      const got = await gpuMask(ctx, c);
      const want = new Float32Array(c.rows * c.cols);
      dropout_mask(maskParams(c.seed, c.stream, c.rate, c.rows * c.cols), c.step, want);
      expect(Array.from(got), JSON.stringify(c)).toEqual(Array.from(want));
    }
    ctx.destroy();
  });

  // Bit-identical twins can share a mistake: the WGSL is held to the rate on its own as well.
  for (const c of DROPOUT_CASES)
    it(`drops \`rate\` of the ${c.kind} mask and scales the rest by 1/(1 − rate) (rate ${c.rate})`, async () => {
      const ctx = new GpuContext(await testDevice());
      for (const draw of DROPOUT_DRAWS) {
        const stats = dropoutStatistics(await gpuMask(ctx, { ...c, ...draw }), c.rate);
        const what = `${JSON.stringify(draw)}: dropped ${stats.droppedFraction.toFixed(3)}`;
        expect(stats.deviations, what).toBeLessThan(MAX_DEVIATIONS);
        expect(stats.badValues, `${what}: kept values other than 1/(1 − rate)`).toBe(0);
      }
      ctx.destroy();
    });
});
