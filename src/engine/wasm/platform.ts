/**
 * What the WebAssembly engine needs from where it runs, so the engine itself touches neither the
 * DOM nor Node: the compiled kernels module, and threads that share its memory. browserPlatform.ts
 * (the training worker) and nodePlatform.ts (the CLI, tests) provide it.
 */
import type { WasmBuild } from './simdBuild';

export type WasmVariant = 'single' | 'threads';

export interface WasmThread {
  terminate(): void;
}

export interface WasmPlatform {
  /** Which build of the kernels loadModule gives (simdBuild.ts): decided once, when the platform is made. */
  build: WasmBuild;
  /** The kernels compiled for one thread (own memory) or for threads (imported shared memory). */
  loadModule(variant: WasmVariant): Promise<WebAssembly.Module>;
  /** Cores the engine may use: 1 where memory cannot be shared (no cross-origin isolation). */
  maxThreads: number;
  /** Why only one thread, when maxThreads is 1 for a reason other than a single core. */
  singleThreadReason?: string;
  /**
   * Starts helper `index` on `memory`: it instantiates the threads module and runs
   * thread_main(index, gen). Resolves once the instance exists.
   */
  startThread(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    index: number,
    gen: number,
  ): Promise<WasmThread>;
  /** Whether this thread may sleep in Atomics.wait (a worker, Node) or must poll (a page's main thread). */
  canBlock: boolean;
}

/** Threads above this do not pay for their start-up on the batch sizes the playground allows. */
export const MAX_THREADS = 8;
