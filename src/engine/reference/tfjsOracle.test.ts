import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfjsTwin } from '../../../test/support/engine/tfjsTwin';
import { Prng } from '../../data/prng';
import type { Task } from '../../data/types';
import { allocWeights, kerasToInterleaved, modelShape, weightTensors } from '../../model/params';
import { LstmModel } from './model';
import { allocFloat32 } from './types';

/**
 * The outside oracle: our float32 forward and gradients against TensorFlow.js's own LSTM
 * (tf.layers.lstm, cpu backend, sigmoid recurrent activation, Keras gate-blocked layout), for a
 * 1-layer regression model and a 2-layer classification model, no dropout.
 *
 * Tolerance: |ours − tfjs| ≤ 5e-6·max|tfjs| per tensor, no absolute floor (the old 1e-5 floor was
 * 0.4% of the smallest gradient tensor's scale, 2.7e-3). Both run in float32 but sum in different
 * orders (and we keep partial sums in float64). Measured (2026-11): ≤ 2.7e-7 of the tensor's scale
 * over every tensor of both models (layer 0's recurrent gradient of the 2-layer model is the
 * worst), the loss ≤ 5.4e-8 relative. Both tolerances are 18× those; a wrong gate order, layout
 * or formula is off by order 1.
 */
const RELATIVE_TOLERANCE = 5e-6;
const LOSS_TOLERANCE = 1e-6;
const B = 4;
const T = 5;
const F = 3;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function compare(ours: Float32Array, ref: Float32Array, what: string) {
  expect(ours.length, what).toBe(ref.length);
  const scale = Math.max(...ref.map(Math.abs));
  const tol = RELATIVE_TOLERANCE * scale;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
  expect(worst, `${what}: max |diff| ${worst} > ${tol}`).toBeLessThanOrEqual(tol);
  expect(scale, `${what} is all zeros`).toBeGreaterThan(0);
}

function run(units: number[], K: number, task: Task) {
  const rng = new Prng(11);
  const shape = modelShape(units, F, K);
  const w = allocWeights(shape);
  for (const t of weightTensors(w)) for (let i = 0; i < t.length; i++) t[i] = rng.uniform(-0.5, 0.5);
  const xSample = Float32Array.from({ length: B * T * F }, () => rng.normal()); // [B, T, F]
  const y = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    if (task === 'classification') y[b * K + rng.int(K)] = 1;
    else for (let k = 0; k < K; k++) y[b * K + k] = rng.normal();
  }

  // Ours: time-major x0 [T·B, F].
  const x0 = new Float32Array(T * B * F);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let f = 0; f < F; f++) x0[(t * B + b) * F + f] = xSample[(b * T + t) * F + f];
  const model = new LstmModel(shape, task, B, T, allocFloat32);
  const { loss, grads } = model.forwardBackward(w, x0, y, null);

  // TF.js: the same network in Keras layout.
  const twin = tfjsTwin(shape, T, task, w);
  const x = tf.tensor3d(xSample, [B, T, F]);
  const yt = tf.tensor2d(y, [B, K]);
  const refLogits = twin.logits(x).dataSync() as Float32Array;
  const { value, grads: refGrads } = tf.variableGrads(() => twin.loss(x, yt), twin.vars);
  const vars = twin.vars;

  compare(model.logits, refLogits, 'logits');
  expect(Math.abs(loss - value.dataSync()[0])).toBeLessThan(LOSS_TOLERANCE * loss);
  const g = (i: number) => refGrads[vars[i].name].dataSync() as Float32Array;
  units.forEach((u, l) => {
    const { inputSize } = shape.layers[l];
    compare(grads.layers[l].kernel, kerasToInterleaved(g(3 * l), inputSize, u), `layer ${l} kernel`);
    compare(grads.layers[l].recurrent, kerasToInterleaved(g(3 * l + 1), u, u), `layer ${l} recurrent`);
    compare(grads.layers[l].bias, kerasToInterleaved(g(3 * l + 2), 1, u), `layer ${l} bias`);
  });
  compare(grads.headKernel, g(3 * units.length), 'dense kernel');
  compare(grads.headBias, g(3 * units.length + 1), 'dense bias');
  tf.disposeVariables();
}

describe('the reference LSTM matches TensorFlow.js tf.layers.lstm', () => {
  it('1 layer, MSE head: output and every gradient', () => {
    run([6], 2, 'regression');
  });
  it('2 layers (return_sequences), softmax cross-entropy head: output and every gradient', () => {
    run([5, 4], 3, 'classification');
  });
});
