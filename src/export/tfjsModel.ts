import type { Weights } from '../model/params';
import { type KerasLayer, kerasLayers } from './kerasLayers';
import type { ModelSpec } from './modelSpec';

/**
 * The TF.js LayersModel format: `model.json` (Keras topology, Sequential, or functional for a model
 * with attention, + weights manifest) and one binary shard `weights.bin` (every weight as little-endian float32, in manifest order). Loadable by
 * tf.loadLayersModel and convertible to a Keras .h5 by tensorflowjs_converter
 * (--input_format tfjs_layers_model --output_format keras).
 */

export const TFJS_WEIGHTS_FILE = 'weights.bin';
/** The key of our own block in model.json's userDefinedMetadata (TF.js keeps it, Keras ignores it). */
export const METADATA_KEY = 'lstmPlayground';

/** What the playground adds to model.json so that an import can restore the whole run. */
export interface PlaygroundMetadata {
  /** The run's link query (dataset, optimizer, every knob): what the import restores. */
  link: string;
  /** Epochs the weights were trained for; 0 = the initial (untrained) weights. */
  epochsTrained: number;
  classNames?: string[];
  /** Regression: target = output·std + mean. */
  targetScale?: { mean: number; std: number };
}

export interface TfjsModelFiles {
  modelJson: string;
  weightsBin: Uint8Array;
}

export function tfjsModelFiles(
  spec: ModelSpec,
  weights: Weights,
  metadata: PlaygroundMetadata,
): TfjsModelFiles {
  const layers = kerasLayers(spec, weights);
  const tensors = layers.flatMap((layer) => layer.weights);
  const total = tensors.reduce((n, t) => n + t.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    data.set(t.values, offset);
    offset += t.values.length;
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'LSTM Playground',
    convertedBy: null,
    modelTopology: {
      ...(isFunctional(layers) ? functionalTopology(spec, layers) : sequentialTopology(layers)),
      keras_version: '2.15.0',
      backend: 'tensorflow',
    },
    weightsManifest: [
      {
        paths: [TFJS_WEIGHTS_FILE],
        weights: tensors.map(({ name, shape }) => ({ name, shape, dtype: 'float32' })),
      },
    ],
    userDefinedMetadata: { [METADATA_KEY]: metadata },
  };
  // Float32Array is little-endian on every platform a browser or Node runs on (TF.js assumes so too).
  return { modelJson: JSON.stringify(modelJson, null, 1), weightsBin: new Uint8Array(data.buffer) };
}

/** Whether a layer reads more than the layer before it (the attention's Dot): then the model is functional. */
export const isFunctional = (layers: readonly KerasLayer[]): boolean => layers.some((l) => l.inputs);

function sequentialTopology(layers: readonly KerasLayer[]) {
  return {
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: layers.map((layer) => ({ class_name: layer.className, config: layer.config })),
    },
  };
}

/** The name of the functional model's input layer. */
export const FUNCTIONAL_INPUT = 'input';

/**
 * A Keras functional model (as Keras 2 and TF.js serialize one): an InputLayer [null, T, F], then
 * each layer with its inbound node, the layer before it or the ones it names (KerasLayer.inputs).
 */
function functionalTopology(spec: ModelSpec, layers: readonly KerasLayer[]) {
  const inbound = (names: string[]) => [names.map((name) => [name, 0, 0, {}])];
  const input = {
    class_name: 'InputLayer',
    name: FUNCTIONAL_INPUT,
    config: {
      batch_input_shape: [null, spec.timesteps, spec.features],
      dtype: 'float32',
      sparse: false,
      name: FUNCTIONAL_INPUT,
    },
    inbound_nodes: [],
  };
  const rest = layers.map((layer, i) => {
    const { batch_input_shape: _, ...config } = layer.config;
    const name = String(config.name);
    const before = i === 0 ? FUNCTIONAL_INPUT : String(layers[i - 1].config.name);
    return { class_name: layer.className, name, config, inbound_nodes: inbound(layer.inputs ?? [before]) };
  });
  return {
    class_name: 'Functional',
    config: {
      name: 'model',
      layers: [input, ...rest],
      input_layers: [[FUNCTIONAL_INPUT, 0, 0]],
      output_layers: [[String(layers[layers.length - 1].config.name), 0, 0]],
    },
  };
}
