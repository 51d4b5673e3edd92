import type { WasmBuild } from '../src/engine/contracts/backend';
import { initWeights } from '../src/engine/reference/init';
import { matmulDims } from '../src/engine/reference/matmul';
import { createWasmBackend } from '../src/engine/wasm/backend';
import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import { KernelPool } from '../src/engine/wasm/kernelPool';
import { WasmKernels } from '../src/engine/wasm/kernels';
import { type BackendTimings, backendTimings, type StepPlan } from './backendStep';
import { type BenchRun, benchConfig, benchDataset, benchShape } from './configs';
import { gemmFlops } from './flops';
import { WEIGHT_SEED } from './oursCpu';
import { ROOFLINE_SIZE } from './roofline';
import { timeSteps } from './timing';

/**
 * Our WebAssembly engine in this page, on the threads the page allows (all cores where it is
 * cross-origin isolated; info.threads says how many): time to first step (the module compiled,
 * helpers started, memory planned, one step) and median ms per step. The page's main thread polls
 * while helpers work, as a page may not block; the training worker of the app sleeps instead,
 * which costs no more.
 */
export async function measureOursWasm(run: BenchRun, plan: StepPlan): Promise<BackendTimings> {
  const config = benchConfig(run);
  const weights = initWeights(benchShape(run), WEIGHT_SEED);
  return backendTimings(
    () => createWasmBackend(config, benchDataset(run), weights, browserWasmPlatform()),
    run,
    plan,
  );
}

/** Which build of the kernels this page's engine and GEMM load (the same: one choice per runtime). */
export function wasmBuildOfPage(): WasmBuild {
  return browserWasmPlatform().build;
}

/**
 * The WebAssembly engine's roofline: GFLOP/s of its own matmul on a 512×512×512 GEMM (C = A·B) on
 * `threads` threads of this page, timed by the steps' rule (timing.ts: a second's warm-up, then
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
