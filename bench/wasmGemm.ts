import { matmulDims } from '../src/engine/reference/matmul';
import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import { KernelPool } from '../src/engine/wasm/kernelPool';
import { WasmKernels } from '../src/engine/wasm/kernels';
import type { WasmPlatform } from '../src/engine/wasm/platform';
import { gemmFlops } from './flops';
import { ROOFLINE_SIZE } from './roofline';
import { elapsedMs } from './timing';

/**
 * The WebAssembly engine's roofline: its own matmul on a 512×512×512 GEMM (C = A·B) on `threads`
 * threads of the thread that holds it (the engine's worker, wasmWorker.ts), in the build the
 * engine loads there (browserWasmPlatform chooses it). Held open beside the engine, so the bench
 * can time a repetition of GEMMs right after each repetition of steps (oursWasm.ts).
 */
export class WasmGemm {
  /** GEMMs in each timed repetition, set by warmUp from its fastest call's pace. */
  perRep = 1;

  private constructor(
    private readonly pool: KernelPool,
    private readonly run: () => void,
  ) {}

  /** On the page's platform by default; the Node timing script (wasmStepTiming.ts) passes Node's. */
  static async open(threads: number, platform: WasmPlatform = browserWasmPlatform()): Promise<WasmGemm> {
    const size = ROOFLINE_SIZE;
    const pool = await KernelPool.create(platform, 3 * 4 * size * size + 4096, threads);
    const k = new WasmKernels(pool);
    const fill = (n: number) => {
      const view = pool.arena.f32(n);
      for (let i = 0; i < n; i++) view[i] = ((i * 7919) % 1000) / 1000 - 0.5;
      return view;
    };
    const [a, b, c] = [fill(size * size), fill(size * size), pool.arena.f32(size * size)];
    const dims = matmulDims(size, size, size);
    return new WasmGemm(pool, () => k.matmul(dims, a, b, c, null));
  }

  /** GEMMs for at least `warmupMs`, then as many per repetition as last `repMs` at the fastest pace. */
  async warmUp(warmupMs: number, repMs: number): Promise<void> {
    let spent = 0;
    let fastest = Number.POSITIVE_INFINITY;
    do {
      const took = await elapsedMs(async () => this.run());
      fastest = Math.min(fastest, took);
      spent += took;
    } while (spent < warmupMs);
    this.perRep = Math.max(1, Math.ceil(repMs / fastest));
  }

  /** One timed repetition: GFLOP/s over `perRep` GEMMs. */
  async rep(): Promise<number> {
    const ms = await elapsedMs(async () => {
      for (let i = 0; i < this.perRep; i++) this.run();
    });
    return (gemmFlops(ROOFLINE_SIZE, ROOFLINE_SIZE, ROOFLINE_SIZE) * this.perRep) / (ms * 1e6);
  }

  dispose(): void {
    this.pool.dispose();
  }
}
