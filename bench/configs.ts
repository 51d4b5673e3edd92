import {
  buildDates,
  DATE_INPUT_VOCABULARY,
  DATE_OUTPUT_STEPS,
  DATE_OUTPUT_VOCABULARY,
} from '../src/data/dates';
import { Prng } from '../src/data/prng';
import type { Dataset, Task } from '../src/data/types';
import { CELL_KINDS } from '../src/model/cellKinds';
import { type AttentionChoice, type CellType, type Config, DEFAULT_CONFIG } from '../src/model/config';
import { engineShapeOf, type ModelShape, modelShapeOf } from '../src/model/params';

/**
 * The benchmark runs (issues #5 and #8). All: batch 32, 50 timesteps, Adam.
 *   R1: LSTM(64) → Dense(1), 1 feature, MSE (forecasting).
 *   R2: LSTM(128, return_sequences) → LSTM(64) → Dense(10, softmax), 8 features, categorical CE.
 *   R3: Bidirectional(GRU(64)) → Dense(1), 1 feature, MSE.
 *   R4: LSTM(64, return_sequences) → additive attention → Dense(1), 1 feature, MSE (issue 22).
 *   R5: the dates encoder–decoder (issue 23): LSTM(64, return_sequences) over 30 one-hot characters
 *       (63 symbols) → LSTM(64) decoder with Luong general attention, 10 steps → Dense(11, softmax)
 *       per step, mean CE; teacher forcing.
 */
export interface BenchRun {
  name: 'R1' | 'R2' | 'R3' | 'R4' | 'R5';
  task: Task;
  layers: number[];
  cell: CellType;
  bidirectional: boolean;
  /** Attention over the last recurrent layer's states before the head ('none': the head reads h_T). */
  attention: AttentionChoice;
  features: number;
  /** Width of y (an encoder–decoder's: steps · vocabulary, one-hot per step). */
  outputs: number;
  batchSize: number;
  timesteps: number;
  /** An encoder–decoder (R5): its output steps and symbols, and the decoder's Luong score. */
  decoder?: { steps: number; vocabulary: number; score: 'general' };
}

export const BENCH_RUNS: BenchRun[] = [
  {
    name: 'R1',
    task: 'regression',
    layers: [64],
    cell: 'lstm',
    bidirectional: false,
    attention: 'none',
    features: 1,
    outputs: 1,
    batchSize: 32,
    timesteps: 50,
  },
  {
    name: 'R2',
    task: 'classification',
    layers: [128, 64],
    cell: 'lstm',
    bidirectional: false,
    attention: 'none',
    features: 8,
    outputs: 10,
    batchSize: 32,
    timesteps: 50,
  },
  {
    name: 'R3',
    task: 'regression',
    layers: [64],
    cell: 'gru',
    bidirectional: true,
    attention: 'none',
    features: 1,
    outputs: 1,
    batchSize: 32,
    timesteps: 50,
  },
  {
    name: 'R4',
    task: 'regression',
    layers: [64],
    cell: 'lstm',
    bidirectional: false,
    attention: 'additive',
    features: 1,
    outputs: 1,
    batchSize: 32,
    timesteps: 50,
  },
  {
    name: 'R5',
    task: 'classification',
    layers: [64],
    cell: 'lstm',
    bidirectional: false,
    attention: 'none',
    features: DATE_INPUT_VOCABULARY.length,
    outputs: DATE_OUTPUT_STEPS * DATE_OUTPUT_VOCABULARY.length,
    batchSize: 32,
    timesteps: 30,
    decoder: { steps: DATE_OUTPUT_STEPS, vocabulary: DATE_OUTPUT_VOCABULARY.length, score: 'general' },
  },
];

/** Batches in the synthetic training split: steps cycle through them, as an epoch would. */
export const BENCH_BATCHES = 4;

/** The engine's Config for a run: no dropout, no regularisation, Adam at Keras's default rate. */
export function benchConfig(run: BenchRun): Config {
  return {
    ...DEFAULT_CONFIG,
    dataset: {
      ...DEFAULT_CONFIG.dataset,
      ...(run.decoder ? { name: 'dates' as const } : {}),
      timesteps: run.timesteps,
      trainSize: run.batchSize * BENCH_BATCHES,
    },
    layers: run.layers,
    cell: run.cell,
    bidirectional: run.bidirectional,
    attention: run.attention,
    ...(run.decoder ? { decoderAttention: run.decoder.score } : {}),
    optimizer: 'adam',
    learningRate: 0.001,
    batchSize: run.batchSize,
    clipnorm: 0,
  };
}

/**
 * Random data of the run's shapes: x [n, T, F] uniform in [-1, 1); y one-hot of a random class
 * (classification) or a random target (regression). The numbers only need the right shapes: the
 * cost of a step does not depend on them. Every engine under test gets this same data. R5 gets
 * the app's own dates (data/dates.ts, seeded): one-hot characters front-padded with all-zero rows,
 * so the attention's padding mask is exercised (every engine and TF.js's model must mask alike).
 */
export function benchDataset(run: BenchRun, seed = 7): Dataset {
  if (run.decoder) return buildDates(benchConfig(run).dataset, new Prng(seed));
  const rng = new Prng(seed);
  const n = run.batchSize * BENCH_BATCHES;
  const split = (rows: number) => {
    const x = new Float32Array(rows * run.timesteps * run.features);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
    const y = new Float32Array(rows * run.outputs);
    for (let r = 0; r < rows; r++) {
      if (run.task === 'classification') y[r * run.outputs + rng.int(run.outputs)] = 1;
      else for (let k = 0; k < run.outputs; k++) y[r * run.outputs + k] = rng.uniform(-1, 1);
    }
    return { n: rows, x, y };
  };
  return {
    name: `bench-${run.name}`,
    task: run.task,
    timesteps: run.timesteps,
    features: run.features,
    outputs: run.outputs,
    train: split(n),
    val: split(run.batchSize),
    featureNames: Array.from({ length: run.features }, (_, f) => `x${f}`),
    classNames:
      run.task === 'classification' ? Array.from({ length: run.outputs }, (_, k) => `c${k}`) : undefined,
    targetScale: run.task === 'regression' ? { mean: 0, std: 1 } : undefined,
    description: `synthetic benchmark data for ${run.name}`,
  };
}

/** Row indices of batch `step mod BENCH_BATCHES` of the training split. */
export function batchRows(run: BenchRun, step: number): Uint32Array {
  const first = (step % BENCH_BATCHES) * run.batchSize;
  return Uint32Array.from({ length: run.batchSize }, (_, i) => first + i);
}

/** The model our engines build for the run (an encoder–decoder's from its dataset's target). */
export function benchShape(run: BenchRun): ModelShape {
  const config = benchConfig(run);
  return run.decoder
    ? engineShapeOf(config, benchDataset(run))
    : modelShapeOf(config, run.features, run.outputs);
}

/** One line naming the run's network, for the table. */
export function describeRun(run: BenchRun): string {
  const name = CELL_KINDS[run.cell].keras.className;
  const attention = run.attention !== 'none';
  const d = run.decoder;
  const seq = (l: number) => l < run.layers.length - 1 || attention || d !== undefined;
  const layer = (u: number, l: number) => `${name}(${u}${seq(l) ? ', seq' : ''})`;
  const lstms = [
    ...run.layers.map((u, l) => (run.bidirectional ? `Bidirectional(${layer(u, l)})` : layer(u, l))),
    ...(attention ? [`Attention(${run.attention})`] : []),
    ...(d ? [`Decoder(LSTM(${run.layers[run.layers.length - 1]}), Luong ${d.score}, ${d.steps} steps)`] : []),
  ].join(' → ');
  const head = d
    ? `Dense(${d.vocabulary}, softmax) per step, CE`
    : run.task === 'classification'
      ? `Dense(${run.outputs}, softmax), CE`
      : `Dense(${run.outputs}), MSE`;
  return `${lstms} → ${head}; B ${run.batchSize}, T ${run.timesteps}, F ${run.features}, Adam`;
}
