import { describe, expect, it } from 'vitest';
import { dropout_mask, maskParams } from '../reference/dropout';
import { testDevice } from '../testing/testDevice';
import { encodeDispatches, GpuContext, readFloats } from './gpuContext';
import { dropoutDispatch, packMaskParams } from './kernels';

describe('dropout_mask on WebGPU', () => {
  it('gives bit-identical masks to the reference for any seed, step, stream and rate', async () => {
    const device = await testDevice();
    const ctx = new GpuContext(device);
    const cases = [
      { seed: 0, step: 0, stream: 0, rate: 0.5, rows: 1, cols: 1 },
      { seed: 42, step: 7, stream: 1, rate: 0.3, rows: 5, cols: 37 },
      { seed: 4294967295, step: 123456, stream: 11, rate: 0.9, rows: 32, cols: 64 },
      { seed: 9, step: 3, stream: 2, rate: 0, rows: 4, cols: 3 },
    ];
    for (const c of cases) {
      const count = c.rows * c.cols;
      const spec = maskParams(c.seed, c.stream, c.rate, count);
      const params = ctx.uniform('mask params', packMaskParams(spec));
      const step = ctx.uniform('step', new Uint32Array([c.step, 0, 0, 0]));
      const mask = ctx.storage('mask', count);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      encodeDispatches(pass, [dropoutDispatch(ctx, params, count, step, mask)]);
      pass.end();
      device.queue.submit([enc.finish()]);
      const got = await readFloats(device, mask, 0, count);
      const want = new Float32Array(count);
      dropout_mask(spec, c.step, want);
      expect(Array.from(got), JSON.stringify(c)).toEqual(Array.from(want));
      if (c.rate > 0 && count > 100) expect(got.some((v) => v === 0)).toBe(true);
    }
    ctx.destroy();
  });
});
