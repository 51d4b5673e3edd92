import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import './tfjsWasm';
import { type BenchRun, benchDataset } from './configs';
import { medianMsPerUnit, type Repetitions } from './timing';

export type TfjsBackendName = 'webgpu' | 'cpu' | 'wasm';

/**
 * The peer: the same network in TensorFlow.js layers, trained one batch per step with
 * trainOnBatch (a model.fit of one batch without fit's per-epoch callbacks). recurrentActivation
 * 'sigmoid' and unitForgetBias as Keras 2.3+ (tfjs defaults to hardSigmoid and no forget bias).
 * trainOnBatch resolves with the loss read back, so each step's GPU work is inside its time.
 */
export async function tfjsMsPerStep(
  run: BenchRun,
  backend: TfjsBackendName,
  reps: Repetitions,
): Promise<number> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  const data = benchDataset(run);
  const model = buildModel(run);
  const { batchSize: B, timesteps: T, features: F, outputs: K } = run;
  const x = tf.tensor3d(data.train.x.subarray(0, B * T * F), [B, T, F]);
  const y = tf.tensor2d(data.train.y.subarray(0, B * K), [B, K]);
  try {
    return await medianMsPerUnit(async () => {
      await model.trainOnBatch(x, y);
    }, reps);
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

function buildModel(run: BenchRun): tf.LayersModel {
  const model = tf.sequential();
  run.layers.forEach((units, l) => {
    model.add(
      tf.layers.lstm({
        units,
        returnSequences: l < run.layers.length - 1,
        recurrentActivation: 'sigmoid',
        unitForgetBias: true,
        ...(l === 0 ? { inputShape: [run.timesteps, run.features] } : {}),
      }),
    );
  });
  const classify = run.task === 'classification';
  model.add(tf.layers.dense({ units: run.outputs, activation: classify ? 'softmax' : 'linear' }));
  model.compile({
    optimizer: tf.train.adam(0.001),
    loss: classify ? 'categoricalCrossentropy' : 'meanSquaredError',
  });
  return model;
}
