import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { Task } from '../../data/types';
import type { CellType } from '../../model/config';
import {
  allocWeights,
  directionsOf,
  GATES_OF,
  interleavedToKeras,
  kerasToInterleaved,
  type ModelShape,
  modelShape,
  outputWidth,
  type Weights,
  weightTensors,
} from '../../model/params';
import { LstmModel } from './model';
import { allocFloat32, allocFloat64, directionTensors, type ModelTensors } from './types';

/**
 * Outside oracles for the cells and Bidirectional: our forward and every gradient against
 *   TensorFlow.js (cpu backend, float32): SimpleRNN, and Bidirectional(LSTM) / Bidirectional(SimpleRNN)
 *     (tfjs's GRU has no reset_after=True, so it cannot check ours);
 *   PyTorch (float64; Debian's python3-torch): GRU and Bidirectional(GRU). Keras's reset_after=True
 *     GRU is PyTorch's GRU, gate order and both biases included.
 * No dropout (each library draws its own masks). Tolerances, from the errors measured:
 *   tfjs: both float32, summing in different orders: measured ≤ 5.3e-7 of each tensor's scale;
 *     tolerance 1e-5 (~20x);
 *   PyTorch: our float64 model against PyTorch's float64: measured ≤ 5.3e-16 of each tensor's
 *     scale; tolerance 5e-14 (~100x).
 * A wrong gate order, bias, direction or last step is off by 1e-2 of a tensor's scale or more.
 */
const TFJS_TOLERANCE = 1e-5;
const TORCH_TOLERANCE = 5e-14;
const B = 3;
const T = 5;
const F = 3;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomCase(shape: ModelShape, task: Task, seed: number) {
  const rng = new Prng(seed);
  const w = allocWeights(shape);
  for (const t of weightTensors(w)) for (let i = 0; i < t.length; i++) t[i] = rng.uniform(-0.5, 0.5);
  const K = shape.outputs;
  const xSample = Float32Array.from({ length: B * T * F }, () => rng.normal()); // [B, T, F]
  const y = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    if (task === 'classification') y[b * K + rng.int(K)] = 1;
    else for (let k = 0; k < K; k++) y[b * K + k] = rng.normal();
  }
  const x0 = new Float32Array(T * B * F); // ours: time-major [T·B, F]
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let f = 0; f < F; f++) x0[(t * B + b) * F + f] = xSample[(b * T + t) * F + f];
  return { w, xSample, x0, y };
}

function compare(
  ours: ArrayLike<number>,
  ref: ArrayLike<number>,
  what: string,
  relative: number,
  absolute = 0,
) {
  expect(ours.length, what).toBe(ref.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]));
    worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
  }
  const tol = absolute + relative * scale;
  expect(worst, `${what}: max |diff| ${worst} > ${tol}`).toBeLessThanOrEqual(tol);
  expect(scale, `${what} is all zeros`).toBeGreaterThan(0);
}

const f64 = (w: Weights): ModelTensors<Float64Array> => {
  const d = (x: {
    kernel: Float32Array;
    recurrent: Float32Array;
    bias: Float32Array;
    recurrentBias?: Float32Array;
  }) => ({
    kernel: Float64Array.from(x.kernel),
    recurrent: Float64Array.from(x.recurrent),
    bias: Float64Array.from(x.bias),
    ...(x.recurrentBias ? { recurrentBias: Float64Array.from(x.recurrentBias) } : {}),
  });
  return {
    layers: w.layers.map((l) => ({ ...d(l), ...(l.backward ? { backward: d(l.backward) } : {}) })),
    headKernel: Float64Array.from(w.headKernel),
    headBias: Float64Array.from(w.headBias),
  };
};

/** TensorFlow.js's model of the same shape, with our weights set in Keras's layout. */
function tfjsModel(shape: ModelShape, cell: Exclude<CellType, 'gru'>, w: Weights) {
  const net = tf.sequential();
  const G = GATES_OF[cell];
  shape.layers.forEach(({ units }, l) => {
    const returnSequences = l < shape.layers.length - 1;
    const inner =
      cell === 'lstm'
        ? tf.layers.lstm({ units, returnSequences, recurrentActivation: 'sigmoid' })
        : tf.layers.simpleRNN({ units, returnSequences });
    const first = l === 0 ? { inputShape: [T, F] } : {};
    net.add(
      shape.directions === 2
        ? tf.layers.bidirectional({ layer: inner as tf.RNN, mergeMode: 'concat', ...first })
        : cell === 'lstm'
          ? tf.layers.lstm({ units, returnSequences, recurrentActivation: 'sigmoid', ...first })
          : tf.layers.simpleRNN({ units, returnSequences, ...first }),
    );
  });
  net.add(tf.layers.dense({ units: shape.outputs }));
  shape.layers.forEach(({ inputSize, units }, l) => {
    net.layers[l].setWeights(
      directionsOf(w.layers[l]).flatMap((d) => [
        tf.tensor2d(interleavedToKeras(d.kernel, inputSize, units, G), [inputSize, G * units]),
        tf.tensor2d(interleavedToKeras(d.recurrent, units, units, G), [units, G * units]),
        tf.tensor1d(interleavedToKeras(d.bias, 1, units, G)),
      ]),
    );
  });
  net.layers[shape.layers.length].setWeights([
    tf.tensor2d(w.headKernel, [outputWidth(shape), shape.outputs]),
    tf.tensor1d(w.headBias),
  ]);
  return net;
}

function againstTfjs(
  cell: Exclude<CellType, 'gru'>,
  bidirectional: boolean,
  units: number[],
  K: number,
  task: Task,
) {
  const shape = modelShape(units, F, K, cell, bidirectional);
  const { w, xSample, x0, y } = randomCase(shape, task, 11);
  const model = new LstmModel(shape, task, B, T, allocFloat32);
  const { loss, grads } = model.forwardBackward(w, x0, y, null);
  const net = tfjsModel(shape, cell, w);
  const x = tf.tensor3d(xSample, [B, T, F]);
  const yt = tf.tensor2d(y, [B, K]);
  const vars = net.trainableWeights.map((v) => v.read() as tf.Variable);
  const lossOf = (logits: tf.Tensor) =>
    task === 'classification'
      ? tf.neg(tf.mean(tf.sum(tf.mul(yt, tf.logSoftmax(logits)), -1)))
      : tf.mean(tf.square(tf.sub(logits, yt)));
  compare(model.logits, (net.predict(x) as tf.Tensor).dataSync() as Float32Array, 'logits', TFJS_TOLERANCE);
  const { value, grads: refGrads } = tf.variableGrads(
    () => lossOf(net.apply(x) as tf.Tensor) as tf.Scalar,
    vars,
  );
  expect(Math.abs(loss - value.dataSync()[0])).toBeLessThan(1e-5 * Math.max(1, loss));
  let v = 0;
  const next = () => refGrads[vars[v++].name].dataSync() as Float32Array;
  const G = GATES_OF[cell];
  shape.layers.forEach(({ inputSize, units: u }, l) => {
    for (let d = 0; d < shape.directions; d++) {
      const g = directionTensors(grads.layers[l], d);
      const where = `layer ${l} ${d ? 'reverse' : 'forward'}`;
      compare(g.kernel, kerasToInterleaved(next(), inputSize, u, G), `${where} kernel`, TFJS_TOLERANCE);
      compare(g.recurrent, kerasToInterleaved(next(), u, u, G), `${where} recurrent`, TFJS_TOLERANCE);
      compare(g.bias, kerasToInterleaved(next(), 1, u, G), `${where} bias`, TFJS_TOLERANCE);
    }
  });
  compare(grads.headKernel, next(), 'dense kernel', TFJS_TOLERANCE);
  compare(grads.headBias, next(), 'dense bias', TFJS_TOLERANCE);
  tf.disposeVariables();
}

describe('SimpleRNN and Bidirectional layers match TensorFlow.js', () => {
  it('SimpleRNN, 1 layer, MSE head: output and every gradient', () => {
    againstTfjs('simple_rnn', false, [6], 2, 'regression');
  });
  it('SimpleRNN, 2 layers, softmax cross-entropy head', () => {
    againstTfjs('simple_rnn', false, [5, 4], 3, 'classification');
  });
  it('Bidirectional(LSTM), 2 layers (the second reads both directions), softmax head', () => {
    againstTfjs('lstm', true, [4, 3], 3, 'classification');
  });
  it('Bidirectional(SimpleRNN), 2 layers, MSE head', () => {
    againstTfjs('simple_rnn', true, [5, 4], 2, 'regression');
  });
});

/** Debian's python3 with torch (python3-torch), which .ci/run installs; null where it is missing. */
function torchPython(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}
const python = torchPython();
const ORACLE = new URL('../../../test/support/engine/torchGruOracle.py', import.meta.url).pathname;

function againstTorch(bidirectional: boolean, units: number[], K: number, task: Task) {
  const shape = modelShape(units, F, K, 'gru', bidirectional);
  const { w, xSample, x0, y } = randomCase(shape, task, 13);
  const model = new LstmModel(shape, task, B, T, allocFloat64);
  const { loss, grads } = model.forwardBackward(f64(w), Float64Array.from(x0), Float64Array.from(y), null);
  const list = (a: ArrayLike<number>) => Array.from(a);
  const spec = {
    units,
    bidirectional,
    features: F,
    outputs: K,
    task,
    batch: B,
    steps: T,
    x: list(xSample),
    y: list(y),
    weights: w.layers.map((l) =>
      directionsOf(l).map((d) => ({
        kernel: list(d.kernel),
        recurrent: list(d.recurrent),
        bias: list(d.bias),
        recurrentBias: list(d.recurrentBias ?? []),
      })),
    ),
    headKernel: list(w.headKernel),
    headBias: list(w.headBias),
  };
  const run = spawnSync(python as string, [ORACLE], { input: JSON.stringify(spec), encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const ref = JSON.parse(run.stdout);
  compare(model.logits, ref.logits, 'logits', TORCH_TOLERANCE);
  expect(Math.abs(loss - ref.loss)).toBeLessThan(TORCH_TOLERANCE * Math.max(1, loss));
  shape.layers.forEach((_, l) => {
    for (let d = 0; d < shape.directions; d++) {
      const g = directionTensors(grads.layers[l], d);
      const r = ref.grads[l][d];
      const where = `layer ${l} ${d ? 'reverse' : 'forward'}`;
      compare(g.kernel, r.kernel, `${where} kernel`, TORCH_TOLERANCE);
      compare(g.recurrent, r.recurrent, `${where} recurrent`, TORCH_TOLERANCE);
      compare(g.bias, r.bias, `${where} bias`, TORCH_TOLERANCE);
      compare(g.recurrentBias as Float64Array, r.recurrentBias, `${where} recurrent bias`, TORCH_TOLERANCE);
    }
  });
  compare(grads.headKernel, ref.headKernel, 'dense kernel', TORCH_TOLERANCE);
  compare(grads.headBias, ref.headBias, 'dense bias', TORCH_TOLERANCE);
}

describe.skipIf(python === null)(
  `GRU (reset_after) matches PyTorch's GRU${python === null ? ' (skipped: no python3 with torch; apt-get install python3-torch)' : ''}`,
  () => {
    it('GRU, 2 layers, softmax cross-entropy head: output and every gradient', () => {
      againstTorch(false, [5, 4], 3, 'classification');
    });
    it('Bidirectional(GRU), 2 layers, MSE head', () => {
      againstTorch(true, [4, 3], 2, 'regression');
    });
  },
);
