import type { Dataset, Split } from '../../data/types';
import type { Config } from '../../model/config';
import { engineShapeOf, type Weights } from '../../model/params';
import type { Backend, BackendInfo } from '../contracts/backend';
import { NORM_GROUPS } from '../contracts/optimizerConstants';
import { paramLayout } from '../contracts/paramLayout';
import { CpuBackend, type CpuStepModel, evalRowsOf, type MaskBuffers, maskBuffers } from '../cpu/backend';
import { gather_batch } from './batchOps';
import { referenceKernels } from './kernels';
import { LstmModel } from './model';
import { allocFloat32 } from './types';

export interface ReferenceBackendOptions {
  /** Rows per evaluation chunk (default: as many as a memory budget allows, at most 512). */
  evalChunk?: number;
}

/**
 * The reference engine behind the Backend seam: the one CPU step (cpu/backend.ts) on the plain-TS
 * twins of the WebGPU kernels, kernel by kernel. Parameters, gradients and optimizer state live in
 * flat arrays of the same layout as the GPU's buffers (paramLayout); models are made as needed.
 */
export function createReferenceBackend(
  config: Config,
  dataset: Dataset,
  initial: Weights,
  options: ReferenceBackendOptions = {},
): Backend {
  return new ReferenceBackend(config, dataset, initial, options);
}

class ReferenceBackend extends CpuBackend {
  readonly info: BackendInfo = { kind: 'cpu', label: 'CPU (reference)' };
  /** Training models per batch size (a run uses one); masks live beside them. */
  private readonly workspaces = new Map<number, { model: CpuStepModel; masks: MaskBuffers }>();
  private evalModel: CpuStepModel | null = null;
  private single: CpuStepModel | null = null;
  private indices = new Uint32Array(0);

  constructor(config: Config, dataset: Dataset, initial: Weights, options: ReferenceBackendOptions) {
    const size = paramLayout(engineShapeOf(config, dataset)).size;
    const params = {
      params: new Float32Array(size),
      m: new Float32Array(size),
      v: new Float32Array(config.optimizer === 'adam' ? size : 0),
      regularized: new Float32Array(size),
      partials: new Float64Array(NORM_GROUPS + 1),
    };
    const evalRows = options.evalChunk ?? evalRowsOf(config, dataset);
    super(config, dataset, initial, referenceKernels, params, evalRows);
  }

  protected trainWorkspace(B: number) {
    let ws = this.workspaces.get(B);
    if (!ws) {
      const model = this.model(B, true);
      model.accumulateGradNorms = this.probing;
      ws = { model, masks: maskBuffers(this.shape, B, allocFloat32) };
      this.workspaces.set(B, ws);
    }
    return ws;
  }

  protected trainModels(): CpuStepModel[] {
    return [...this.workspaces.values()].map((ws) => ws.model);
  }

  protected evaluationModel(B: number): CpuStepModel {
    if (this.evalModel?.B !== B) this.evalModel = this.model(B, false);
    return this.evalModel;
  }

  protected probeModel(): CpuStepModel {
    this.single ??= this.model(1, false);
    return this.single;
  }

  protected split(which: 'train' | 'val'): Split {
    return this.dataset[which];
  }

  protected rowIndices(n: number): Uint32Array {
    if (this.indices.length < n) this.indices = new Uint32Array(n);
    return this.indices.subarray(0, n);
  }

  protected release(): void {
    this.workspaces.clear();
    this.evalModel = null;
    this.single = null;
  }

  private model(B: number, training: boolean): CpuStepModel {
    return new LstmModel(this.shape, this.dataset.task, B, this.dataset.timesteps, allocFloat32, training);
  }
}

/**
 * gather_batch over a split: x0 [T·B, F] (row t·B + b) and y [B, K] from split.x [n, T, F] and
 * split.y [n, K], with B = rows.length.
 */
export function gatherBatch(
  x0: Float32Array,
  y: Float32Array,
  split: Split,
  rows: Uint32Array,
  T: number,
  F: number,
  K: number,
): void {
  gather_batch({ batch: rows.length, steps: T, features: F, outputs: K }, rows, split.x, split.y, x0, y);
}
