import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFiles } from './exportFiles';
import { NO_NUMPY, pythonWith, runPython } from './testing/python';
import { EXPORT_CASES, trainedModel } from './testing/trainedModel';

/**
 * TensorFlow cannot be installed here, so train_keras.py is checked where it can be: Python
 * compiles it, its layer calls are the TF.js export's layers in order, and its weight reader
 * (numpy only) returns exactly the arrays TF.js loads from the same model.json, in TF.js's order.
 */
const numpyPython = pythonWith('numpy');
if (!numpyPython) console.warn(`SKIPPED: ${NO_NUMPY}`);

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
  return { dir, names: files.map((f) => f.name), script: readFileSync(join(dir, 'train_keras.py'), 'utf8') };
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
        const c = topology[i].config;
        expect(args).toContain(`name='${c.name}'`);
        if ('units' in c) expect(args.startsWith(`${c.units}`)).toBe(true);
        if (c.return_sequences) expect(args).toContain('return_sequences=True');
        if (c.activation && c.activation !== 'tanh') expect(args).toContain(`activation='${c.activation}'`);
      });

      if (!numpyPython) return ctx.skip(NO_NUMPY);
      const compiled = runPython(numpyPython, ['-m', 'py_compile', 'train_keras.py'], dir);
      expect(compiled.code, compiled.stderr).toBe(0);
    },
  );

  it('reads the weights TF.js reads, in the same order (numpy, no TensorFlow)', async (ctx) => {
    if (!numpyPython) return ctx.skip(NO_NUMPY);
    const { dir } = await exported(EXPORT_CASES['LSTM(8)→LSTM(5), classification (tenclass)']);
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
