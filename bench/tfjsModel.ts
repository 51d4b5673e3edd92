import * as tf from '@tensorflow/tfjs';
import type { CellType } from '../src/model/config';
import { attentionHidden } from '../src/model/layers';
import { interleavedToKeras, type Weights } from '../src/model/params';
import { type BenchRun, benchDataset } from './configs';
import { buildTfjsSeq2seq, seq2seqBatch, setSeq2seqWeights } from './tfjsSeq2seq';

/**
 * The run's network in TF.js layers (tfjsStep.ts times it). A GRU is TF.js's, which computes the
 * reset gate before the recurrent product (reset_after=False: TF.js has no other); ours is Keras
 * 2's reset_after=True, the same work but for one H×H product per step applied before instead of
 * after the gate.
 */
type TfjsLayerArgs = { units: number; returnSequences: boolean; inputShape?: number[] };

/**
 * TF.js's layer of each kind it has; a kind without one (one TF.js does not ship) is refused by
 * name, and the rest of the bench runs without it.
 */
const TFJS_LAYERS: Partial<Record<CellType, (args: TfjsLayerArgs) => tf.layers.Layer>> = {
  lstm: (args) => tf.layers.lstm({ ...args, recurrentActivation: 'sigmoid', unitForgetBias: true }),
  gru: (args) => tf.layers.gru({ ...args, recurrentActivation: 'sigmoid' }),
  simple_rnn: (args) => tf.layers.simpleRNN(args),
};

/**
 * Additive (Bahdanau) attention pooling, which TF.js does not ship: over states h [B, T, D],
 * e_t = vᵀ·tanh(W·h_t + b), α = softmax over t, context = Σ_t α_t·h_t [B, D], as
 * src/engine/reference/attention.ts (no mask: the benchmark's windows have no padding). Written in
 * TF.js ops inside a layer, so trainOnBatch's autodiff does the backward. Its weights as ours:
 * W [D, A] glorot_uniform, b [A] zeros, v as an [A, 1] kernel glorot_uniform (D·A + 2·A params).
 */
export class AdditiveAttentionPooling extends tf.layers.Layer {
  static className = 'BenchAdditiveAttentionPooling';
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private vector: tf.LayerVariable | null = null;

  constructor(private readonly hidden: number) {
    super({});
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const D = shape[2] as number;
    const A = this.hidden;
    this.kernel = this.addWeight('kernel', [D, A], 'float32', tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [A], 'float32', tf.initializers.zeros());
    this.vector = this.addWeight('vector', [A, 1], 'float32', tf.initializers.glorotUniform({}));
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], shape[2]];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const h = Array.isArray(inputs) ? inputs[0] : inputs;
      const [, T, D] = h.shape as number[];
      const u = tf.add(tf.matMul(tf.reshape(h, [-1, D]), this.kernel!.read()), this.bias!.read());
      const scores = tf.reshape(tf.matMul(tf.tanh(u), this.vector!.read()), [-1, T]);
      const alpha = tf.softmax(scores, 1);
      return tf.sum(tf.mul(tf.expandDims(alpha, 2), h), 1);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), hidden: this.hidden };
  }
}

/**
 * The run's network in TF.js layers, compiled with Adam at Keras's default rate and the run's loss
 * (R5's encoder–decoder: tfjsSeq2seq.ts; `init` 'cheap' there skips the orthogonal initialiser).
 */
export function buildTfjsModel(run: BenchRun, init: 'keras' | 'cheap' = 'keras'): tf.LayersModel {
  if (run.decoder) return buildTfjsSeq2seq(run, init);
  const model = tf.sequential();
  const attention = run.attention !== 'none';
  run.layers.forEach((units, l) => {
    // The last recurrent layer returns its sequence when attention reads it.
    const returnSequences = l < run.layers.length - 1 || attention;
    const first = l === 0 ? { inputShape: [run.timesteps, run.features] } : {};
    const build = TFJS_LAYERS[run.cell];
    if (!build) throw new Error(`TF.js has no layer for the cell kind '${run.cell}'`);
    if (run.bidirectional) {
      const cell = build({ units, returnSequences });
      model.add(tf.layers.bidirectional({ layer: cell as tf.RNN, mergeMode: 'concat', ...first }));
    } else {
      model.add(build({ units, returnSequences, ...first }));
    }
  });
  if (run.attention === 'dot') throw new Error('the benchmark has no TF.js dot-product attention');
  if (run.attention === 'additive') {
    const units = run.layers[run.layers.length - 1];
    model.add(new AdditiveAttentionPooling(attentionHidden('additive', units)));
  }
  const classify = run.task === 'classification';
  model.add(tf.layers.dense({ units: run.outputs, activation: classify ? 'softmax' : 'linear' }));
  model.compile({
    optimizer: tf.train.adam(0.001),
    loss: classify ? 'categoricalCrossentropy' : 'meanSquaredError',
  });
  return model;
}

/**
 * Sets our weights into a model buildTfjsModel made for the run (unidirectional LSTM layers, the
 * additive attention if any, the head): the LSTM's in Keras's gate-blocked layout, the rest as is.
 */
export function setOursWeights(model: tf.LayersModel, run: BenchRun, w: Weights): void {
  if (run.decoder) {
    setSeq2seqWeights(model, run, w);
    return;
  }
  if (run.cell !== 'lstm' || run.bidirectional) throw new Error(`${run.name}: only unidirectional LSTMs`);
  tf.tidy(() => {
    let input = run.features;
    run.layers.forEach((H, l) => {
      const { kernel, recurrent, bias } = w.layers[l];
      model.layers[l].setWeights([
        tf.tensor2d(interleavedToKeras(kernel, input, H), [input, 4 * H]),
        tf.tensor2d(interleavedToKeras(recurrent, H, H), [H, 4 * H]),
        tf.tensor1d(interleavedToKeras(bias, 1, H)),
      ]);
      input = H;
    });
    const next = run.layers.length;
    const a = w.attention;
    if (a?.kernel && a.bias) {
      const A = a.bias.length;
      model.layers[next].setWeights([
        tf.tensor2d(a.kernel, [input, A]),
        tf.tensor1d(a.bias),
        tf.tensor2d(a.vector, [A, 1]),
      ]);
    }
    model.layers[model.layers.length - 1].setWeights([
      tf.tensor2d(w.headKernel, [input, run.outputs]),
      tf.tensor1d(w.headBias),
    ]);
  });
}

/** Batch 0 of the run's training data as the model's input(s) and targets (the caller disposes them). */
export function tfjsBatch(run: BenchRun): { xs: tf.Tensor | tf.Tensor[]; y: tf.Tensor } {
  if (run.decoder) return seq2seqBatch(run);
  const { batchSize: B, timesteps: T, features: F, outputs: K } = run;
  const data = benchDataset(run);
  return {
    xs: tf.tensor3d(data.train.x.subarray(0, B * T * F), [B, T, F]),
    y: tf.tensor2d(data.train.y.subarray(0, B * K), [B, K]),
  };
}

/** Frees what tfjsBatch made. */
export function disposeBatch(batch: { xs: tf.Tensor | tf.Tensor[]; y: tf.Tensor }): void {
  tf.dispose([...(Array.isArray(batch.xs) ? batch.xs : [batch.xs]), batch.y]);
}

/** The model's loss on batch 0 of the run's data with our weights (they replace the model's). */
export async function tfjsBatchLoss(model: tf.LayersModel, run: BenchRun, w: Weights): Promise<number> {
  setOursWeights(model, run, w);
  const batch = tfjsBatch(run);
  try {
    const loss = model.evaluate(batch.xs, batch.y) as tf.Scalar;
    const [value] = await loss.data();
    loss.dispose();
    return value;
  } finally {
    disposeBatch(batch);
  }
}
