import * as tf from '@tensorflow/tfjs';
import { interleavedToKeras, type Weights } from '../src/model/params';
import { type BenchRun, benchDataset } from './configs';

/**
 * R5 (issue 23) in TensorFlow.js: the encoder a tf.layers.lstm returning its states, the decoder
 * a layer of TF.js ops (TF.js ships no attention decoder), the head a tf.layers.dense applied per
 * output step, compiled with Adam at Keras's default rate and categorical cross-entropy (its mean
 * over the output steps and the batch is our loss). trainOnBatch's autodiff takes the backward.
 * The model reads two inputs, as a Keras teacher-forced seq2seq does: the one-hot characters x
 * [B, T_in, F] and the decoder's inputs [B, T_out, V + 1] (decoderInputs below).
 */

/**
 * The decoder of src/engine/reference/seq2seq.ts in TF.js ops, over [hs, x, xdec]: an LSTM over
 * the teacher-forced inputs from zero state (Keras's gate-blocked i, f, g, o layout), q = s·Wa,
 * e = q·hsᵀ (tf.matMul with transposes), the softmax over the encoder's real steps (a step of x
 * with no non-zero feature is padding and gets weight 0), c = α·hs, h̃ = tanh([c; s]·Wc + bc).
 * Its output h̃ [B, T_out, H] goes to the Dense head. Weights as ours (params.ts DecoderWeights):
 * kernel [V+1, 4H], recurrent [H, 4H], bias [4H], Wa [H, D], Wc [D+H, H] (context rows first), bc [H].
 */
export class LuongDecoder extends tf.layers.Layer {
  static className = 'BenchLuongDecoder';
  private weightsOf: Record<'kernel' | 'recurrent' | 'bias' | 'wa' | 'wc' | 'bc', tf.LayerVariable> | null =
    null;

  constructor(
    private readonly units: number,
    private readonly recurrentInit: ReturnType<typeof tf.initializers.zeros>,
  ) {
    super({});
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const [hs, , xdec] = inputShape as tf.Shape[];
    const D = hs[2] as number;
    const inputs = xdec[2] as number;
    const H = this.units;
    const glorot = () => tf.initializers.glorotUniform({});
    this.weightsOf = {
      kernel: this.addWeight('kernel', [inputs, 4 * H], 'float32', glorot()),
      recurrent: this.addWeight('recurrent', [H, 4 * H], 'float32', this.recurrentInit),
      bias: this.addWeight('bias', [4 * H], 'float32', tf.initializers.zeros()),
      wa: this.addWeight('attention_kernel', [H, D], 'float32', glorot()),
      wc: this.addWeight('combine_kernel', [D + H, H], 'float32', glorot()),
      bc: this.addWeight('combine_bias', [H], 'float32', tf.initializers.zeros()),
    };
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [, , xdec] = inputShape as tf.Shape[];
    return [xdec[0], xdec[1], this.units];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [hs, x, xdec] = inputs as tf.Tensor[];
      const w = this.weightsOf!;
      const H = this.units;
      const [B, S] = xdec.shape as number[];
      const D = hs.shape[2] as number;
      const [kernel, recurrent, bias] = [w.kernel.read(), w.recurrent.read(), w.bias.read()];
      let h: tf.Tensor = tf.zeros([B, H]);
      let c: tf.Tensor = tf.zeros([B, H]);
      const states: tf.Tensor[] = [];
      for (const xi of tf.unstack(xdec, 1)) {
        const z = tf.add(tf.add(tf.matMul(xi, kernel), tf.matMul(h, recurrent)), bias);
        const [zi, zf, zg, zo] = tf.split(z, 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
        h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
        states.push(h);
      }
      const s = tf.stack(states, 1); // [B, S, H]
      const q = tf.reshape(tf.matMul(tf.reshape(s, [-1, H]), w.wa.read()), [B, S, D]);
      const scores = tf.matMul(q, hs, false, true); // [B, S, T_in]
      const real = tf.cast(tf.greater(tf.max(tf.abs(x), 2), 0), 'float32'); // [B, T_in]
      const masked = tf.add(scores, tf.mul(tf.sub(1, tf.expandDims(real, 1)), -1e9));
      const alpha = tf.softmax(masked, -1);
      const context = tf.matMul(alpha, hs); // [B, S, D]
      const joined = tf.reshape(tf.concat([context, s], 2), [-1, D + H]);
      const combined = tf.tanh(tf.add(tf.matMul(joined, w.wc.read()), w.bc.read()));
      return tf.reshape(combined, [B, S, H]);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}

/**
 * R5's model. `init` 'keras' gives the recurrent kernels Keras's orthogonal initialiser (as the
 * timed model, so its time to first step pays what a Keras user's does); 'cheap' glorot, for
 * tests whose weights are replaced anyway (TF.js's orthogonal takes seconds in Node).
 */
export function buildTfjsSeq2seq(run: BenchRun, init: 'keras' | 'cheap' = 'keras'): tf.LayersModel {
  const decoder = run.decoder;
  if (!decoder) throw new Error(`${run.name} is not an encoder–decoder`);
  const [H] = run.layers;
  const recurrentInit = () =>
    init === 'keras' ? tf.initializers.orthogonal({ gain: 1 }) : tf.initializers.glorotUniform({});
  const x = tf.input({ shape: [run.timesteps, run.features], name: 'characters' });
  const xdec = tf.input({ shape: [decoder.steps, decoder.vocabulary + 1], name: 'decoder_inputs' });
  const encoder = tf.layers.lstm({
    units: H,
    returnSequences: true,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    recurrentInitializer: recurrentInit(),
  });
  const hs = encoder.apply(x) as tf.SymbolicTensor;
  const attended = new LuongDecoder(H, recurrentInit()).apply([hs, x, xdec]) as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: decoder.vocabulary, activation: 'softmax' });
  const model = tf.model({ inputs: [x, xdec], outputs: head.apply(attended) as tf.SymbolicTensor });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return model;
}

/** Teacher forcing: per sample, step 0 reads the start symbol (column V), step i the target of i − 1. */
export function decoderInputs(y: Float32Array, rows: number, steps: number, V: number): Float32Array {
  const out = new Float32Array(rows * steps * (V + 1));
  for (let b = 0; b < rows; b++) {
    out[b * steps * (V + 1) + V] = 1;
    for (let i = 1; i < steps; i++)
      for (let v = 0; v < V; v++) out[(b * steps + i) * (V + 1) + v] = y[b * steps * V + (i - 1) * V + v];
  }
  return out;
}

/** Batch 0 of R5's training data as the model's inputs and targets (the caller disposes them). */
export function seq2seqBatch(run: BenchRun): { xs: tf.Tensor[]; y: tf.Tensor } {
  const { batchSize: B, timesteps: T, features: F, outputs: K } = run;
  const { steps: S, vocabulary: V } = run.decoder!;
  const data = benchDataset(run);
  const y = data.train.y.subarray(0, B * K);
  return {
    xs: [
      tf.tensor3d(data.train.x.subarray(0, B * T * F), [B, T, F]),
      tf.tensor3d(decoderInputs(y, B, S, V), [B, S, V + 1]),
    ],
    y: tf.tensor3d(y, [B, S, V]),
  };
}

/** Sets our weights into buildTfjsSeq2seq's model: the LSTMs' in Keras's gate-blocked layout, the rest as is. */
export function setSeq2seqWeights(model: tf.LayersModel, run: BenchRun, w: Weights): void {
  const V = run.decoder!.vocabulary;
  const [H] = run.layers;
  const d = w.decoder;
  if (!d?.attentionKernel) throw new Error(`${run.name}: weights without a general-score decoder`);
  const layer = <T>(kind: new (...args: never[]) => T) => model.layers.find((l) => l instanceof kind)!;
  tf.tidy(() => {
    const { kernel, recurrent, bias } = w.layers[0];
    const F = run.features;
    layer(tf.RNN).setWeights([
      tf.tensor2d(interleavedToKeras(kernel, F, H), [F, 4 * H]),
      tf.tensor2d(interleavedToKeras(recurrent, H, H), [H, 4 * H]),
      tf.tensor1d(interleavedToKeras(bias, 1, H)),
    ]);
    layer(LuongDecoder).setWeights([
      tf.tensor2d(interleavedToKeras(d.kernel, V + 1, H), [V + 1, 4 * H]),
      tf.tensor2d(interleavedToKeras(d.recurrent, H, H), [H, 4 * H]),
      tf.tensor1d(interleavedToKeras(d.bias, 1, H)),
      tf.tensor2d(d.attentionKernel!, [H, H]),
      tf.tensor2d(d.combineKernel, [2 * H, H]),
      tf.tensor1d(d.combineBias),
    ]);
    model.layers[model.layers.length - 1].setWeights([
      tf.tensor2d(w.headKernel, [H, V]),
      tf.tensor1d(w.headBias),
    ]);
  });
}
