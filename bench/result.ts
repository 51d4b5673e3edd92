import type { WasmBuild } from '../src/engine/contracts/backend';
import type { StepPlan } from './timing';
/** What a benchmark reports: the page builds one repeat's result, the driver merges the repeats. */

/** One figure per engine (ms per training step, or ms to the first step). */
export interface PerEngine {
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

/** Our WebAssembly engine's speed-ups: the peer's ms over ours (above 1: ours is faster). */
export interface WasmSpeedup {
  vsTfjsWasm: number | null;
  vsTfjsCpu: number | null;
  vsTfjsWebgpu: number | null;
  vsOursCpu: number | null;
}

/** Our WebAssembly engine on one run: its threads, speed-ups (per repeat, then the median) and roofline. */
export interface OursWasmResult {
  threads: number;
  speedup: WasmSpeedup;
  /** Matmul FLOPs of one step (bench/flops.ts) / our WebAssembly ms per step. */
  gflops: number | null;
  /** Our WebAssembly matmul at 512³ on the same threads in this run (BenchResult.wasmRooflineGflops). */
  rooflineGflops: number | null;
  rooflineFraction: number | null;
}
export type MsPerStep = PerEngine;
export type EngineName = keyof PerEngine;

/** A record with one entry per engine, each from `f`. */
export function perEngine<T>(f: (engine: EngineName) => T): Record<EngineName, T> {
  return {
    oursWebgpu: f('oursWebgpu'),
    oursCpu: f('oursCpu'),
    oursWasm: f('oursWasm'),
    tfjsWebgpu: f('tfjsWebgpu'),
    tfjsCpu: f('tfjsCpu'),
    tfjsWasm: f('tfjsWasm'),
  };
}

export interface Speedup {
  vsTfjsWebgpu: number | null;
  vsTfjsCpu: number | null;
  vsTfjsWasm: number | null;
}

/** The smallest and largest value of a figure over the repeats (null where a repeat lacks it). */
export interface Range {
  min: number;
  max: number;
}

export interface ConfigResult {
  name: string;
  /** One line describing the network, for the table. */
  description: string;
  /** Median ms per training step (over the repeats' medians when merged). */
  msPerStep: MsPerStep;
  /**
   * Time to the first step, ms: what a student waits after pressing Train. Ours: device (in the
   * page's first run only), backend creation with autotuning and pipeline compilation, one step,
   * its loss read back. TF.js: tf.setBackend, model build and compile, the first trainOnBatch.
   */
  firstStepMs: PerEngine;
  /** Steps in each timed repetition, per engine, as the plan's rule chose them (the first repeat's when merged). */
  stepsPerRep?: PerEngine;
  /** tfjs ms / our WebGPU ms: above 1 means ours is faster (per repeat, then the median). */
  speedup: Speedup;
  /** Our WebAssembly engine (null when it did not run): its threads, speed-ups and roofline. */
  wasm: OursWasmResult | null;
  /** Matmul FLOPs of one step (bench/flops.ts) / our WebGPU ms per step. */
  gflops: number | null;
  /**
   * Our best GEMM on this adapter: the fastest of our own matmul variants at 512×512×512 in the
   * same run. Not the hardware's peak.
   */
  rooflineGflops: number | null;
  rooflineFraction: number | null;
  /** Kernel variant the autotuner chose per role (BackendInfo.kernels). */
  kernels: Record<string, string> | null;
  /** Device memory the WebGPU backend holds for this config (BackendInfo.memoryBytes). */
  memoryBytes: number | null;
  /** Compute dispatches in one of our WebGPU training steps (BackendInfo.dispatchesPerStep). */
  dispatchesPerStep: number | null;
  /**
   * Runs with attention (lossCheck.ts): our reference engine's loss of batch 0 on the check's
   * weights, and |TF.js's − ours| / ours on each TF.js backend (the worst over the repeats when
   * merged); absent for the other runs.
   */
  lossCheck?: LossCheck;
  /** Why a measurement is missing, if one is. */
  notes: string[];
  /** Over the repeats (merged results only): min and max of each figure above. */
  ranges?: {
    msPerStep: Record<EngineName, Range | null>;
    firstStepMs: Record<EngineName, Range | null>;
    speedup: Record<keyof Speedup, Range | null>;
    gflops: Range | null;
    rooflineFraction: Range | null;
    wasm?: { speedup: Record<keyof WasmSpeedup, Range | null>; gflops: Range | null };
  };
}

/** Is TF.js's model ours: relative loss differences on the same weights and batch (lossCheck.ts). */
export interface LossCheck {
  ours: number;
  relativeError: { tfjsWebgpu: number | null; tfjsCpu: number | null; tfjsWasm: number | null };
}

/** A target of issue #5 or #13 and in how many repeats it held. */
export interface TargetResult {
  target: string;
  heldIn: number;
  /** Repeats that measured what the target needs. */
  of: number;
}

export interface BenchResult {
  adapter: string;
  /** Which TensorFlow.js wasm build ran, e.g. "SIMD, threaded (2 threads)"; null if it did not. */
  tfjsWasmBuild: string | null;
  /** GFLOP/s of our WebAssembly matmul at 512³ on the engine's threads: that engine's roofline. */
  wasmRooflineGflops: number | null;
  /**
   * Which build of our WebAssembly kernels ran, the engine's steps and its GEMM alike (the page's
   * platform chooses once, src/engine/wasm/simdBuild.ts): relaxed SIMD or plain; absent if none.
   */
  wasmBuild?: WasmBuild;
  configs: ConfigResult[];
  /** Repeats merged into this result (1 for one page's run). */
  repeats?: number;
  /** How every engine was timed (timing.ts). */
  plan?: StepPlan;
  /** Older results: training steps in each timed repetition, the same for every engine. */
  stepsPerRepetition?: number;
  targets?: TargetResult[];
  /** Each repeat's own result, in order (merged results only). */
  perRepeat?: BenchResult[];
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
