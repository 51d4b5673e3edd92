import type { Dataset, Split } from '../../data/types';
import type { Config } from '../../model/config';
import { cloneWeights, isRegularized, modelShapeOf, type Weights, weightTensors } from '../../model/params';
import type { Backend, Evaluation, Regularization } from '../backend';
import { regularizationOf } from '../backend';
import { gather_batch } from './batchOps';
import { dropout_mask, dropoutStream } from './dropout';
import { type DropoutMasks, LstmModel } from './model';
import {
  apply_regularization,
  clip_scale,
  grad_norm_sq,
  grad_norm_total,
  optimizer_update,
} from './optimizer';
import { allocFloat32 } from './types';

/** Upper bound on one evaluation chunk's gate buffer (T·rows·4H floats), to keep memory modest. */
const EVAL_GATE_BUDGET = 1 << 22;

export interface ReferenceBackendOptions {
  /** Rows per evaluation chunk (default: as many as a memory budget allows, at most 512). */
  evalChunk?: number;
}

/**
 * The reference engine behind the Backend seam: the same step as the WebGPU engine, on the CPU.
 * trainStep runs synchronously (the trainer lives in a worker), so losses are ready at once.
 */
export function createReferenceBackend(
  config: Config,
  dataset: Dataset,
  initial: Weights,
  options: ReferenceBackendOptions = {},
): Backend {
  const shape = modelShapeOf(config, dataset.features, dataset.outputs);
  const { task, timesteps: T, features: F, outputs: K } = dataset;
  const weights = cloneWeights(initial);
  const params = weightTensors(weights);
  const regularized = isRegularized(weights);
  // Optimizer state per tensor: m (velocity / mean square / first moment) and v (Adam).
  const stateM = params.map((p) => new Float32Array(p.length));
  const stateV = params.map((p) => new Float32Array(config.optimizer === 'adam' ? p.length : 0));
  // Σ g² of each tensor, for clipnorm; stays 0 when clipnorm is off (f64: the sum's precision).
  const normPartials = new Float64Array(params.length);
  let reg: Regularization = regularizationOf(config);
  let updates = 0;
  let pending: number[] = [];
  let snapshot: Weights | null = null;

  // Training workspaces per batch size (a run uses one); masks live beside them.
  interface MaskBuffers {
    input: Float32Array[];
    recurrent: Float32Array[];
    output: Float32Array;
  }
  const train = new Map<number, { model: LstmModel; masks: MaskBuffers }>();
  const f32 = allocFloat32;
  const workspace = (B: number) => {
    let ws = train.get(B);
    if (!ws) {
      ws = {
        model: new LstmModel(shape, task, B, T, f32),
        masks: {
          input: shape.layers.map((l) => f32(B * l.inputSize)),
          recurrent: shape.layers.map((l) => f32(B * l.units)),
          output: f32(B * shape.layers[shape.layers.length - 1].units),
        },
      };
      train.set(B, ws);
    }
    return ws;
  };

  /** Fills the step's masks from the shared hash; a rate of 0 means no mask (null) at all. */
  const stepMasks = (masks: MaskBuffers, B: number, step: number): DropoutMasks<Float32Array> => {
    const L = shape.layers.length;
    const pick = (buf: Float32Array, cols: number, stream: number, rate: number) => {
      if (rate <= 0) return null;
      dropout_mask(buf, B, cols, config.seed, step, stream, rate);
      return buf;
    };
    return {
      input: shape.layers.map((l, i) =>
        pick(masks.input[i], l.inputSize, dropoutStream.input(i), reg.dropout),
      ),
      recurrent: shape.layers.map((l, i) =>
        pick(masks.recurrent[i], l.units, dropoutStream.recurrent(i), reg.recurrentDropout),
      ),
      output: pick(masks.output, shape.layers[L - 1].units, dropoutStream.output(L), reg.outputDropout),
    };
  };

  const evalRows =
    options.evalChunk ??
    Math.max(1, Math.min(512, Math.floor(EVAL_GATE_BUDGET / (T * 4 * Math.max(...config.layers)))));
  let evalModel: LstmModel | null = null;

  return {
    info: { kind: 'cpu', label: 'CPU (reference)' },

    trainStep(rows: Uint32Array, step: number): void {
      const B = rows.length;
      const ws = workspace(B);
      const { model } = ws;
      gatherBatch(model.x0, model.y, dataset.train, rows, T, F, K);
      model.forward(weights, stepMasks(ws.masks, B, step));
      pending.push(model.loss());
      model.backward(weights);
      const grads = weightTensors(model.grads as Weights);
      grads.forEach((g, i) => {
        if (regularized[i]) apply_regularization(g, params[i], g.length, reg.l1, reg.l2);
        if (config.clipnorm > 0) normPartials[i] = grad_norm_sq(g, g.length);
      });
      const scale = clip_scale(grad_norm_total(normPartials, grads.length), config.clipnorm);
      grads.forEach((g, i) => {
        optimizer_update(
          params[i],
          g,
          stateM[i],
          stateV[i],
          g.length,
          config.optimizer,
          config.learningRate,
          updates,
          scale,
        );
      });
      updates++;
    },

    async takeLosses(): Promise<Float32Array> {
      const out = Float32Array.from(pending);
      pending = [];
      return out;
    },

    async evaluate(which: 'train' | 'val'): Promise<Evaluation> {
      const split = dataset[which];
      const outputs = new Float32Array(split.n * K);
      if (split.n === 0) return { loss: Number.NaN, outputs };
      const B = Math.min(evalRows, split.n);
      if (!evalModel || evalModel.B !== B) evalModel = new LstmModel(shape, task, B, T, f32, false);
      const model = evalModel;
      const rows = new Uint32Array(B);
      let lossSum = 0;
      for (let start = 0; start < split.n; start += B) {
        const count = Math.min(B, split.n - start);
        // Pad the last chunk by repeating its first row; only `count` rows are read back.
        for (let b = 0; b < B; b++) rows[b] = start + (b < count ? b : 0);
        gatherBatch(model.x0, model.y, split, rows, T, F, K);
        model.forward(weights, null);
        lossSum += model.loss(count) * count;
        const result = task === 'classification' ? model.probs : model.logits;
        outputs.set(result.subarray(0, count * K), start * K);
      }
      return { loss: lossSum / split.n, outputs };
    },

    setRegularization(r: Regularization): void {
      reg = { ...r };
    },

    saveSnapshot(): void {
      snapshot = cloneWeights(weights);
    },

    restoreSnapshot(): void {
      if (!snapshot) return;
      weightTensors(snapshot).forEach((s, i) => {
        params[i].set(s);
      });
    },

    async readWeights(): Promise<Weights> {
      return cloneWeights(weights);
    },

    dispose(): void {
      train.clear();
      evalModel = null;
      snapshot = null;
    },
  };
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
  gather_batch(x0, y, split.x, split.y, rows, T, F, K);
}
