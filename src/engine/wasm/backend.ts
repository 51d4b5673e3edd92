import type { Dataset, Split } from '../../data/types';
import type { Config } from '../../model/config';
import type { Weights } from '../../model/params';
import type { Backend, BackendInfo } from '../contracts/backend';
import { CpuBackend, evalRowsOf } from '../cpu/backend';
import { allocate, planBytes, type WasmBuffers, wasmUnsupportedReason } from './buffers';
import { KernelPool } from './kernelPool';
import { WasmKernels } from './kernels';
import { WasmLstmModel } from './model';
import { MAX_THREADS, type WasmPlatform } from './platform';

export interface WasmBackendOptions {
  /** Threads to run on (default: as many as the platform offers, at most MAX_THREADS). */
  threads?: number;
  /** Rows per evaluation chunk (default: as the reference engine). */
  evalChunk?: number;
}

/**
 * The WebAssembly engine behind the Backend seam: the one CPU step (cpu/backend.ts) on SIMD
 * kernels that share the work between threads. Every tensor, the data splits included, lives in
 * one WebAssembly memory, allocated once (buffers.ts).
 */
export async function createWasmBackend(
  config: Config,
  dataset: Dataset,
  initial: Weights,
  platform: WasmPlatform,
  options: WasmBackendOptions = {},
): Promise<Backend> {
  const reason = wasmUnsupportedReason(config, dataset);
  if (reason) throw new Error(reason);
  const evalRows = options.evalChunk ?? evalRowsOf(config, dataset);
  const threads = Math.max(1, Math.min(options.threads ?? platform.maxThreads, MAX_THREADS));
  const bytes = planBytes(config, dataset, evalRows);
  let pool: KernelPool;
  let singleThreadReason = threads === 1 ? platform.singleThreadReason : undefined;
  try {
    pool = await KernelPool.create(platform, bytes, threads);
  } catch (error) {
    // Helpers that cannot start (a worker refused, no shared memory after all) leave one thread.
    if (threads === 1) throw error;
    singleThreadReason = (error as Error).message;
    pool = await KernelPool.create(platform, bytes, 1);
  }
  try {
    const k = new WasmKernels(pool);
    const b = allocate(pool.arena, k, config, dataset, evalRows);
    return new WasmBackend(config, dataset, initial, k, b, evalRows, {
      kind: 'wasm',
      label: 'WebAssembly SIMD',
      threads: pool.threads,
      wasmBuild: platform.build,
      ...(singleThreadReason ? { singleThreadReason } : {}),
    });
  } catch (error) {
    pool.dispose();
    throw error;
  }
}

class WasmBackend extends CpuBackend {
  private evalModel: WasmLstmModel | null = null;

  constructor(
    config: Config,
    dataset: Dataset,
    initial: Weights,
    private readonly wasm: WasmKernels,
    private readonly b: WasmBuffers,
    evalRows: number,
    readonly info: BackendInfo,
  ) {
    super(config, dataset, initial, wasm, b, evalRows);
    for (const which of ['train', 'val'] as const) {
      b.data[which].x.set(dataset[which].x);
      b.data[which].y.set(dataset[which].y);
    }
  }

  protected trainWorkspace(B: number) {
    const model = this.b.train;
    if (B !== model.B) throw new Error(`a step of ${B} rows on a backend built for ${model.B}`);
    return { model, masks: this.b.masks };
  }

  protected trainModels() {
    return [this.b.train];
  }

  /** The evaluation model for chunks of B rows, in the evaluation models' region (B ≤ the planned rows). */
  protected evaluationModel(B: number): WasmLstmModel {
    if (this.evalModel?.B !== B) {
      const arena = this.wasm.pool.arena.from(this.b.evalMark);
      const { shape, dataset } = this;
      this.evalModel = new WasmLstmModel(this.wasm, arena, shape, dataset.task, B, dataset.timesteps, false);
    }
    return this.evalModel;
  }

  protected probeModel(): WasmLstmModel {
    return this.b.probe;
  }

  protected split(which: 'train' | 'val'): Split {
    return this.b.data[which];
  }

  protected rowIndices(n: number): Uint32Array {
    return this.b.rows.subarray(0, n);
  }

  protected release(): void {
    this.wasm.pool.dispose();
  }
}
