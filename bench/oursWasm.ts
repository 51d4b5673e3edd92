import { initWeights } from '../src/engine/reference/init';
import { matmulDims } from '../src/engine/reference/matmul';
import { createWasmBackend } from '../src/engine/wasm/backend';
import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import { KernelPool } from '../src/engine/wasm/kernelPool';
import { WasmKernels } from '../src/engine/wasm/kernels';
import { modelShape } from '../src/model/params';
import { backendMsPerStep } from './backendStep';
import { type BenchRun, benchConfig, benchDataset } from './configs';
import { gemmFlops } from './flops';
import { WEIGHT_SEED } from './oursCpu';
import { ROOFLINE_SIZE } from './roofline';
import { median, type Repetitions } from './timing';

export interface OursWasm {
  msPerStep: number;
  threads: number;
}

/**
 * Median ms per step of our WebAssembly engine in this page, on the threads the page allows (all
 * cores where it is cross-origin isolated). The page's main thread polls while helpers work, as a
 * page may not block; the training worker of the app sleeps instead, which costs no more.
 */
export async function measureOursWasm(run: BenchRun, reps: Repetitions): Promise<OursWasm> {
  const weights = initWeights(modelShape(run.layers, run.features, run.outputs), WEIGHT_SEED);
  const backend = await createWasmBackend(
    benchConfig(run),
    benchDataset(run),
    weights,
    browserWasmPlatform(),
  );
  try {
    return { msPerStep: await backendMsPerStep(backend, run, reps, 1), threads: backend.info.threads ?? 1 };
  } finally {
    backend.dispose();
  }
}

/**
 * The WebAssembly engine's roofline: GFLOP/s of its own matmul on a 512×512×512 GEMM (C = A·B) on
 * `threads` threads of this page, the median of 5 after a warm-up.
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
    k.matmul(dims, a, b, c, null);
    const times: number[] = [];
    for (let i = 0; i < (quick ? 1 : 5); i++) {
      const start = performance.now();
      k.matmul(dims, a, b, c, null);
      times.push(performance.now() - start);
    }
    return gemmFlops(size, size, size) / (median(times) * 1e6);
  } finally {
    pool.dispose();
  }
}
