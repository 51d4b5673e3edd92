import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_NUMPY, NO_TENSORFLOW, pythonWith, runPython } from '../../test/support/export/python';
import {
  ATTENTION_CASES,
  EXPORT_CASES,
  isGruCase,
  maxAbsDiff,
  trainedModel,
} from '../../test/support/export/trainedModel';
import { exportFiles } from './exportFiles';
import { kerasLayers } from './kerasLayers';
import { modelSpecOf } from './modelSpec';

/**
 * TensorFlow cannot be installed here, so train_keras.py is checked where it can be: Python
 * compiles it, its layer calls are the TF.js export's layers in order, and its weight reader
 * (numpy only) returns exactly the arrays TF.js loads from the same model.json, in TF.js's order.
 */
const numpyPython = pythonWith('numpy');
if (!numpyPython) console.warn(`SKIPPED: ${NO_NUMPY}`);
const kerasPython = pythonWith('tensorflow, numpy');
if (!kerasPython) console.warn(`SKIPPED: ${NO_TENSORFLOW}`);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function exported(query: string) {
  const trained = await trainedModel(query, 1);
  const dir = mkdtempSync(join(tmpdir(), 'keras-export-'));
  dirs.push(dir);
  const files = exportFiles({ ...trained, epochsTrained: 1 }, ['keras']);
  for (const file of files) writeFileSync(join(dir, file.name), file.bytes);
  return {
    trained,
    dir,
    names: files.map((f) => f.name),
    script: readFileSync(join(dir, 'train_keras.py'), 'utf8'),
  };
}

describe('train_keras.py', () => {
  it.for(Object.entries(EXPORT_CASES))(
    '%s: compiles, and builds the layers of the TF.js export',
    async ([, query], ctx) => {
      const { dir, names, script } = await exported(query);
      expect(names).toEqual(['train_keras.py', 'model.json', 'weights.bin', 'data.npz']);
      const topology = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology.config
        .layers as {
        class_name: string;
        config: Record<string, unknown>;
      }[];
      const calls = [...script.matchAll(/^ {8}layers\.(\w+)\((.*)\),$/gm)];
      expect(calls.map((c) => c[1])).toEqual(topology.map((l) => l.class_name));
      calls.forEach(([, , args], i) => {
        const outer = topology[i];
        // A Bidirectional layer's call holds its cell layer's call: check both.
        const inner = outer.class_name === 'Bidirectional' ? (outer.config.layer as typeof outer) : outer;
        const c = inner.config;
        const own = outer === inner ? args : (args.match(/^layers\.(\w+)\((.*)\), name='[\w]+'$/) ?? [])[2];
        if (outer !== inner) {
          expect(args).toMatch(new RegExp(`^layers\\.${inner.class_name}\\(`));
          expect(args).toMatch(new RegExp(`\\), name='${outer.config.name}'$`));
        }
        expect(own).toContain(`name='${c.name}'`);
        if ('units' in c) expect(own.startsWith(`${c.units}`)).toBe(true);
        expect(own.includes('return_sequences=True')).toBe(Boolean(c.return_sequences));
        expect(own.includes('reset_after=True')).toBe(c.reset_after === true);
        if (c.activation && c.activation !== 'tanh') expect(own).toContain(`activation='${c.activation}'`);
      });

      if (!numpyPython) return ctx.skip(NO_NUMPY);
      const compiled = runPython(numpyPython, ['-m', 'py_compile', 'train_keras.py'], dir);
      expect(compiled.code, compiled.stderr).toBe(0);
    },
  );

  it.for([
    EXPORT_CASES['LSTM(8)→LSTM(5), classification (tenclass)'],
    EXPORT_CASES['Bidirectional SimpleRNN(4)→SimpleRNN(3), regression (co2), L1'],
  ])('reads the weights TF.js reads, in the same order (numpy, no TensorFlow): %s', async (query, ctx) => {
    if (!numpyPython) return ctx.skip(NO_NUMPY);
    const { dir } = await exported(query);
    const read = runPython(
      numpyPython,
      [
        '-c',
        "import json, train_keras; print(json.dumps([w.ravel().view('<u4').tolist() for w in train_keras.read_tfjs_weights()]))",
      ],
      dir,
    );
    expect(read.code, read.stderr).toBe(0);
    const fromPython = JSON.parse(read.stdout) as number[][];

    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const bin = readFileSync(join(dir, 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    const fromTfjs = model
      .getWeights()
      .map((w) => [...new Uint32Array((w.dataSync() as Float32Array).buffer)]);
    expect(fromPython).toEqual(fromTfjs);
    model.dispose();
  });

  /**
   * TF.js cannot build a GRU with reset_after=true, so here the arrays numpy reads are held to the
   * weights the export wrote (kerasLayers, in manifest order): the GRU's bias as Keras's [2, 3H].
   */
  it('reads a Bidirectional GRU export into the Keras weight list it was written from', async (ctx) => {
    if (!numpyPython) return ctx.skip(NO_NUMPY);
    const query = EXPORT_CASES['Bidirectional GRU(5)→GRU(3), classification (tenclass)'];
    const { dir, trained } = await exported(query);
    const read = runPython(
      numpyPython,
      [
        '-c',
        "import json, train_keras; print(json.dumps([[list(w.shape), w.ravel().view('<u4').tolist()] for w in train_keras.read_tfjs_weights()]))",
      ],
      dir,
    );
    expect(read.code, read.stderr).toBe(0);
    const written = kerasLayers(modelSpecOf(trained.config, trained.dataset), trained.weights).flatMap(
      (l) => l.weights,
    );
    expect(JSON.parse(read.stdout)).toEqual(
      written.map((w) => [w.shape, [...new Uint32Array(w.values.buffer)]]),
    );
    expect(written.filter((w) => w.name.endsWith('/bias')).map((w) => w.shape)).toEqual([
      [2, 15],
      [2, 15],
      [2, 9],
      [2, 9],
      [10],
    ]);
  });

  /**
   * Keras itself, where a Python with TensorFlow is at hand (KERAS_PYTHON; TensorFlow is not in
   * Debian, so CI skips this and says so): train_keras.py's build_model() with the export's
   * weights predicts the validation split as our engine does. Measured with TensorFlow 2.21 /
   * Keras 3.15 over the eight cases: worst 4.2e-7 (Bidirectional SimpleRNN on co2), GRUs
   * 3.0e-8–6.0e-8; bound 1e-5, as for TF.js. With the GRU's two bias rows swapped in the export,
   * 1.5e-3 (after one epoch).
   */
  it.for([...Object.entries(EXPORT_CASES), ...Object.entries(ATTENTION_CASES)])(
    "Keras runs train_keras.py's model: %s",
    async ([, query], ctx) => {
      if (!kerasPython) return ctx.skip(NO_TENSORFLOW);
      const { dir, trained } = await exported(query);
      const predict = [
        'import os, json, numpy as np',
        "os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'",
        'import train_keras',
        'model = train_keras.build_model()',
        'model.set_weights(train_keras.read_tfjs_weights())',
        "x = np.load('data.npz')['x_val']",
        'print(json.dumps(model.predict(x, verbose=0).ravel().tolist()))',
      ].join('\n');
      const run = runPython(kerasPython, ['-c', predict], dir, 300_000);
      expect(run.code, run.stderr).toBe(0);
      const predicted = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as number[];
      const worst = maxAbsDiff(predicted, trained.valOutputs);
      expect(worst, `max |keras − ours| = ${worst}`).toBeLessThan(1e-5);
    },
  );

  /**
   * With attention the script builds the model with Keras's functional API (the Dot reads the
   * softmax and the recurrent states, which Sequential cannot say): one line per layer of the
   * functional model.json, the same class, name and inputs, in the same order (Keras's weight
   * order, which read_tfjs_weights follows).
   */
  it.for(Object.entries(ATTENTION_CASES))(
    '%s: compiles, and builds the functional model.json layer by layer',
    async ([, query], ctx) => {
      const { dir, script } = await exported(query);
      const topology = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology;
      expect(topology.class_name).toBe('Functional');
      const layers = topology.config.layers as {
        class_name: string;
        name: string;
        inbound_nodes: [string, number, number, object][][];
      }[];
      const calls = [...script.matchAll(/^ {4}(\w+) = layers\.(\w+)\((.*)\)\((\w+|\[[\w, ]+\])\)$/gm)];
      const variable = (name: string) => (name === 'input' ? 'inputs' : name);
      expect(calls.map(([, name, className]) => [name, className])).toEqual(
        layers.slice(1).map((l) => [l.name, l.class_name]),
      );
      calls.forEach(([, , , args, inputs], i) => {
        const layer = layers[i + 1];
        expect(args).toMatch(new RegExp(`name='${layer.name}'$`));
        const from = layer.inbound_nodes[0].map(([name]) => variable(name));
        expect(inputs).toBe(from.length === 1 ? from[0] : `[${from.join(', ')}]`);
      });
      const [, T, F] = (layers[0] as unknown as { config: { batch_input_shape: number[] } }).config
        .batch_input_shape;
      expect(script).toContain(`    inputs = keras.Input(shape=(${T}, ${F}), name='input')`);
      expect(script).toMatch(
        new RegExp(`model = keras.Model\\(inputs, ${layers.at(-1)?.name}, name='model'\\)`),
      );
      expect(script).toMatch(/layers\.Dense\(1, activation='linear', use_bias=False,/);

      if (!numpyPython) return ctx.skip(NO_NUMPY);
      const compiled = runPython(numpyPython, ['-m', 'py_compile', 'train_keras.py'], dir);
      expect(compiled.code, compiled.stderr).toBe(0);
    },
  );

  it.for(Object.entries(ATTENTION_CASES).filter(([, query]) => !isGruCase(query)))(
    '%s: reads the weights TF.js reads, in the same order (numpy, no TensorFlow)',
    async ([, query], ctx) => {
      if (!numpyPython) return ctx.skip(NO_NUMPY);
      const { dir } = await exported(query);
      const read = runPython(
        numpyPython,
        [
          '-c',
          "import json, train_keras; print(json.dumps([w.ravel().view('<u4').tolist() for w in train_keras.read_tfjs_weights()]))",
        ],
        dir,
      );
      expect(read.code, read.stderr).toBe(0);
      const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const bin = readFileSync(join(dir, 'weights.bin'));
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: modelJson.modelTopology,
          weightSpecs: modelJson.weightsManifest[0].weights,
          weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        }),
      );
      const fromTfjs = model
        .getWeights()
        .map((w) => [...new Uint32Array((w.dataSync() as Float32Array).buffer)]);
      expect(JSON.parse(read.stdout)).toEqual(fromTfjs);
      model.dispose();
    },
  );

  it('refuses a model.json whose weights are in another order, naming both', async (ctx) => {
    if (!numpyPython) return ctx.skip(NO_NUMPY);
    const { dir } = await exported(EXPORT_CASES['LSTM(8)→LSTM(5), classification (tenclass)']);
    const path = join(dir, 'model.json');
    const modelJson = JSON.parse(readFileSync(path, 'utf8'));
    const weights = modelJson.weightsManifest[0].weights;
    [weights[0], weights[1]] = [weights[1], weights[0]];
    writeFileSync(path, JSON.stringify(modelJson));
    const read = runPython(numpyPython, ['-c', 'import train_keras; train_keras.read_tfjs_weights()'], dir);
    expect(read.code).toBe(1);
    expect(read.stderr).toMatch(/model.json does not hold this model: \[\('lstm\/recurrent_kernel'/);
  });
});
