import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import type { Weights } from '../../model/params';
import type { GradNorms, ProbeActivations } from './probe';

/**
 * The seam between the trainer (epochs, batches, metrics, early stopping) and an engine that runs
 * the math: the reference engine on the CPU, the WebAssembly SIMD engine on the CPU's cores, or the
 * WebGPU engine. The trainer never knows which.
 */

/** The knobs a user may change mid-run; they apply from the next step. */
export interface Regularization {
  dropout: number;
  recurrentDropout: number;
  outputDropout: number;
  l1: number;
  l2: number;
}

export function regularizationOf(config: Config): Regularization {
  const { dropout, recurrentDropout, outputDropout, l1, l2 } = config;
  return { dropout, recurrentDropout, outputDropout, l1, l2 };
}

/** Rows of one training step: the config's batch size, at most the training split's rows. */
export function stepBatchSize(config: Config, dataset: Dataset): number {
  return Math.max(1, Math.min(config.batchSize, dataset.train.n));
}

export interface Evaluation {
  /** Mean data loss (MSE or categorical cross-entropy), without the L1/L2 penalty. */
  loss: number;
  /** [n, outputs]: class probabilities (classification) or predictions (regression, scaled). */
  outputs: Float32Array;
  /** The probed validation window's insides (setProbe), from this same pass. */
  probe?: ProbeActivations;
}

/** What a probe reads: a window of the validation split, or one's own input x [T, F]. */
export type ProbeInput = { window: number } | { x: Float32Array };

/**
 * The WebAssembly kernels' build (src/engine/wasm/simdBuild.ts): 'relaxed' fuses multiply-adds with
 * relaxed SIMD, 'plain' is SIMD alone (runtimes without relaxed SIMD).
 */
export type WasmBuild = 'relaxed' | 'plain';

export interface BackendInfo {
  /** cpu: the reference engine (plain TS); wasm: the WebAssembly SIMD engine; webgpu. */
  kind: 'cpu' | 'wasm' | 'webgpu';
  /** What the UI's badge shows: the adapter's name, "WebAssembly SIMD", or "CPU (reference)". */
  label: string;
  /** Threads the WebAssembly engine runs on (1 where the page cannot share memory). */
  threads?: number;
  /** Why the WebAssembly engine runs on one thread though the machine has more cores. */
  singleThreadReason?: string;
  /** Which build of the WebAssembly kernels runs (the badge's tooltip says it). */
  wasmBuild?: WasmBuild;
  /** Kernel variant chosen for each role (WebGPU autotuning), e.g. { projection: 'matmul_8x8' }. */
  kernels?: Record<string, string>;
  /** Bytes of device memory this config holds (WebGPU). */
  memoryBytes?: number;
  /** Compute dispatches in one training step (WebGPU). */
  dispatchesPerStep?: number;
}

export interface Backend {
  readonly info: BackendInfo;
  /**
   * Enqueues one training step on these rows of the training split (length = the step's batch
   * size, fixed for a run). `step` is the global step number from 0; it seeds the dropout masks.
   * Forward, loss, backward, L1/L2, clipnorm and the optimizer update: the loss is not waited for.
   */
  trainStep(rows: Uint32Array, step: number): void;
  /** The mean data loss of every step enqueued since the last call, in order. */
  takeLosses(): Promise<Float32Array>;
  /** Forward-only pass without dropout over a whole split. */
  evaluate(split: 'train' | 'val'): Promise<Evaluation>;
  setRegularization(r: Regularization): void;
  /** Keeps a copy of the current weights on the backend (early stopping's best weights). */
  saveSnapshot(): void;
  /** Puts the snapshot's weights back (optimizer state is kept as it is). */
  restoreSnapshot(): void;
  readWeights(): Promise<Weights>;
  dispose(): void;
  /**
   * The inside views (engine/contracts/probe.ts): the validation window evaluate('val') probes from then on,
   * or null (the default) for none. While a window is set, every training step also sums its
   * gradient norms through time. A window outside the validation split is a RangeError.
   */
  setProbe?(window: number | null): void;
  /** The means of the gradient norms summed since the last call (the sums restart); null while off. */
  takeGradNorms?(): Promise<GradNorms | null>;
  /** On demand (paused, after a run, one's own sentence): the probe of the current weights. */
  probe?(input: ProbeInput): Promise<ProbeActivations>;
}

/** A GPU device that went away mid-run; the trainer goes on with the reference engine. */
export class DeviceLostError extends Error {
  constructor(reason: string) {
    super(`GPU device lost: ${reason}`);
    this.name = 'DeviceLostError';
  }
}
