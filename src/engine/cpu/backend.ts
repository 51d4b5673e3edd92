import type { Dataset, Split } from '../../data/types';
import type { Config } from '../../model/config';
import {
  allocWeights,
  engineShapeOf,
  type ModelShape,
  outputWidth,
  sameShape,
  type Weights,
} from '../../model/params';
import type { Backend, BackendInfo, Evaluation, ProbeInput, Regularization } from '../contracts/backend';
import { regularizationOf } from '../contracts/backend';
import { CELLS } from '../contracts/cells';
import { type GatherDims, NO_PROBE, type OptParams } from '../contracts/dims';
import { fillChunkRows } from '../contracts/evaluationChunks';
import { adamCorrections, NORM_GROUPS, OPTIMIZER_WG } from '../contracts/optimizerConstants';
import {
  type ParamLayout,
  packWeights,
  paramLayout,
  regularizedMask,
  tensorViews,
  unpackWeights,
} from '../contracts/paramLayout';
import {
  checkProbeInput,
  checkProbeWindow,
  type GradNorms,
  meanNorms,
  type ProbeActivations,
  probeActivations,
} from '../contracts/probe';
import type { Floats, ModelTensors } from '../contracts/tensors';
import { dropoutStream, maskParams } from '../reference/dropout';
import type { CpuKernels } from './kernels';
import type { CpuModel, DropoutMasks } from './model';

/**
 * The Backend seam of both CPU engines, written once: the step (gather_batch → forward → loss →
 * backward → update, as the WebGPU graph runs it), evaluation in chunks, the inside views (probe,
 * gradient norms), dropout masks from the shared hash, the optimizer's sequence. An engine gives
 * its kernels (cpu/kernels.ts), where its parameters and optimizer state live, and its models;
 * trainStep runs synchronously (the trainer lives in a worker), so losses are ready at once.
 */

/** Upper bound on one evaluation chunk's gate buffer (T·rows·4H floats), to keep memory modest. */
const EVAL_GATE_BUDGET = 1 << 22;

/** Rows of one evaluation chunk: as many as the budget allows, at most 512. */
export function evalRowsOf(config: Config, dataset: Dataset): number {
  const widest = Math.max(...config.layers);
  return Math.max(1, Math.min(512, Math.floor(EVAL_GATE_BUDGET / (dataset.timesteps * 4 * widest))));
}

/** The dropout masks of one batch size, filled each step from the shared hash: [layer][direction]. */
export interface MaskBuffers {
  input: Float32Array[][];
  recurrent: Float32Array[][];
  output: Float32Array;
}

/** Mask buffers for batches of B rows, made by `floats` in this order. */
export function maskBuffers(shape: ModelShape, B: number, floats: (n: number) => Float32Array): MaskBuffers {
  const perDirection = (n: number) => Array.from({ length: shape.directions }, () => floats(n));
  return {
    input: shape.layers.map((l) => perDirection(B * l.inputSize)),
    recurrent: shape.layers.map((l) => perDirection(B * l.units)),
    output: floats(B * outputWidth(shape)),
  };
}

/** Parameters, the L1/L2 mask and optimizer state, flat in paramLayout's order, where the kernels read them. */
export interface CpuParams {
  params: Float32Array;
  /** Momentum's velocity, RMSProp's mean square or Adam's first moment; Adam's second moment. */
  m: Float32Array;
  v: Float32Array;
  regularized: Float32Array;
  /** The global norm's partial sums and total (clipnorm). */
  partials: Float64Array;
}

export type CpuStepModel = CpuModel<Float32Array, Floats>;

export abstract class CpuBackend implements Backend {
  abstract readonly info: BackendInfo;
  protected readonly shape: ModelShape;
  protected readonly layout: ParamLayout;
  /** The parameters' tensors, as views of p.params. */
  private readonly weights: ModelTensors<Float32Array>;
  private reg: Regularization;
  private updates = 0;
  private pending: number[] = [];
  private snapshot: Float32Array | null = null;
  /** The inside views: the probed validation window, and training steps whose norms are summed. */
  private probeWindow: number | null = null;
  private normSteps = 0;

  constructor(
    protected readonly config: Config,
    protected readonly dataset: Dataset,
    initial: Weights,
    private readonly k: CpuKernels<Float32Array, Floats>,
    private readonly p: CpuParams,
    protected readonly evalRows: number,
  ) {
    this.shape = engineShapeOf(config, dataset);
    // Weights of another model would land at the wrong offsets: refuse them by name.
    if (!sameShape(initial, allocWeights(this.shape)))
      throw new Error('the starting weights do not fit this model (its layers or sizes differ)');
    this.layout = paramLayout(this.shape);
    p.params.set(packWeights(this.layout, initial));
    p.regularized.set(regularizedMask(this.layout, initial));
    this.weights = tensorViews(this.layout, p.params, this.shape);
    this.reg = regularizationOf(config);
  }

  /** Whether the inside views are open: training steps then sum their gradient norms. */
  protected get probing(): boolean {
    return this.probeWindow !== null;
  }

  /** The training model for steps of B rows, and its masks. */
  protected abstract trainWorkspace(B: number): { model: CpuStepModel; masks: MaskBuffers };
  /** The training models made so far (a run uses one batch size: one model). */
  protected abstract trainModels(): CpuStepModel[];
  /** A model for evaluation chunks of B rows (B ≤ evalRows). */
  protected abstract evaluationModel(B: number): CpuStepModel;
  /** A batch of one for on-demand probes (the same per-row arithmetic as any batch). */
  protected abstract probeModel(): CpuStepModel;
  /** A split's x [n, T, F] and y [n, K] where the kernels read them. */
  protected abstract split(which: 'train' | 'val'): Split;
  /** A buffer of n row indices the kernels read (gather_batch's idx). */
  protected abstract rowIndices(n: number): Uint32Array;
  /** Lets go of the engine's memory. */
  protected abstract release(): void;

  /** gather_batch → forward → loss → backward → update: one step, as the WebGPU graph runs it. */
  trainStep(rows: Uint32Array, step: number): void {
    const B = rows.length;
    const { model, masks } = this.trainWorkspace(B);
    const idx = this.rowIndices(B);
    idx.set(rows);
    const train = this.split('train');
    this.k.gather_batch(this.gatherDims(B), idx, train.x, train.y, model.x0, model.y);
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
    const split = this.split(which);
    const K = this.dataset.outputs;
    const outputs = new Float32Array(split.n * K);
    if (split.n === 0) return { loss: Number.NaN, outputs };
    const model = this.evaluationModel(Math.min(this.evalRows, split.n));
    const B = model.B;
    const idx = this.rowIndices(B);
    const window = which === 'val' ? this.probeWindow : null;
    let probe: ProbeActivations | undefined;
    let lossSum = 0;
    for (let start = 0; start < split.n; start += B) {
      const count = fillChunkRows(idx, start, split.n);
      const probed = window !== null && window >= start && window < start + count;
      model.setProbeRow(probed ? window - start : NO_PROBE);
      this.k.gather_batch(this.gatherDims(B), idx, split.x, split.y, model.x0, model.y);
      model.forward(this.weights, null);
      model.loss();
      for (let b = 0; b < count; b++) lossSum += model.windowLoss(b);
      // An encoder–decoder's loss is teacher-forced, as in training; its outputs are greedy decoding's.
      if (this.shape.decoder) model.greedyDecode(this.weights);
      model.copyOutputs(count, outputs, start);
      if (probed) probe = this.activationsOf(model);
    }
    return { loss: lossSum / split.n, outputs, ...(probe ? { probe } : {}) };
  }

  setProbe(window: number | null): void {
    checkProbeWindow(window, this.dataset.val.n);
    const turnedOn = window !== null && this.probeWindow === null;
    this.probeWindow = window;
    for (const model of this.trainModels()) {
      model.accumulateGradNorms = window !== null;
      if (turnedOn) zeroNorms(model);
    }
    if (turnedOn) this.normSteps = 0;
  }

  async takeGradNorms(): Promise<GradNorms | null> {
    if (this.probeWindow === null) return null;
    const steps = this.normSteps;
    this.normSteps = 0;
    // A run trains with one batch size: its model holds the sums (none before the first step).
    const model = this.trainModels()[0];
    const acc = model?.normAccumulators();
    const { shape } = this;
    const T = this.dataset.timesteps;
    const mean = (l: number, d: number, which: 'c' | 'h') =>
      model && acc ? meanNorms(acc[l][d][which], model.B, steps) : new Float32Array(T);
    const each = (which: 'c' | 'h') =>
      shape.layers.map((_, l) => Array.from({ length: shape.directions }, (_, d) => mean(l, d, which)));
    const norms: GradNorms = { steps, c: CELLS[shape.cell].cellState ? each('c') : null, h: each('h') };
    if (model) zeroNorms(model);
    return norms;
  }

  async probe(input: ProbeInput): Promise<ProbeActivations> {
    const { timesteps: T, features: F } = this.dataset;
    const model = this.probeModel();
    if ('window' in input) {
      checkProbeWindow(input.window, this.dataset.val.n);
      const idx = this.rowIndices(1);
      idx[0] = input.window;
      const val = this.split('val');
      this.k.gather_batch(this.gatherDims(1), idx, val.x, val.y, model.x0, model.y);
    } else {
      checkProbeInput(input.x, T, F);
      model.x0.set(input.x); // [T, F] is time-major for a batch of one
    }
    model.setProbeRow(0);
    model.forward(this.weights, null);
    if (this.shape.decoder) model.greedyDecode(this.weights);
    return this.activationsOf(model);
  }

  setRegularization(r: Regularization): void {
    this.reg = { ...r };
  }

  saveSnapshot(): void {
    this.snapshot = this.p.params.slice();
  }

  restoreSnapshot(): void {
    if (this.snapshot) this.p.params.set(this.snapshot);
  }

  async readWeights(): Promise<Weights> {
    return unpackWeights(this.layout, this.p.params, this.shape);
  }

  dispose(): void {
    this.snapshot = null;
    this.release();
  }

  /** The probe the model's last forward wrote, copied out of its reused buffers. */
  private activationsOf(model: CpuStepModel): ProbeActivations {
    const buffers = model.probeBuffers().map((l) => l.map((b) => b.slice()));
    const { headKernel, headBias } = this.weights;
    const T = this.dataset.timesteps;
    const attention = model.attentionProbe();
    const { task } = this.dataset;
    const translation = model.translationProbe();
    return probeActivations(
      this.shape,
      task,
      T,
      buffers,
      headKernel.slice(),
      headBias.slice(),
      attention,
      translation,
    );
  }

  /** L1/L2, clipnorm (the norm first, when on), then the optimizer: optimizer.wgsl's sequence. */
  private update(grads: Float32Array): void {
    const { config, layout, k, p } = this;
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
      k.grad_norm_sq(opt, p.params, grads, p.regularized, p.partials);
      k.grad_norm_total(opt, p.partials);
    }
    const step = adamCorrections(this.updates);
    k.optimizer_update(opt, step, config.optimizer, p.params, grads, p.m, p.v, p.regularized, p.partials);
    this.updates++;
  }

  private gatherDims(B: number): GatherDims {
    const { timesteps, features, outputs } = this.dataset;
    return { batch: B, steps: timesteps, features, outputs };
  }

  /** Fills the step's masks from the shared hash; a rate of 0 means no mask (null) at all. */
  private stepMasks(masks: MaskBuffers, B: number, step: number): DropoutMasks<Float32Array> {
    const { shape, reg } = this;
    const L = shape.layers.length;
    const pick = (mask: Float32Array, cols: number, stream: number, rate: number) => {
      if (rate <= 0) return null;
      this.k.dropout_mask(maskParams(this.config.seed, stream, rate, B * cols), step, mask);
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

function zeroNorms(model: CpuStepModel): void {
  for (const d of model.normAccumulators().flat()) {
    d.c.fill(0);
    d.h.fill(0);
  }
}
