import { encodeDispatches, GpuContext } from '../src/engine/webgpu/gpuContext';
import { MATMUL_VARIANTS, type MatmulVariant, matmulDispatch } from '../src/engine/webgpu/matmulKernel';
import { gemmFlops } from './flops';
import { median } from './timing';

/** The GEMM the roofline is measured on: square, big enough to fill the device, as in the notes. */
export const ROOFLINE_SIZE = 512;

export interface GemmRate {
  variant: string;
  gflops: number;
}

/**
 * GFLOP/s of each of our matmul variants on a 512×512×512 GEMM (C = A·B, no transposes), through
 * the engine's own matmul module. A repetition is one dispatch, submitted and waited for
 * (onSubmittedWorkDone): the GEMM takes ~100 ms on SwiftShader, the submit ~0.05 ms.
 */
export async function gemmRates(device: GPUDevice, quick: boolean): Promise<GemmRate[]> {
  const size = ROOFLINE_SIZE;
  const ctx = new GpuContext(device);
  try {
    const fill = new Float32Array(size * size).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const a = { buffer: ctx.upload('roofline A', fill), offset: 0 };
    const b = { buffer: ctx.upload('roofline B', fill), offset: 0 };
    const c = { buffer: ctx.storage('roofline C', size * size), offset: 0 };
    const rates: GemmRate[] = [];
    // matmul_small reads its transposes at run time to serve the tiny head GEMMs with one
    // pipeline; it is never a candidate for a large GEMM, so it is no roofline either.
    for (const variant of MATMUL_VARIANTS.filter((v) => !v.runtimeFlags)) {
      rates.push({ variant: variant.name, gflops: await variantRate(ctx, variant, { a, b, c }, quick) });
    }
    return rates;
  } finally {
    ctx.destroy();
  }
}

async function variantRate(
  ctx: GpuContext,
  variant: MatmulVariant,
  ops: Parameters<typeof matmulDispatch>[3],
  quick: boolean,
): Promise<number> {
  const size = ROOFLINE_SIZE;
  const dispatch = matmulDispatch(
    ctx,
    variant,
    { m: size, n: size, k: size, transA: false, transB: false },
    ops,
  );
  const run = async () => {
    const encoder = ctx.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    encodeDispatches(pass, [dispatch]);
    pass.end();
    ctx.device.queue.submit([encoder.finish()]);
    await ctx.device.queue.onSubmittedWorkDone();
  };
  await run(); // compiles the pipeline and warms the caches
  const times: number[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return gemmFlops(size, size, size) / (median(times) * 1e6);
}
