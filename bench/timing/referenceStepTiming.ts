/**
 * Times one reference training step on the benchmark's two configs (not a test):
 *   npx tsx bench/timing/referenceStepTiming.ts
 * TF.js cpu's marks to beat: ~600 ms and ~2800 ms per step.
 */
import { Prng } from '../../src/data/prng';
import type { Dataset } from '../../src/data/types';
import { createReferenceBackend } from '../../src/engine/reference/backend';
import { initWeights } from '../../src/engine/reference/init';
import { type Config, DEFAULT_CONFIG } from '../../src/model/config';
import { modelShapeOf } from '../../src/model/params';

function randomDataset(n: number, T: number, F: number, K: number, task: Dataset['task']): Dataset {
  const rng = new Prng(1);
  const split = {
    n,
    x: Float32Array.from({ length: n * T * F }, () => rng.normal()),
    y: Float32Array.from({ length: n * K }, (_, i) =>
      task === 'classification' ? +(i % K === 0) : rng.normal(),
    ),
  };
  return {
    name: 'timing',
    task,
    timesteps: T,
    features: F,
    outputs: K,
    train: split,
    val: split,
    featureNames: [],
    description: '',
  };
}

async function time(label: string, layers: number[], F: number, K: number, task: Dataset['task']) {
  const T = 50;
  const B = 32;
  const config: Config = { ...DEFAULT_CONFIG, layers, batchSize: B, optimizer: 'adam' };
  const dataset = randomDataset(256, T, F, K, task);
  const backend = createReferenceBackend(config, dataset, initWeights(modelShapeOf(config, F, K), 1));
  const rows = Uint32Array.from({ length: B }, (_, i) => i);
  for (let s = 0; s < 3; s++) backend.trainStep(rows, s); // warm up the JIT
  // Each step timed on its own: on a shared machine the minimum is the step's own cost, the
  // median what a run sees.
  const ms: number[] = [];
  for (let s = 0; s < 10; s++) {
    const t0 = performance.now();
    backend.trainStep(rows, 3 + s);
    ms.push(performance.now() - t0);
  }
  await backend.takeLosses();
  ms.sort((a, b) => a - b);
  console.log(`${label}: min ${ms[0].toFixed(1)} ms, median ${ms[5].toFixed(1)} ms per step`);
}

await time('LSTM(64) B=32 T=50 F=1 Dense(1) adam', [64], 1, 1, 'regression');
await time('LSTM(128,seq)->LSTM(64)->Dense(10) B=32 T=50 F=8 adam', [128, 64], 8, 10, 'classification');
