import * as tf from '@tensorflow/tfjs';
import type { Split, Task } from '../../../src/data/types';
import {
  allocWeights,
  interleavedToKeras,
  kerasToInterleaved,
  type ModelShape,
  type Weights,
  weightTensors,
} from '../../../src/model/params';

/**
 * Our network rebuilt in TensorFlow.js layers, the outside oracle of the engine tests: stacked
 * tf.layers.lstm (sigmoid recurrent activation as Keras 2.3+, not tfjs's hardSigmoid default;
 * all but the last with return_sequences) and a linear tf.layers.dense whose logits the loss
 * takes, as MATH.md's head does. Weights go in and come out in our gate-interleaved layout; tfjs
 * holds them gate-blocked (Keras order i, f, c, o). Run on tfjs's pure-JS `cpu` backend.
 */
export interface TfjsTwin {
  /** The trainable variables in weightTensors order: per layer kernel, recurrent, bias; head kernel, bias. */
  vars: tf.Variable[];
  /** Which of `vars` are kernels (take L1/L2), as isRegularized. */
  kernels: boolean[];
  logits(x: tf.Tensor3D): tf.Tensor2D;
  /** MATH.md's data loss: mean MSE over B·K, or mean categorical cross-entropy of softmax(logits). */
  loss(x: tf.Tensor3D, y: tf.Tensor2D): tf.Scalar;
  /** The variables now, in our layout. */
  weights(): Weights;
}

export function tfjsTwin(shape: ModelShape, timesteps: number, task: Task, initial: Weights): TfjsTwin {
  const net = tf.sequential();
  shape.layers.forEach(({ units }, l) => {
    net.add(
      tf.layers.lstm({
        units,
        returnSequences: l < shape.layers.length - 1,
        recurrentActivation: 'sigmoid',
        ...(l === 0 ? { inputShape: [timesteps, shape.features] } : {}),
      }),
    );
  });
  net.add(tf.layers.dense({ units: shape.outputs }));
  shape.layers.forEach(({ inputSize, units }, l) => {
    const { kernel, recurrent, bias } = initial.layers[l];
    net.layers[l].setWeights([
      tf.tensor2d(interleavedToKeras(kernel, inputSize, units), [inputSize, 4 * units]),
      tf.tensor2d(interleavedToKeras(recurrent, units, units), [units, 4 * units]),
      tf.tensor1d(interleavedToKeras(bias, 1, units)),
    ]);
  });
  const last = shape.layers[shape.layers.length - 1].units;
  net.layers[shape.layers.length].setWeights([
    tf.tensor2d(initial.headKernel, [last, shape.outputs]),
    tf.tensor1d(initial.headBias),
  ]);
  const vars = net.trainableWeights.map((v) => v.read() as tf.Variable);
  const logits = (x: tf.Tensor3D) => net.apply(x) as tf.Tensor2D;

  return {
    vars,
    kernels: [...shape.layers.flatMap(() => [true, true, false]), true, false],
    logits,
    loss: (x, y) =>
      tf.tidy(() => {
        const z = logits(x);
        const loss =
          task === 'classification'
            ? tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(z)), -1)))
            : tf.mean(tf.square(tf.sub(z, y)));
        return loss as tf.Scalar;
      }),
    weights: () => {
      const out = allocWeights(shape);
      const values = vars.map((v) => v.dataSync() as Float32Array);
      shape.layers.forEach(({ inputSize, units }, l) => {
        out.layers[l].kernel.set(kerasToInterleaved(values[3 * l], inputSize, units));
        out.layers[l].recurrent.set(kerasToInterleaved(values[3 * l + 1], units, units));
        out.layers[l].bias.set(kerasToInterleaved(values[3 * l + 2], 1, units));
      });
      out.headKernel.set(values[3 * shape.layers.length]);
      out.headBias.set(values[3 * shape.layers.length + 1]);
      return out;
    },
  };
}

/** The rows of a split as tfjs tensors: x [B, T, F] (sample-major, as tf.layers wants), y [B, K]. */
export function batchTensors(split: Split, rows: Uint32Array, T: number, F: number, K: number) {
  const x = new Float32Array(rows.length * T * F);
  const y = new Float32Array(rows.length * K);
  rows.forEach((r, b) => {
    x.set(split.x.subarray(r * T * F, (r + 1) * T * F), b * T * F);
    y.set(split.y.subarray(r * K, (r + 1) * K), b * K);
  });
  return { x: tf.tensor3d(x, [rows.length, T, F]), y: tf.tensor2d(y, [rows.length, K]) };
}

/** Every tensor of a Weights, flat, in weightTensors order (for a one-number comparison). */
export function flatWeights(w: Weights): Float32Array {
  const tensors = weightTensors(w);
  const out = new Float32Array(tensors.reduce((n, t) => n + t.length, 0));
  let at = 0;
  for (const t of tensors) {
    out.set(t, at);
    at += t.length;
  }
  return out;
}
