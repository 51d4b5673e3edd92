/** What one benchmark run reports: the page builds it, the driver prints it (table or --json). */

export interface MsPerStep {
  oursWebgpu: number | null;
  /** Our reference engine (plain TS). */
  oursCpu: number | null;
  /** Our WebAssembly SIMD engine, on OursWasmResult.threads threads. */
  oursWasm: number | null;
  tfjsWebgpu: number | null;
  tfjsCpu: number | null;
  /** TensorFlow.js's wasm backend, the build BenchResult.tfjsWasmBuild names. */
  tfjsWasm: number | null;
}

/** Our WebAssembly engine on one run: its threads, speed-ups (peer ms / ours) and roofline. */
export interface OursWasmResult {
  threads: number;
  speedup: {
    vsTfjsWasm: number | null;
    vsTfjsCpu: number | null;
    vsTfjsWebgpu: number | null;
    vsOursCpu: number | null;
  };
  /** Matmul FLOPs of one step (bench/flops.ts) / our WebAssembly ms per step. */
  gflops: number | null;
  /** Our WebAssembly matmul at 512³ on the same threads in this run (BenchResult.wasmRooflineGflops). */
  rooflineGflops: number | null;
  rooflineFraction: number | null;
}

export interface ConfigResult {
  name: string;
  /** One line describing the network, for the table. */
  description: string;
  msPerStep: MsPerStep;
  /** tfjs ms / our WebGPU ms: above 1 means ours is faster. */
  speedup: { vsTfjsWebgpu: number | null; vsTfjsCpu: number | null; vsTfjsWasm: number | null };
  /** Our WebAssembly engine (null when it did not run). */
  wasm: OursWasmResult | null;
  /** Matmul FLOPs of one step (bench/flops.ts) / our WebGPU ms per step. */
  gflops: number | null;
  /** The adapter's best GEMM rate in this run: our fastest matmul variant at 512×512×512. */
  rooflineGflops: number | null;
  rooflineFraction: number | null;
  /** Kernel variant the autotuner chose per role (BackendInfo.kernels). */
  kernels: Record<string, string> | null;
  /** Device memory the WebGPU backend holds for this config (BackendInfo.memoryBytes). */
  memoryBytes: number | null;
  /** Why a measurement is missing, if one is. */
  notes: string[];
}

export interface BenchResult {
  adapter: string;
  /** Which TensorFlow.js wasm build ran, e.g. "SIMD, threaded (2 threads)"; null if it did not. */
  tfjsWasmBuild: string | null;
  /** GFLOP/s of our WebAssembly matmul at 512³ on the engine's threads: that engine's roofline. */
  wasmRooflineGflops: number | null;
  configs: ConfigResult[];
}

export interface BenchOptions {
  quick: boolean;
  /** Names of the runs to measure (default: all). */
  runs: string[];
  /** Leave TensorFlow.js out (a quick look at our engine alone). */
  skipTfjs: boolean;
}

/** Messages the page logs with this prefix are progress lines; the driver sends them to stderr. */
export const PROGRESS_PREFIX = '[bench] ';

export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || !(denominator > 0)) return null;
  return numerator / denominator;
}
