import { matmulDims } from '../src/engine/reference/matmul';
import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import { KernelPool } from '../src/engine/wasm/kernelPool';
import { WasmKernels } from '../src/engine/wasm/kernels';
import { gemmFlops } from './flops';
import { ROOFLINE_SIZE } from './roofline';
import { timeSteps } from './timing';

/**
 * The WebAssembly engine's roofline: GFLOP/s of its own matmul on a 512×512×512 GEMM (C = A·B) on
 * `threads` threads of the thread that calls it (the engine's worker, wasmWorker.ts), timed by the steps' rule (timing.ts: a second's warm-up, then
 * the median of repetitions of ≥ 250 ms, here 5 of them, each tens of GEMMs); the build the engine
 * itself loads here (browserWasmPlatform chooses it, wasmBuildOfPage names it).
 */
export async function wasmGemmGflops(threads: number, quick: boolean): Promise<number> {
  const size = ROOFLINE_SIZE;
  const pool = await KernelPool.create(browserWasmPlatform(), 3 * 4 * size * size + 4096, threads);
  try {
    const k = new WasmKernels(pool);
    const fill = (n: number) => {
      const view = pool.arena.f32(n);
      for (let i = 0; i < n; i++) view[i] = ((i * 7919) % 1000) / 1000 - 0.5;
      return view;
    };
    const [a, b, c] = [fill(size * size), fill(size * size), pool.arena.f32(size * size)];
    const dims = matmulDims(size, size, size);
    const plan = quick
      ? { warmupMs: 0, repMs: 0, minSteps: 1, measured: 1 }
      : { warmupMs: 1000, repMs: 250, minSteps: 1, measured: 5 };
    const { msPerStep } = await timeSteps(async (count) => {
      for (let i = 0; i < count; i++) k.matmul(dims, a, b, c, null);
    }, plan);
    return gemmFlops(size, size, size) / (msPerStep * 1e6);
  } finally {
    pool.dispose();
  }
}
