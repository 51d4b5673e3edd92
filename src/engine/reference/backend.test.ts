import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { Dataset, Task } from '../../data/types';
import { type Config, DEFAULT_CONFIG, OPTIMIZERS } from '../../model/config';
import { modelShapeOf, type Weights, weightTensors } from '../../model/params';
import { createReferenceBackend, gatherBatch } from './backend';
import { dropout_mask, dropoutStream, maskParams } from './dropout';
import { initWeights } from './init';
import { LstmModel } from './model';
import { allocFloat32 } from './types';

const T = 6;
const F = 2;

/** A learnable toy: regression target = mean of the first feature; classification = its sign. */
function toyDataset(task: Task, n = 37): Dataset {
  const rng = new Prng(3);
  const K = task === 'classification' ? 2 : 1;
  const make = () => {
    const x = Float32Array.from({ length: n * T * F }, () => rng.normal());
    const y = new Float32Array(n * K);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += x[(i * T + t) * F];
      if (task === 'classification') y[i * K + (s > 0 ? 1 : 0)] = 1;
      else y[i] = s / T;
    }
    return { n, x, y };
  };
  const train = make();
  return {
    name: 'toy',
    task,
    timesteps: T,
    features: F,
    outputs: K,
    train,
    val: make(),
    featureNames: [],
    description: '',
  };
}

function setup(overrides: Partial<Config>, task: Task = 'regression', evalChunk?: number) {
  const config: Config = { ...DEFAULT_CONFIG, layers: [8, 4], batchSize: 8, ...overrides };
  const dataset = toyDataset(task);
  const weights = initWeights(modelShapeOf(config, F, dataset.outputs), config.seed);
  return {
    config,
    dataset,
    weights,
    backend: createReferenceBackend(config, dataset, weights, { evalChunk }),
  };
}

const batch = (start: number, B = 8) => Uint32Array.from({ length: B }, (_, i) => start + i);

function globalDistance(a: Weights, b: Weights): number {
  const ta = weightTensors(a);
  const tb = weightTensors(b);
  let s = 0;
  ta.forEach((t, i) => {
    for (let e = 0; e < t.length; e++) s += (t[e] - tb[i][e]) ** 2;
  });
  return Math.sqrt(s);
}

describe('reference backend', () => {
  it('is deterministic: the same config and seed give identical losses, dropout on', async () => {
    const overrides = { dropout: 0.2, recurrentDropout: 0.3, outputDropout: 0.1, l2: 0.01 };
    const runs = await Promise.all(
      [0, 1].map(async () => {
        const { backend } = setup(overrides);
        for (let s = 0; s < 4; s++) backend.trainStep(batch(s * 8), s);
        return backend.takeLosses();
      }),
    );
    expect(runs[0].length).toBe(4);
    expect([...runs[0]]).toEqual([...runs[1]]);
    expect(new Set(runs[0]).size).toBe(4); // the weights did move
  });

  it('draws its dropout masks from dropout_mask(seed, step, stream)', async () => {
    const rates = { dropout: 0.3, recurrentDropout: 0.4, outputDropout: 0.5 };
    const { config, dataset, weights, backend } = setup(rates);
    const step = 5;
    backend.trainStep(batch(0), step);
    const [loss] = await backend.takeLosses();

    const shape = modelShapeOf(config, F, 1);
    const L = shape.layers.length;
    const model = new LstmModel(shape, 'regression', 8, T, allocFloat32);
    const mask = (cols: number, stream: number, rate: number) => {
      const m = new Float32Array(8 * cols);
      dropout_mask(maskParams(config.seed, stream, rate, 8 * cols), step, m);
      return m;
    };
    gatherBatch(model.x0, model.y, dataset.train, batch(0), T, F, 1);
    model.forward(weights, {
      input: shape.layers.map((l, i) => [mask(l.inputSize, dropoutStream.input(i), rates.dropout)]),
      recurrent: shape.layers.map((l, i) => [
        mask(l.units, dropoutStream.recurrent(i), rates.recurrentDropout),
      ]),
      output: mask(shape.layers[L - 1].units, dropoutStream.output(L), rates.outputDropout),
    });
    expect(loss).toBe(Math.fround(model.loss()));
  });

  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer} decreases the training loss on a tiny problem`, async () => {
      const lr = { sgd: 0.1, momentum: 0.05, rmsprop: 0.01, adam: 0.01 }[optimizer];
      const { backend } = setup({ optimizer, learningRate: lr });
      const before = (await backend.evaluate('train')).loss;
      for (let s = 0; s < 40; s++) backend.trainStep(batch((s % 4) * 8), s);
      const after = (await backend.evaluate('train')).loss;
      expect(after).toBeLessThan(0.7 * before);
    });
  }

  it('clipnorm caps the global gradient norm (sgd, lr 1: the step is exactly clipnorm long)', async () => {
    const clipnorm = 1e-3;
    const free = setup({ optimizer: 'sgd', learningRate: 1 });
    free.backend.trainStep(batch(0), 0);
    expect(globalDistance(await free.backend.readWeights(), free.weights)).toBeGreaterThan(10 * clipnorm);
    const clipped = setup({ optimizer: 'sgd', learningRate: 1, clipnorm });
    clipped.backend.trainStep(batch(0), 0);
    const moved = globalDistance(await clipped.backend.readWeights(), clipped.weights);
    expect(moved).toBeCloseTo(clipnorm, 6);
  });

  it('evaluates in padded chunks: loss is the mean per-sample loss, outputs are probabilities', async () => {
    const { config, dataset, weights, backend } = setup({}, 'classification', 5); // 37 rows: last chunk padded
    const result = await backend.evaluate('val');
    expect(result.outputs.length).toBe(37 * 2);
    const shape = modelShapeOf(config, F, 2);
    const single = new LstmModel(shape, 'classification', 1, T, allocFloat32, false);
    let sum = 0;
    for (let i = 0; i < 37; i++) {
      gatherBatch(single.x0, single.y, dataset.val, Uint32Array.of(i), T, F, 2);
      single.forward(weights, null);
      sum += single.loss();
      expect(result.outputs[2 * i] + result.outputs[2 * i + 1]).toBeCloseTo(1, 6);
      expect(result.outputs[2 * i + 1]).toBeCloseTo(single.outputs[1], 6);
    }
    expect(result.loss).toBeCloseTo(sum / 37, 6);
  });

  it('takeLosses returns the losses since the last call, then nothing', async () => {
    const { backend } = setup({});
    for (let s = 0; s < 3; s++) backend.trainStep(batch(0), s);
    expect((await backend.takeLosses()).length).toBe(3);
    expect((await backend.takeLosses()).length).toBe(0);
  });

  it('restoreSnapshot puts the saved weights back', async () => {
    const { backend } = setup({});
    backend.trainStep(batch(0), 0);
    backend.saveSnapshot();
    const saved = await backend.readWeights();
    backend.trainStep(batch(8), 1);
    expect(globalDistance(await backend.readWeights(), saved)).toBeGreaterThan(0);
    backend.restoreSnapshot();
    expect(await backend.readWeights()).toEqual(saved);
  });
});
