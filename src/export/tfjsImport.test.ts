import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTENTION_CASES,
  EXPORT_CASES,
  maxAbsDiff,
  trainedModel,
} from '../../test/support/export/trainedModel';
import { readNodeDataFile } from '../data/nodeFiles';
import { Prng } from '../data/prng';
import { prepareRun } from '../engine/host/session';
import { createReferenceBackend } from '../engine/reference/backend';
import { LstmModel } from '../engine/reference/model';
import { allocFloat32 } from '../engine/reference/types';
import { decode, encode } from '../link/urlCodec';
import { DEFAULT_CONFIG } from '../model/config';
import { modelShape, weightTensors } from '../model/params';
import { ImportError } from './importError';
import { checkImportSize } from './importSize';
import { modelSpecOf } from './modelSpec';
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
  return { model, files: await savedFiles(model) };
}

/** model.json and its shard as TF.js saves a model (Sequential or functional). */
async function savedFiles(model: tf.LayersModel): Promise<ImportFile[]> {
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
  return [
    { name: 'model.json', bytes: text(JSON.stringify(modelJson)) },
    { name: 'group1-shard1of1.bin', bytes: bin },
  ];
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

  it.for(Object.entries(ATTENTION_CASES))(
    '%s: export (functional) → import gives back the same weights and the whole run config',
    async ([, query]) => {
      const { trained, list } = await exportedFiles(query);
      const imported = importTfjsModel(list, DEFAULT_CONFIG);
      expect(imported.config).toEqual(trained.config);
      expect(imported.config.attention).not.toBe('none');
      const got = weightTensors(imported.weights);
      const want = weightTensors(trained.weights);
      expect(got).toHaveLength(want.length);
      want.forEach((w, i) => {
        expect([...got[i]], `tensor ${i}`).toEqual([...w]);
      });
    },
  );

  /**
   * A functional attention model as TF.js builds and saves it, with TF.js's own layer names: the
   * import reads its graph, and our engine with the imported weights predicts the validation split
   * as TF.js does. Measured 7.5e-9 and 1.5e-8 in two runs (TF.js draws its own initial weights;
   * float32 both sides); with W's values reversed on import 4.8e-3 (and the round trips above fail).
   */
  it('reads a functional attention model TF.js saved itself, and our engine predicts what TF.js does', async () => {
    const { config } = decode('d=tenclass&n=60&t=9&u=6&att=additive&s=5');
    const run = await prepareRun(config, readNodeDataFile);
    const { timesteps: T, features: F, outputs: K } = run.dataset;
    const input = tf.input({ shape: [T, F] });
    const states = tf.layers
      .lstm({ units: 6, returnSequences: true, recurrentActivation: 'sigmoid' })
      .apply(input) as tf.SymbolicTensor;
    const hidden = tf.layers.dense({ units: 6, activation: 'tanh' }).apply(states);
    const scores = tf.layers.dense({ units: 1, useBias: false }).apply(hidden);
    const alpha = tf.layers.softmax().apply(tf.layers.reshape({ targetShape: [T] }).apply(scores));
    const context = tf.layers.dot({ axes: 1 }).apply([alpha as tf.SymbolicTensor, states]);
    const output = tf.layers.dense({ units: K, activation: 'softmax' }).apply(context) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const imported = importTfjsModel(await savedFiles(model), config);
    expect(imported.playground).toBeNull();
    expect(imported.config).toMatchObject({ layers: [6], attention: 'additive', cell: 'lstm' });

    const backend = createReferenceBackend(imported.config, run.dataset, imported.weights);
    const ours = (await backend.evaluate('val')).outputs;
    backend.dispose();
    const x = tf.tensor3d(run.dataset.val.x, [run.dataset.val.n, T, F]);
    const theirs = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const worst = maxAbsDiff(ours, theirs);
    expect(worst, `max |ours − tfjs| = ${worst}`).toBeLessThan(1e-5);
    model.dispose();
  });

  it("reads Keras 3's way of writing a functional model's inbound nodes ({args: [tensors]})", async () => {
    const query =
      ATTENTION_CASES['Bidirectional LSTM(5)→LSTM(4) → dot attention, regression (co2), dropouts'];
    const { trained, list } = await exportedFiles(query);
    const json = JSON.parse(new TextDecoder().decode(list[0].bytes));
    const tensor = (name: string) => ({
      class_name: '__keras_tensor__',
      config: { keras_history: [name, 0, 0] },
    });
    for (const layer of json.modelTopology.config.layers) {
      const names = (layer.inbound_nodes[0] ?? []).map((t: unknown[]) => t[0] as string);
      if (names.length === 0) continue;
      layer.inbound_nodes = [
        { args: [names.length === 1 ? tensor(names[0]) : names.map(tensor)], kwargs: {} },
      ];
    }
    json.modelTopology.config.input_layers = ['input', 0, 0];
    const imported = importTfjsModel(
      [{ name: 'model.json', bytes: text(JSON.stringify(json)) }, list[1]],
      DEFAULT_CONFIG,
    );
    expect(imported.config).toEqual(trained.config);
    expect([...(imported.weights.attention?.vector ?? [])]).toEqual([
      ...(trained.weights.attention?.vector ?? []),
    ]);
  });

  it("refuses a functional model whose attention's Dot reads another layer, naming it", async () => {
    const { list } = await exportedFiles(
      ATTENTION_CASES['LSTM(6) → additive attention, classification (tenclass), output dropout, L2'],
    );
    const json = JSON.parse(new TextDecoder().decode(list[0].bytes));
    const dot = json.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'Dot');
    dot.inbound_nodes[0][1][0] = 'attention_hidden';
    const error = refusal(() =>
      importTfjsModel([{ name: 'model.json', bytes: text(JSON.stringify(json)) }, list[1]], DEFAULT_CONFIG),
    );
    expect(error.code).toBe('unsupportedSetting');
    expect(error.vars).toMatchObject({ layer: 'attention_context', setting: 'inputs' });

    // A layer that reads anything but the layer before it is refused too.
    const chain = JSON.parse(new TextDecoder().decode(list[0].bytes));
    chain.modelTopology.config.layers.at(-1).inbound_nodes = [[['lstm', 0, 0, {}]]];
    expect(
      refusal(() =>
        importTfjsModel(
          [{ name: 'model.json', bytes: text(JSON.stringify(chain)) }, list[1]],
          DEFAULT_CONFIG,
        ),
      ).vars,
    ).toMatchObject({ layer: 'dense', setting: 'inputs' });
  });

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
      m.add(tf.layers.conv1d({ filters: 4, kernelSize: 2, inputShape: [5, 2] }));
      m.add(tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid' }));
      m.add(tf.layers.dense({ units: 1 }));
    });
    const e = refusal(() => importTfjsModel(files, DEFAULT_CONFIG));
    expect(e.code).toBe('unsupportedLayer');
    expect(e.message).toMatch(/^Layer “conv1d_Conv1D\d+” is a Conv1D, which the playground does not train/);
  });

  it('reads a Bidirectional SimpleRNN model TF.js saved itself, and our engine predicts what TF.js does', async () => {
    const T = 5;
    const F = 2;
    const { files, model } = await foreignModel((m) => {
      m.add(
        tf.layers.bidirectional({
          layer: tf.layers.simpleRNN({ units: 4, returnSequences: true }) as tf.RNN,
          inputShape: [T, F],
        }),
      );
      m.add(tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 3 }) as tf.RNN }));
      m.add(tf.layers.dense({ units: 2 }));
    });
    const imported = importTfjsModel(files, DEFAULT_CONFIG);
    expect(imported.config).toMatchObject({ layers: [4, 3], cell: 'simple_rnn', bidirectional: true });
    const B = 6;
    const rng = new Prng(9);
    const x = Float32Array.from({ length: B * T * F }, () => rng.normal()); // [B, T, F]
    const shape = modelShape([4, 3], F, 2, 'simple_rnn', true);
    const ours = new LstmModel(shape, 'regression', B, T, allocFloat32, false);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        for (let f = 0; f < F; f++) ours.x0[(t * B + b) * F + f] = x[(b * T + t) * F + f];
    ours.forward(imported.weights, null);
    ours.loss();
    const theirs = (model.predict(tf.tensor3d(x, [B, T, F])) as tf.Tensor).dataSync() as Float32Array;
    // Measured 1.2e-7 (float32 on both sides); with the forward and backward weights swapped on import, 1.1.
    expect(maxAbsDiff(ours.outputs, theirs)).toBeLessThan(1e-5);
  });

  interface LayerJson {
    class_name: string;
    config: Record<string, unknown> & { layer?: LayerJson };
  }

  /** A model.json of ours with one layer's config changed: what a Keras user's file may hold. */
  async function edited(query: string, edit: (layers: LayerJson[]) => void) {
    const { list } = await exportedFiles(query);
    const json = JSON.parse(new TextDecoder().decode(list[0].bytes));
    edit(json.modelTopology.config.layers);
    return [{ name: 'model.json', bytes: text(JSON.stringify(json)) }, list[1]];
  }

  it.for([
    [
      "a GRU with reset_after=false (TF.js's only GRU)",
      EXPORT_CASES['GRU(6)→GRU(4), regression (sine), dropouts and L2'],
      (layers: LayerJson[]) => {
        layers[1].config.reset_after = false;
      },
      'Layer “gru_1”: reset_after is false; the playground supports true.',
    ],
    [
      'a SimpleRNN with relu',
      EXPORT_CASES['SimpleRNN(7), classification (tenclass), output dropout'],
      (layers: LayerJson[]) => {
        layers[0].config.activation = 'relu';
      },
      'Layer “simple_rnn”: activation is "relu"; the playground supports "tanh".',
    ],
    [
      "a Bidirectional layer with merge_mode='sum'",
      EXPORT_CASES['Bidirectional GRU(5)→GRU(3), classification (tenclass)'],
      (layers: LayerJson[]) => {
        layers[1].config.merge_mode = 'sum';
      },
      'Layer “bidirectional_1”: merge_mode is "sum"; the playground supports "concat".',
    ],
    [
      'layers of two cell types',
      EXPORT_CASES['LSTM(8)→LSTM(5), classification (tenclass)'],
      (layers: LayerJson[]) => {
        layers[1].class_name = 'GRU';
        layers[1].config.reset_after = true;
      },
      'Layer “lstm_1”: recurrent layer class is "GRU"; the playground supports the same recurrent layer class on every layer (“lstm” has "LSTM").',
    ],
    [
      'Bidirectional and plain layers mixed',
      EXPORT_CASES['Bidirectional LSTM(5)→LSTM(4), classification (tenclass), dropouts'],
      (layers: LayerJson[]) => {
        const inner = layers[1].config.layer as LayerJson;
        layers[1] = { class_name: inner.class_name, config: inner.config };
      },
      'Layer “lstm_1”: Bidirectional wrapper is false; the playground supports the same Bidirectional wrapper on every layer (“bidirectional” has true).',
    ],
    [
      'a Bidirectional layer whose backward layer is another layer',
      EXPORT_CASES['Bidirectional LSTM(5)→LSTM(4), classification (tenclass), dropouts'],
      (layers: LayerJson[]) => {
        const inner = layers[0].config.layer as LayerJson;
        layers[0].config.backward_layer = {
          class_name: 'LSTM',
          config: { ...inner.config, units: 2, go_backwards: true },
        };
      },
      'Layer “bidirectional”: backward_layer is "a layer of its own"; the playground supports the wrapped layer run backwards (Keras’s default).',
    ],
  ] as const)('refuses %s, naming the layer and the setting', async ([, query, edit, message]) => {
    const files = await edited(query, edit);
    const e = refusal(() => importTfjsModel(files, DEFAULT_CONFIG));
    expect(e.code).toBe('unsupportedSetting');
    expect(e.message).toBe(message);
  });

  it("accepts Keras 3's Bidirectional, which writes the backward layer out (go_backwards: true)", async () => {
    const query = EXPORT_CASES['Bidirectional GRU(5)→GRU(3), classification (tenclass)'];
    const files = await edited(query, (layers) => {
      for (const layer of layers.slice(0, 2)) {
        const inner = layer.config.layer as LayerJson;
        layer.config.backward_layer = {
          class_name: inner.class_name,
          config: { ...inner.config, name: `backward_${String(inner.config.name)}`, go_backwards: true },
        };
      }
    });
    const { trained } = await exportedFiles(query);
    const imported = importTfjsModel(files, DEFAULT_CONFIG);
    expect(weightTensors(imported.weights).map((t) => [...t])).toEqual(
      weightTensors(trained.weights).map((t) => [...t]),
    );
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
