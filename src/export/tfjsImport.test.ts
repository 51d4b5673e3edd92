import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../data/prng';
import { LstmModel } from '../engine/reference/model';
import { allocFloat32 } from '../engine/reference/types';
import { DEFAULT_CONFIG } from '../model/config';
import { modelShape, weightTensors } from '../model/params';
import { encode } from '../state/urlCodec';
import { ImportError } from './importError';
import { checkImportSize } from './importSize';
import { modelSpecOf } from './modelSpec';
import { EXPORT_CASES, maxAbsDiff, trainedModel } from './testing/trainedModel';
import { type ImportFile, importTfjsModel } from './tfjsImport';
import { tfjsModelFiles } from './tfjsModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const text = (s: string) => new TextEncoder().encode(s);

async function exportedFiles(query: string) {
  const trained = await trainedModel(query, 2);
  const spec = modelSpecOf(trained.config, trained.dataset);
  const files = tfjsModelFiles(spec, trained.weights, { link: encode(trained.config), epochsTrained: 2 });
  return {
    trained,
    files,
    list: [
      { name: 'model.json', bytes: text(files.modelJson) },
      { name: 'weights.bin', bytes: files.weightsBin },
    ],
  };
}

/** A model TF.js itself builds and saves (as tensorflowjs_converter would from Keras): no playground metadata. */
async function foreignModel(
  build: (m: tf.Sequential) => void,
): Promise<{ files: ImportFile[]; model: tf.Sequential }> {
  const model = tf.sequential();
  build(model);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save({
    save: async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
  if (!artifacts?.weightData || !artifacts.weightSpecs) throw new Error('TF.js saved nothing');
  const modelJson = {
    format: 'layers-model',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
  };
  const bin = new Uint8Array(artifacts.weightData as ArrayBuffer);
  return {
    model,
    files: [
      { name: 'model.json', bytes: text(JSON.stringify(modelJson)) },
      { name: 'group1-shard1of1.bin', bytes: bin },
    ],
  };
}

function refusal(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('importing a TF.js LayersModel', () => {
  it.for(Object.entries(EXPORT_CASES))(
    '%s: export → import gives back the same weights and the whole run config',
    async ([, query]) => {
      const { trained, list } = await exportedFiles(query);
      const imported = importTfjsModel(list, DEFAULT_CONFIG);
      expect(imported.config).toEqual(trained.config);
      const got = weightTensors(imported.weights);
      weightTensors(trained.weights).forEach((w, i) => {
        expect([...got[i]], `tensor ${i}`).toEqual([...w]);
      });
      expect(imported.playground?.epochsTrained).toBe(2);
    },
  );

  it('opens our .zip as well as the loose files', async () => {
    const { trained, files } = await exportedFiles(
      EXPORT_CASES['LSTM(8)→LSTM(5), classification (tenclass)'],
    );
    const zip = zipSync({ 'model.json': text(files.modelJson), 'weights.bin': files.weightsBin });
    const imported = importTfjsModel([{ name: 'lstm-playground-tfjs.zip', bytes: zip }], DEFAULT_CONFIG);
    expect([...imported.weights.headKernel]).toEqual([...trained.weights.headKernel]);
  });

  it("reads a model TF.js saved itself, and our engine then predicts what TF.js does (foreign model: the page's dataset and knobs stay)", async () => {
    const T = 6;
    const F = 3;
    const { files, model } = await foreignModel((m) => {
      m.add(
        tf.layers.lstm({
          units: 5,
          returnSequences: true,
          inputShape: [T, F],
          recurrentActivation: 'sigmoid',
          dropout: 0.1,
        }),
      );
      m.add(tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', dropout: 0.1 }));
      m.add(tf.layers.dropout({ rate: 0.25 }));
      m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
    });
    const imported = importTfjsModel(files, DEFAULT_CONFIG);
    expect(imported.playground).toBeNull();
    expect(imported.config).toMatchObject({
      layers: [5, 4],
      dropout: 0.1,
      recurrentDropout: 0,
      outputDropout: 0.25,
    });
    expect(imported.config.dataset).toEqual({ ...DEFAULT_CONFIG.dataset, timesteps: T });
    expect(imported.config.optimizer).toBe(DEFAULT_CONFIG.optimizer);

    const B = 7;
    const rng = new Prng(5);
    const x = Float32Array.from({ length: B * T * F }, () => rng.normal()); // [B, T, F]
    const ours = new LstmModel(modelShape([5, 4], F, 3), 'classification', B, T, allocFloat32, false);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        for (let f = 0; f < F; f++) ours.x0[(t * B + b) * F + f] = x[(b * T + t) * F + f];
    ours.forward(imported.weights, null);
    ours.loss();
    const theirs = (model.predict(tf.tensor3d(x, [B, T, F])) as tf.Tensor).dataSync() as Float32Array;
    // Measured 3.0e-8 (float32 on both sides); with Keras's f and c blocks swapped on import, 0.013.
    expect(maxAbsDiff(ours.outputs, theirs)).toBeLessThan(1e-5);
  });

  it('refuses malformed JSON, naming what the parser says', () => {
    const e = refusal(() =>
      importTfjsModel([{ name: 'model.json', bytes: text('{"modelTopology": ') }], DEFAULT_CONFIG),
    );
    expect(e.code).toBe('malformedJson');
    expect(e.message).toMatch(/^model.json is not valid JSON: /);
  });

  it('refuses weights of the wrong size, with both sizes', async () => {
    const { list } = await exportedFiles(EXPORT_CASES['LSTM(6), regression (sine), all dropouts and L1/L2']);
    const short = [list[0], { name: 'weights.bin', bytes: list[1].bytes.slice(0, list[1].bytes.length - 8) }];
    const e = refusal(() => importTfjsModel(short, DEFAULT_CONFIG));
    expect(e.code).toBe('weightsSize');
    expect(e.message).toBe(
      `The weights have ${list[1].bytes.length - 8} bytes, but model.json describes ${list[1].bytes.length} bytes.`,
    );
  });

  it('refuses a missing weights file, by its name', async () => {
    const { list } = await exportedFiles(EXPORT_CASES['LSTM(6), regression (sine), all dropouts and L1/L2']);
    expect(refusal(() => importTfjsModel([list[0]], DEFAULT_CONFIG)).message).toMatch(
      /“weights.bin” that model.json names/,
    );
  });

  it('refuses an unsupported layer, naming it and its class', async () => {
    const { files } = await foreignModel((m) => {
      m.add(tf.layers.gru({ units: 4, inputShape: [5, 2] }));
      m.add(tf.layers.dense({ units: 1 }));
    });
    const e = refusal(() => importTfjsModel(files, DEFAULT_CONFIG));
    expect(e.code).toBe('unsupportedLayer');
    expect(e.message).toMatch(/^Layer “gru_GRU\d+” is a GRU, which the playground does not train/);
  });

  it('refuses an unsupported setting, naming the layer and the setting', async () => {
    const { files } = await foreignModel((m) => {
      // TF.js's own default recurrent activation: hard_sigmoid, which our engine does not run.
      m.add(tf.layers.lstm({ units: 4, inputShape: [5, 2] }));
      m.add(tf.layers.dense({ units: 1 }));
    });
    const e = refusal(() => importTfjsModel(files, DEFAULT_CONFIG));
    expect(e.code).toBe('unsupportedSetting');
    expect(e.message).toMatch(
      /^Layer “lstm_LSTM\d+”: recurrent_activation is "hard_sigmoid"; the playground supports "sigmoid"\.$/,
    );
  });

  it('refuses a 100 MB file before reading it', () => {
    const e = refusal(() => checkImportSize([{ name: 'huge.bin', size: 100 * 1024 * 1024 }]));
    expect(e.code).toBe('tooLarge');
    expect(e.message).toBe('huge.bin is 100 MB; a model the playground trains is at most 64 MB.');
  });

  it('refuses a graph model and a file set without model.json', () => {
    const graph = text(JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }));
    expect(refusal(() => importTfjsModel([{ name: 'model.json', bytes: graph }], DEFAULT_CONFIG)).code).toBe(
      'notLayersModel',
    );
    expect(
      refusal(() => importTfjsModel([{ name: 'weights.bin', bytes: new Uint8Array(8) }], DEFAULT_CONFIG))
        .code,
    ).toBe('noModelJson');
  });
});
