import type { Dataset, Split } from '../../data/types';
import type { Config } from '../../model/config';
import { type ModelShape, modelShapeOf, outputWidth, type Weights } from '../../model/params';
import type { Backend, BackendInfo, Evaluation, ProbeInput, Regularization } from '../backend';
import { regularizationOf } from '../backend';
import { fillChunkRows } from '../evaluationChunks';
import { adamCorrections, NORM_GROUPS, OPTIMIZER_WG } from '../optimizerConstants';
import {
  type ParamLayout,
  packWeights,
  paramLayout,
  regularizedMask,
  tensorViews,
  unpackWeights,
} from '../paramLayout';
import {
  checkProbeInput,
  checkProbeWindow,
  type GradNorms,
  meanNorms,
  type ProbeActivations,
  probeActivations,
} from '../probe';
import { type GatherDims, gather_batch } from './batchOps';
import { dropout_mask, dropoutStream, maskParams } from './dropout';
import { NO_PROBE } from './lstmCell';
import { type DropoutMasks, LstmModel } from './model';
import { grad_norm_sq, grad_norm_total, type OptParams, optimizer_update } from './optimizer';
import { allocFloat32, type ModelTensors } from './types';

/** Upper bound on one evaluation chunk's gate buffer (T·rows·4H floats), to keep memory modest. */
const EVAL_GATE_BUDGET = 1 << 22;

export interface ReferenceBackendOptions {
  /** Rows per evaluation chunk (default: as many as a memory budget allows, at most 512). */
  evalChunk?: number;
}

/** The masks of one batch size, filled each step from the shared hash: [layer][direction]. */
interface MaskBuffers {
  input: Float32Array[][];
  recurrent: Float32Array[][];
  output: Float32Array;
}

/**
 * The reference engine behind the Backend seam: the WebGPU engine's step on the CPU, kernel twin
 * by kernel twin. Parameters, gradients and optimizer state live in flat arrays of the same layout
 * as the GPU's buffers (paramLayout), so the update is the optimizer kernels' twins over them.
 * trainStep runs synchronously (the trainer lives in a worker), so losses are ready at once.
 */
export function createReferenceBackend(
  config: Config,
  dataset: Dataset,
  initial: Weights,
  options: ReferenceBackendOptions = {},
): Backend {
  return new ReferenceBackend(config, dataset, initial, options);
}

class ReferenceBackend implements Backend {
  readonly info: BackendInfo = { kind: 'cpu', label: 'CPU (reference)' };
  private readonly shape: ModelShape;
  private readonly layout: ParamLayout;
  /** Every parameter, one flat array; `weights` are its tensors as views. */
  private readonly params: Float32Array;
  private readonly weights: ModelTensors<Float32Array>;
  private readonly regularized: Float32Array;
  /** Optimizer state (momentum's velocity, RMSProp's mean square, Adam's moments) and norm partials. */
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly partials = new Float64Array(NORM_GROUPS + 1);
  private readonly workspaces = new Map<number, { model: LstmModel; masks: MaskBuffers }>();
  private readonly evalRows: number;
  private evalModel: LstmModel | null = null;
  private reg: Regularization;
  private updates = 0;
  private pending: number[] = [];
  private snapshot: Float32Array | null = null;
  /** The inside views: the probed validation window, and training steps whose norms are summed. */
  private probeWindow: number | null = null;
  private normSteps = 0;
  /** A batch of one for on-demand probes (the same per-row arithmetic as any batch). */
  private probeModel: LstmModel | null = null;

  constructor(
    private readonly config: Config,
    private readonly dataset: Dataset,
    initial: Weights,
    options: ReferenceBackendOptions,
  ) {
    this.shape = modelShapeOf(config, dataset.features, dataset.outputs);
    this.layout = paramLayout(this.shape);
    this.params = packWeights(this.layout, initial);
    this.weights = tensorViews(this.layout, this.params, this.shape);
    this.regularized = regularizedMask(this.layout, initial);
    this.m = new Float32Array(this.layout.size);
    this.v = new Float32Array(config.optimizer === 'adam' ? this.layout.size : 0);
    this.reg = regularizationOf(config);
    const widest = Math.max(...config.layers);
    this.evalRows =
      options.evalChunk ??
      Math.max(1, Math.min(512, Math.floor(EVAL_GATE_BUDGET / (dataset.timesteps * 4 * widest))));
  }

  /** gather_batch → forward → loss → backward → update: one step, as the WebGPU graph runs it. */
  trainStep(rows: Uint32Array, step: number): void {
    const B = rows.length;
    const { model, masks } = this.workspace(B);
    gather_batch(this.gatherDims(B), rows, this.dataset.train.x, this.dataset.train.y, model.x0, model.y);
    model.forward(this.weights, this.stepMasks(masks, B, step));
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
    const split: Split = this.dataset[which];
    const K = this.dataset.outputs;
    const outputs = new Float32Array(split.n * K);
    if (split.n === 0) return { loss: Number.NaN, outputs };
    const B = Math.min(this.evalRows, split.n);
    if (!this.evalModel || this.evalModel.B !== B) {
      this.evalModel = new LstmModel(
        this.shape,
        this.dataset.task,
        B,
        this.dataset.timesteps,
        allocFloat32,
        false,
      );
    }
    const model = this.evalModel;
    const idx = new Uint32Array(B);
    const window = which === 'val' ? this.probeWindow : null;
    let probe: ProbeActivations | undefined;
    let lossSum = 0;
    for (let start = 0; start < split.n; start += B) {
      const count = fillChunkRows(idx, start, split.n);
      const probed = window !== null && window >= start && window < start + count;
      model.setProbeRow(probed ? window - start : NO_PROBE);
      gather_batch(this.gatherDims(B), idx, split.x, split.y, model.x0, model.y);
      model.forward(this.weights, null);
      model.loss();
      for (let b = 0; b < count; b++) lossSum += model.rowLoss[b];
      outputs.set(model.outputs.subarray(0, count * K), start * K);
      if (probed) probe = this.activationsOf(model);
    }
    return { loss: lossSum / split.n, outputs, ...(probe ? { probe } : {}) };
  }

  setProbe(window: number | null): void {
    checkProbeWindow(window, this.dataset.val.n);
    const turnedOn = window !== null && this.probeWindow === null;
    this.probeWindow = window;
    for (const { model } of this.workspaces.values()) {
      model.accumulateGradNorms = window !== null;
      if (!turnedOn) continue;
      for (const d of model.normAccumulators().flat()) {
        d.c.fill(0);
        d.h.fill(0);
      }
    }
    if (turnedOn) this.normSteps = 0;
  }

  async takeGradNorms(): Promise<GradNorms | null> {
    if (this.probeWindow === null) return null;
    const steps = this.normSteps;
    this.normSteps = 0;
    // A run trains with one batch size: its workspace holds the sums (none before the first step).
    const model = this.workspaces.values().next().value?.model;
    const acc = model?.normAccumulators();
    const T = this.dataset.timesteps;
    const mean = (l: number, d: number, which: 'c' | 'h') =>
      model && acc ? meanNorms(acc[l][d][which], model.B, steps) : new Float32Array(T);
    const each = (which: 'c' | 'h') =>
      this.shape.layers.map((_, l) => perDirection(this.shape, () => 0).map((_, d) => mean(l, d, which)));
    const norms: GradNorms = { steps, c: this.shape.cell === 'lstm' ? each('c') : null, h: each('h') };
    for (const d of acc?.flat() ?? []) {
      d.c.fill(0);
      d.h.fill(0);
    }
    return norms;
  }

  async probe(input: ProbeInput): Promise<ProbeActivations> {
    const { timesteps: T, features: F } = this.dataset;
    this.probeModel ??= new LstmModel(this.shape, this.dataset.task, 1, T, allocFloat32, false);
    const model = this.probeModel;
    if ('window' in input) {
      checkProbeWindow(input.window, this.dataset.val.n);
      const { val } = this.dataset;
      gather_batch(this.gatherDims(1), Uint32Array.of(input.window), val.x, val.y, model.x0, model.y);
    } else {
      checkProbeInput(input.x, T, F);
      model.x0.set(input.x); // [T, F] is time-major for a batch of one
    }
    model.setProbeRow(0);
    model.forward(this.weights, null);
    return this.activationsOf(model);
  }

  /** The probe the model's last forward wrote, copied out of its reused buffers. */
  private activationsOf(model: LstmModel): ProbeActivations {
    const buffers = model.probeBuffers().map((l) => l.map((b) => b.slice()));
    const { headKernel, headBias } = this.weights;
    const T = this.dataset.timesteps;
    return probeActivations(this.shape, this.dataset.task, T, buffers, headKernel.slice(), headBias.slice());
  }

  setRegularization(r: Regularization): void {
    this.reg = { ...r };
  }

  saveSnapshot(): void {
    this.snapshot = this.params.slice();
  }

  restoreSnapshot(): void {
    if (this.snapshot) this.params.set(this.snapshot);
  }

  async readWeights(): Promise<Weights> {
    return unpackWeights(this.layout, this.params, this.shape);
  }

  dispose(): void {
    this.workspaces.clear();
    this.evalModel = null;
    this.probeModel = null;
    this.snapshot = null;
  }

  /** L1/L2, clipnorm (the norm first, when on), then the optimizer: optimizer.wgsl's sequence. */
  private update(grads: Float32Array): void {
    const { config, layout, params, regularized, partials } = this;
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
      grad_norm_sq(opt, params, grads, regularized, partials);
      grad_norm_total(opt, partials);
    }
    const step = adamCorrections(this.updates);
    optimizer_update(opt, step, config.optimizer, params, grads, this.m, this.v, regularized, partials);
    this.updates++;
  }

  private gatherDims(B: number): GatherDims {
    const { timesteps, features, outputs } = this.dataset;
    return { batch: B, steps: timesteps, features, outputs };
  }

  /** Training workspaces per batch size (a run uses one); masks live beside them. */
  private workspace(B: number) {
    let ws = this.workspaces.get(B);
    if (!ws) {
      const { shape } = this;
      const model = new LstmModel(shape, this.dataset.task, B, this.dataset.timesteps, allocFloat32);
      model.accumulateGradNorms = this.probeWindow !== null;
      ws = {
        model,
        masks: {
          input: shape.layers.map((l) => perDirection(shape, () => new Float32Array(B * l.inputSize))),
          recurrent: shape.layers.map((l) => perDirection(shape, () => new Float32Array(B * l.units))),
          output: new Float32Array(B * outputWidth(shape)),
        },
      };
      this.workspaces.set(B, ws);
    }
    return ws;
  }

  /** Fills the step's masks from the shared hash; a rate of 0 means no mask (null) at all. */
  private stepMasks(masks: MaskBuffers, B: number, step: number): DropoutMasks<Float32Array> {
    const { shape, reg } = this;
    const L = shape.layers.length;
    const pick = (mask: Float32Array, cols: number, stream: number, rate: number) => {
      if (rate <= 0) return null;
      dropout_mask(maskParams(this.config.seed, stream, rate, B * cols), step, mask);
      return mask;
    };
    return {
      input: shape.layers.map((l, i) =>
        masks.input[i].map((m, d) => pick(m, l.inputSize, dropoutStream.input(i, d), reg.dropout)),
      ),
      recurrent: shape.layers.map((l, i) =>
        masks.recurrent[i].map((m, d) =>
          pick(m, l.units, dropoutStream.recurrent(i, d), reg.recurrentDropout),
        ),
      ),
      output: pick(masks.output, outputWidth(shape), dropoutStream.output(L), reg.outputDropout),
    };
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

/** One of `make()` per direction of the shape's layers. */
function perDirection<T>(shape: ModelShape, make: () => T): T[] {
  return Array.from({ length: shape.directions }, make);
}
