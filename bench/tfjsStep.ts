import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import './tfjsWasm';
import type { CellType } from '../src/model/config';
import type { StepPlan } from './backendStep';
import { type BenchRun, benchDataset } from './configs';
import { medianMsPerUnit } from './timing';

export type TfjsBackendName = 'webgpu' | 'cpu' | 'wasm';

export interface TfjsTimings {
  /** tf.setBackend (its first call in the page sets up the backend), model build and compile, first trainOnBatch. */
  firstStepMs: number;
  msPerStep: number;
}

/**
 * The peer: the same network in TensorFlow.js layers, trained one batch per step with
 * trainOnBatch (a model.fit of one batch without fit's per-epoch callbacks). recurrentActivation
 * 'sigmoid' and unitForgetBias as Keras 2.3+ (tfjs defaults to hardSigmoid and no forget bias).
 * trainOnBatch resolves with the loss read back, so each step's GPU work is inside its time; a
 * repetition is `stepsPerRep` of them, as many steps as ours take.
 */
export async function tfjsTimings(
  run: BenchRun,
  backend: TfjsBackendName,
  plan: StepPlan,
): Promise<TfjsTimings> {
  const start = performance.now();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  const data = benchDataset(run);
  const model = buildModel(run);
  const { batchSize: B, timesteps: T, features: F, outputs: K } = run;
  const x = tf.tensor3d(data.train.x.subarray(0, B * T * F), [B, T, F]);
  const y = tf.tensor2d(data.train.y.subarray(0, B * K), [B, K]);
  try {
    await model.trainOnBatch(x, y);
    const firstStepMs = performance.now() - start;
    const msPerStep = await medianMsPerUnit(
      async () => {
        for (let s = 0; s < plan.stepsPerRep; s++) await model.trainOnBatch(x, y);
      },
      plan.reps,
      plan.stepsPerRep,
    );
    return { firstStepMs, msPerStep };
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

/**
 * The run's network in TF.js layers. A GRU is TF.js's, which computes the reset gate before the
 * recurrent product (reset_after=False: TF.js has no other); ours is Keras 2's reset_after=True,
 * the same work but for one H×H product per step applied before instead of after the gate.
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

function buildModel(run: BenchRun): tf.LayersModel {
  const model = tf.sequential();
  run.layers.forEach((units, l) => {
    const returnSequences = l < run.layers.length - 1;
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
  const classify = run.task === 'classification';
  model.add(tf.layers.dense({ units: run.outputs, activation: classify ? 'softmax' : 'linear' }));
  model.compile({
    optimizer: tf.train.adam(0.001),
    loss: classify ? 'categoricalCrossentropy' : 'meanSquaredError',
  });
  return model;
}
