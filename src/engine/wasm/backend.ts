import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import { type ModelShape, outputWidth, type Weights } from '../../model/params';
import type { Backend, BackendInfo, Evaluation, ProbeInput, Regularization } from '../backend';
import { regularizationOf } from '../backend';
import { fillChunkRows } from '../evaluationChunks';
import { adamCorrections, NORM_GROUPS, OPTIMIZER_WG } from '../optimizerConstants';
import { type ParamLayout, packWeights, regularizedMask, tensorViews, unpackWeights } from '../paramLayout';
import {
  checkProbeInput,
  checkProbeWindow,
  type GradNorms,
  meanNorms,
  type ProbeActivations,
  probeActivations,
} from '../probe';
import type { GatherDims } from '../reference/batchOps';
import { dropoutStream, maskParams } from '../reference/dropout';
import { NO_PROBE } from '../reference/lstmCell';
import type { DropoutMasks } from '../reference/model';
import type { OptParams } from '../reference/optimizer';
import type { ModelTensors } from '../reference/types';
import { allocate, evalRowsOf, planBytes, type WasmBuffers, wasmUnsupportedReason } from './buffers';

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
 * The WebAssembly engine behind the Backend seam: the reference engine's step (reference/backend.ts)
 * on SIMD kernels that share the work between threads. Every tensor, the data splits included,
 * lives in one WebAssembly memory, allocated once.
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
    return new WasmBackend(config, dataset, initial, new WasmKernels(pool), evalRows, singleThreadReason);
  } catch (error) {
    pool.dispose();
    throw error;
  }
}

class WasmBackend implements Backend {
  readonly info: BackendInfo;
  private readonly b: WasmBuffers;
  private readonly shape: ModelShape;
  private readonly layout: ParamLayout;
  private readonly weights: ModelTensors<Float32Array>;
  private reg: Regularization;
  private updates = 0;
  private pending: number[] = [];
  private snapshot: Float32Array | null = null;
  private evalModel: WasmLstmModel | null = null;
  /** The inside views: the probed validation window, and training steps whose norms are summed. */
  private probeWindow: number | null = null;
  private normSteps = 0;

  constructor(
    private readonly config: Config,
    private readonly dataset: Dataset,
    initial: Weights,
    private readonly k: WasmKernels,
    private readonly evalRows: number,
    singleThreadReason: string | undefined,
  ) {
    this.b = allocate(k.pool.arena, k, config, dataset, evalRows);
    this.shape = this.b.shape;
    this.layout = this.b.layout;
    for (const which of ['train', 'val'] as const) {
      this.b.data[which].x.set(dataset[which].x);
      this.b.data[which].y.set(dataset[which].y);
    }
    this.b.params.set(packWeights(this.layout, initial));
    this.b.regularized.set(regularizedMask(this.layout, initial));
    this.weights = tensorViews(this.layout, this.b.params, this.shape);
    this.reg = regularizationOf(config);
    this.info = {
      kind: 'wasm',
      label: 'WebAssembly SIMD',
      threads: k.pool.threads,
      ...(singleThreadReason ? { singleThreadReason } : {}),
    };
  }

  /** gather_batch → forward → loss → backward → update: one step, as the reference runs it. */
  trainStep(rows: Uint32Array, step: number): void {
    const { b, k } = this;
    const model = b.train;
    if (rows.length !== model.B)
      throw new Error(`a step of ${rows.length} rows on a backend built for ${model.B}`);
    b.rows.set(rows);
    const idx = b.rows.subarray(0, model.B);
    k.gather_batch(this.gatherDims(model.B), idx, b.data.train.x, b.data.train.y, model.x0, model.y);
    model.forward(this.weights, this.stepMasks(step));
    this.pending.push(model.loss());
    model.backward(this.weights);
    if (model.accumulateGradNorms) this.normSteps++;
    this.update(model.gradsFlat);
  }

  async takeLosses(): Promise<Float32Array> {
    const out = Float32Array.from(this.pending);
    this.pending = [];
    return out;
  }

  async evaluate(which: 'train' | 'val'): Promise<Evaluation> {
    const { b, k } = this;
    const split = b.data[which];
    const K = this.dataset.outputs;
    const outputs = new Float32Array(split.n * K);
    if (split.n === 0) return { loss: Number.NaN, outputs };
    const model = this.evaluationModel(Math.min(this.evalRows, split.n));
    const B = model.B;
    const idx = b.rows.subarray(0, B);
    const window = which === 'val' ? this.probeWindow : null;
    let probe: ProbeActivations | undefined;
    let lossSum = 0;
    for (let start = 0; start < split.n; start += B) {
      const count = fillChunkRows(idx, start, split.n);
      const probed = window !== null && window >= start && window < start + count;
      model.setProbeRow(probed ? window - start : NO_PROBE);
      k.gather_batch(this.gatherDims(B), idx, split.x, split.y, model.x0, model.y);
      model.forward(this.weights, null);
      model.loss();
      for (let r = 0; r < count; r++) lossSum += model.rowLoss[r];
      outputs.set(model.outputs.subarray(0, count * K), start * K);
      if (probed) probe = this.activationsOf(model);
    }
    return { loss: lossSum / split.n, outputs, ...(probe ? { probe } : {}) };
  }

  setProbe(window: number | null): void {
    checkProbeWindow(window, this.dataset.val.n);
    const turnedOn = window !== null && this.probeWindow === null;
    this.probeWindow = window;
    const model = this.b.train;
    model.accumulateGradNorms = window !== null;
    if (!turnedOn) return;
    this.zeroNorms();
    this.normSteps = 0;
  }

  async takeGradNorms(): Promise<GradNorms | null> {
    if (this.probeWindow === null) return null;
    const steps = this.normSteps;
    this.normSteps = 0;
    const model = this.b.train;
    const acc = model.normAccumulators();
    // [layer][direction] → [T]: the mean over the batch rows and the steps summed.
    const each = (which: 'c' | 'h') => acc.map((l) => l.map((d) => meanNorms(d[which], model.B, steps)));
    const norms: GradNorms = { steps, c: this.shape.cell === 'lstm' ? each('c') : null, h: each('h') };
    this.zeroNorms();
    return norms;
  }

  async probe(input: ProbeInput): Promise<ProbeActivations> {
    const { timesteps: T, features: F } = this.dataset;
    const { b, k } = this;
    const model = b.probe;
    if ('window' in input) {
      checkProbeWindow(input.window, this.dataset.val.n);
      const idx = b.rows.subarray(0, 1);
      idx[0] = input.window;
      k.gather_batch(this.gatherDims(1), idx, b.data.val.x, b.data.val.y, model.x0, model.y);
    } else {
      checkProbeInput(input.x, T, F);
      model.x0.set(input.x); // [T, F] is time-major for a batch of one
    }
    model.setProbeRow(0);
    model.forward(this.weights, null);
    return this.activationsOf(model);
  }

  /** The probe the model's last forward wrote, copied out of the engine's memory. */
  private activationsOf(model: WasmLstmModel): ProbeActivations {
    const buffers = model.probeBuffers().map((l) => l.map((p) => p.slice()));
    const { headKernel, headBias } = this.weights;
    const T = this.dataset.timesteps;
    return probeActivations(this.shape, this.dataset.task, T, buffers, headKernel.slice(), headBias.slice());
  }

  private zeroNorms(): void {
    for (const d of this.b.train.normAccumulators().flat()) {
      d.c.fill(0);
      d.h.fill(0);
    }
  }

  setRegularization(r: Regularization): void {
    this.reg = { ...r };
  }

  saveSnapshot(): void {
    this.snapshot = this.b.params.slice();
  }

  restoreSnapshot(): void {
    if (this.snapshot) this.b.params.set(this.snapshot);
  }

  async readWeights(): Promise<Weights> {
    return unpackWeights(this.layout, this.b.params, this.shape);
  }

  dispose(): void {
    this.snapshot = null;
    this.k.pool.dispose();
  }

  /** The evaluation model for chunks of B rows, in the evaluation models' region (B ≤ the planned rows). */
  private evaluationModel(B: number): WasmLstmModel {
    if (this.evalModel?.B !== B) {
      const arena = this.k.pool.arena.from(this.b.evalMark);
      this.evalModel = new WasmLstmModel(
        this.k,
        arena,
        this.shape,
        this.dataset.task,
        B,
        this.dataset.timesteps,
        false,
      );
    }
    return this.evalModel;
  }

  /** L1/L2, clipnorm (the norm first, when on), then the optimizer: the reference's sequence. */
  private update(grads: Float32Array): void {
    const { config, layout, k, b } = this;
    const opt: OptParams = {
      count: layout.size,
      groups: NORM_GROUPS,
      wg: OPTIMIZER_WG,
      lr: config.learningRate,
      l1: this.reg.l1,
      l2: this.reg.l2,
      clipnorm: config.clipnorm,
    };
    if (config.clipnorm > 0) {
      k.grad_norm_sq(opt, b.params, grads, b.regularized, b.partials);
      k.grad_norm_total(opt, b.partials);
    }
    const step = adamCorrections(this.updates);
    k.optimizer_update(opt, step, config.optimizer, b.params, grads, b.m, b.v, b.regularized, b.partials);
    this.updates++;
  }

  private gatherDims(B: number): GatherDims {
    const { timesteps, features, outputs } = this.dataset;
    return { batch: B, steps: timesteps, features, outputs };
  }

  /** Fills the step's masks from the shared hash; a rate of 0 means no mask (null) at all. */
  private stepMasks(step: number): DropoutMasks<Float32Array> {
    const { shape, reg, b, k } = this;
    const B = b.train.B;
    const L = shape.layers.length;
    const pick = (mask: Float32Array, cols: number, stream: number, rate: number) => {
      if (rate <= 0) return null;
      k.dropout_mask(maskParams(this.config.seed, stream, rate, B * cols), step, mask);
      return mask;
    };
    return {
      input: shape.layers.map((l, i) =>
        b.masks.input[i].map((m, d) => pick(m, l.inputSize, dropoutStream.input(i, d), reg.dropout)),
      ),
      recurrent: shape.layers.map((l, i) =>
        b.masks.recurrent[i].map((m, d) =>
          pick(m, l.units, dropoutStream.recurrent(i, d), reg.recurrentDropout),
        ),
      ),
      output: pick(b.masks.output, outputWidth(shape), dropoutStream.output(L), reg.outputDropout),
    };
  }
}
