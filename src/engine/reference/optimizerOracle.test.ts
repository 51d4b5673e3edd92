import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomDataset } from '../../../test/support/engine/randomDataset';
import { relativeError } from '../../../test/support/engine/testDevice';
import { batchTensors, flatWeights, type TfjsTwin, tfjsTwin } from '../../../test/support/engine/tfjsTwin';
import { Prng } from '../../data/prng';
import { type Config, DEFAULT_CONFIG, OPTIMIZERS, type OptimizerName } from '../../model/config';
import { modelShapeOf, type Weights } from '../../model/params';
import { createReferenceBackend } from './backend';
import { initWeights } from './init';

/**
 * The optimizers against TensorFlow.js's own (tf.train.*), through the reference backend's public
 * seam: one step, then several, of each optimizer with L1/L2 and with clipnorm off and on. The
 * oracle computes the gradient of the data loss plus l1·Σ|w| + l2·Σw² over the kernels by tfjs
 * autodiff, clips it by its GLOBAL norm (MATH.md; Keras `global_clipnorm`), and hands it to
 * tf.train.sgd / momentum(0.9) / rmsprop(ρ 0.9) / adam(0.9, 0.999, ε 1e-7).
 *
 * Where tfjs and Keras differ, the oracle is set to Keras's form (which MATH.md and we follow):
 * - momentum: tfjs keeps a = 0.9·a + g and steps −lr·a, Keras v = 0.9·v − lr·g: the same weights
 *   while lr is constant (v = −lr·a).
 * - rmsprop: tfjs divides by sqrt(ms + ε), Keras by sqrt(ms) + ε (ε 1e-7). The oracle gives tfjs
 *   ε = 1e-20 (it only keeps 0/0 out) and rescales the step tfjs took by sqrt(ms)/(sqrt(ms) + ε),
 *   with tfjs's own ms. Left alone, ε's place moves small-gradient elements by up to 4e-3.
 * - adam: the same form as Keras. tfjs forms 1 − β^t from β rounded to f32 (0.999 → 0.99900001),
 *   which moves its step by ~1.2e-5; we form it in f64. That is the floor of the Adam cases.
 *
 * Compared: the weights' displacement from the start, max |Δours − Δtfjs| / max |Δtfjs| over all
 * tensors, after 1 step and after 6. Measured (this file, 2026-11), worst over steps and clipnorm
 * on/off: sgd 1.6e-7, momentum 6.2e-7, rmsprop 3.8e-6, adam 1.4e-5. Each tolerance is 13–62× its
 * optimizer's worst. Planted bugs miss by far more: momentum 0.5 for 0.9 by 0.43 (after 6 steps),
 * RMSProp ρ 0.5 for 0.9 by 0.55, Adam without bias correction by 2.2, the momentum step's sign
 * flipped by 2, L1 left out by 2.4e-3 (sgd) to 2.0 (rmsprop).
 */
const TOLERANCE: Record<OptimizerName, number> = { sgd: 1e-5, momentum: 1e-5, rmsprop: 5e-5, adam: 2e-4 };
const B = 4;
const T = 5;
const F = 3;
const K = 3;
const STEPS = 6;
/** Learning rates that move the weights visibly in a few steps. */
const LR: Record<OptimizerName, number> = { sgd: 0.1, momentum: 0.1, rmsprop: 0.01, adam: 0.01 };
/** Below every step's gradient norm here (measured 0.44–0.92), so clipping acts on every step. */
const CLIPNORM = 0.3;
/** Keras's ε (RMSProp, Adam): 1e-7. */
const KERAS_EPSILON = 1e-7;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  tf.disposeVariables();
});

function tfOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(lr, 0.9, 0, 1e-20); // ε only keeps 0/0 out; Keras's ε is added after
    case 'adam':
      return tf.train.adam(lr, 0.9, 0.999, 1e-7);
  }
}

/**
 * One oracle step; returns the gradient's global norm before clipping. For rmsprop the step tfjs
 * took, lr·g/sqrt(ms), is put in Keras's form lr·g/(sqrt(ms) + ε) with tfjs's own ms.
 */
async function oracleStep(
  twin: TfjsTwin,
  optimizer: tf.Optimizer,
  batch: { x: tf.Tensor3D; y: tf.Tensor2D },
  config: Config,
): Promise<number> {
  const { l1, l2, clipnorm } = config;
  const { value, grads } = tf.variableGrads(
    () =>
      tf.tidy(() => {
        let total: tf.Scalar = twin.loss(batch.x, batch.y);
        twin.vars.forEach((v, i) => {
          if (!twin.kernels[i]) return;
          total = total.add(tf.sum(tf.abs(v)).mul(l1)).add(tf.sum(tf.square(v)).mul(l2));
        });
        return total;
      }),
    twin.vars,
  );
  let normSq = 0;
  for (const v of twin.vars) for (const g of grads[v.name].dataSync()) normSq += g * g;
  const norm = Math.sqrt(normSq);
  const scale = clipnorm > 0 && norm > clipnorm ? clipnorm / norm : 1;
  const scaled = Object.fromEntries(twin.vars.map((v) => [v.name, grads[v.name].mul(scale)]));
  const before = twin.vars.map((v) => v.dataSync().slice());
  optimizer.applyGradients(scaled);
  tf.dispose([value, ...Object.values(grads), ...Object.values(scaled)]);
  if (config.optimizer === 'rmsprop') {
    const state = new Map((await optimizer.getWeights()).map((w) => [w.name, w.tensor]));
    twin.vars.forEach((v, i) => {
      const ms = state.get(`${v.name}/rms`)?.dataSync();
      if (!ms) throw new Error(`no mean square for ${v.name}`);
      const after = v.dataSync();
      const keras = before[i].map((b, e) => {
        const root = Math.sqrt(ms[e]);
        return b + ((after[e] - b) * root) / (root + KERAS_EPSILON);
      });
      v.assign(tf.tensor(keras, v.shape));
    });
  }
  return norm;
}

function displacementError(ours: Weights, theirs: Weights, start: Weights): number {
  const s = flatWeights(start);
  const a = flatWeights(ours).map((w, i) => w - s[i]);
  const b = flatWeights(theirs).map((w, i) => w - s[i]);
  return relativeError(a, b);
}

async function compareOptimizer(optimizer: OptimizerName, clipnorm: number) {
  const config: Config = {
    ...DEFAULT_CONFIG,
    layers: [5, 4],
    batchSize: B,
    optimizer,
    learningRate: LR[optimizer],
    l1: 0.001,
    l2: 0.01,
    clipnorm,
    seed: 17,
  };
  const data = randomDataset('classification', 16, T, F, K, 4);
  const shape = modelShapeOf(config, F, K);
  const start = initWeights(shape, config.seed);
  const ours = createReferenceBackend(config, data, start);
  const twin = tfjsTwin(shape, T, 'classification', start);
  const theirs = tfOptimizer(optimizer, config.learningRate);
  const rng = new Prng(9);
  const errors: number[] = [];
  const norms: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const rows = Uint32Array.from({ length: B }, () => rng.int(data.train.n));
    ours.trainStep(rows, s);
    const batch = batchTensors(data.train, rows, T, F, K);
    norms.push(await oracleStep(twin, theirs, batch, config));
    tf.dispose([batch.x, batch.y]);
    errors.push(displacementError(await ours.readWeights(), twin.weights(), start));
  }
  theirs.dispose();
  return { errors, norms };
}

describe('each optimizer steps as TensorFlow.js tf.train.* does, with L1/L2', () => {
  for (const optimizer of OPTIMIZERS)
    for (const clipnorm of [0, CLIPNORM])
      it(`${optimizer}, clipnorm ${clipnorm || 'off'}: 1 step and ${STEPS} steps`, async () => {
        const { errors, norms } = await compareOptimizer(optimizer, clipnorm);
        if (clipnorm > 0) expect(Math.min(...norms), 'clipping acts on every step').toBeGreaterThan(clipnorm);
        expect(errors[0], 'after 1 step').toBeLessThan(TOLERANCE[optimizer]);
        expect(errors[STEPS - 1], `after ${STEPS} steps`).toBeLessThan(TOLERANCE[optimizer]);
      });
});
