import type { LayerWeights, Weights } from '../model/params';
import { interleavedToBlocks } from './gateLayout';
import { type CellKind, headInputSize, type ModelSpec, type RecurrentLayerSpec } from './modelSpec';

/**
 * The model in Keras's words: the Sequential layer list (class names and configs as Keras
 * serializes them) and each layer's weights in Keras's order, shape and layout. The TF.js
 * LayersModel (tfjsModel.ts) and the Keras script (kerasScript.ts) are both written from this.
 */

export interface KerasWeight {
  /** `layer/kernel`: the TF.js manifest name; tensorflowjs_converter maps it to Keras by name. */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface KerasLayer {
  className: string;
  config: Record<string, unknown>;
  weights: KerasWeight[];
}

/** One row per cell kind: its Keras class, the config keys of that class, its weights. */
interface KerasCellWriter {
  className: string;
  /** Keras's default layer name stem ("lstm" → lstm, lstm_1, …). */
  nameStem: string;
  config(layer: RecurrentLayerSpec, spec: ModelSpec): Record<string, unknown>;
  weights(layer: RecurrentLayerSpec, w: LayerWeights): Omit<KerasWeight, 'name'>[];
}

const initializer = (className: string, config: Record<string, unknown> = {}) => ({
  class_name: className,
  config,
});

export function kerasRegularizer(l1: number, l2: number): Record<string, unknown> | null {
  return l1 > 0 || l2 > 0 ? { class_name: 'L1L2', config: { l1, l2 } } : null;
}

/** Keras keeps LSTM gates in blocks i, f, c, o: the same order as our interleaved i, f, g, o. */
export const KERAS_LSTM_GATE_ORDER = [0, 1, 2, 3] as const;

export const KERAS_CELLS: Record<CellKind, KerasCellWriter> = {
  lstm: {
    className: 'LSTM',
    nameStem: 'lstm',
    config: (layer, spec) => ({
      units: layer.units,
      activation: 'tanh',
      // Keras's default; TF.js's own default is hard_sigmoid, so it is written out.
      recurrent_activation: 'sigmoid',
      use_bias: true,
      kernel_initializer: initializer('GlorotUniform', { seed: null }),
      recurrent_initializer: initializer('Orthogonal', { gain: 1, seed: null }),
      bias_initializer: initializer('Zeros'),
      unit_forget_bias: true,
      kernel_regularizer: kerasRegularizer(spec.l1, spec.l2),
      recurrent_regularizer: kerasRegularizer(spec.l1, spec.l2),
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: spec.dropout,
      recurrent_dropout: spec.recurrentDropout,
      implementation: 2,
      return_sequences: layer.returnSequences,
      return_state: false,
      go_backwards: false,
      stateful: false,
      unroll: false,
    }),
    weights: ({ inputSize, units }, w) => [
      {
        shape: [inputSize, 4 * units],
        values: interleavedToBlocks(w.kernel, inputSize, units, KERAS_LSTM_GATE_ORDER),
      },
      {
        shape: [units, 4 * units],
        values: interleavedToBlocks(w.recurrent, units, units, KERAS_LSTM_GATE_ORDER),
      },
      { shape: [4 * units], values: interleavedToBlocks(w.bias, 1, units, KERAS_LSTM_GATE_ORDER) },
    ],
  },
};

export const KERAS_WEIGHT_SUFFIXES: Record<CellKind, string[]> = {
  lstm: ['kernel', 'recurrent_kernel', 'bias'],
};

/** Keras's automatic names: the first layer of a kind is `stem`, then `stem_1`, `stem_2`, … */
function namer() {
  const seen = new Map<string, number>();
  return (stem: string) => {
    const n = seen.get(stem) ?? 0;
    seen.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  };
}

/** The Sequential layers of a model: recurrent layers, the output Dropout (if any), the Dense head. */
export function kerasLayers(spec: ModelSpec, weights: Weights): KerasLayer[] {
  const name = namer();
  const layers: KerasLayer[] = spec.layers.map((layer, l) => {
    const writer = KERAS_CELLS[layer.cell];
    if (layer.bidirectional) throw new Error('Bidirectional export arrives with the cell-types issue');
    const layerName = name(writer.nameStem);
    const suffixes = KERAS_WEIGHT_SUFFIXES[layer.cell];
    return {
      className: writer.className,
      config: {
        name: layerName,
        trainable: true,
        ...(l === 0 ? { batch_input_shape: [null, spec.timesteps, spec.features] } : {}),
        dtype: 'float32',
        ...writer.config(layer, spec),
      },
      weights: writer
        .weights(layer, weights.layers[l])
        .map((tensor, i) => ({ name: `${layerName}/${suffixes[i]}`, ...tensor })),
    };
  });
  if (spec.outputDropout > 0) {
    layers.push({
      className: 'Dropout',
      config: {
        name: name('dropout'),
        trainable: true,
        dtype: 'float32',
        rate: spec.outputDropout,
        noise_shape: null,
        seed: null,
      },
      weights: [],
    });
  }
  const denseName = name('dense');
  const hidden = headInputSize(spec);
  layers.push({
    className: 'Dense',
    config: {
      name: denseName,
      trainable: true,
      dtype: 'float32',
      units: spec.outputs,
      activation: spec.task === 'classification' ? 'softmax' : 'linear',
      use_bias: true,
      kernel_initializer: initializer('GlorotUniform', { seed: null }),
      bias_initializer: initializer('Zeros'),
      kernel_regularizer: kerasRegularizer(spec.l1, spec.l2),
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
    weights: [
      // Our head kernel is already Keras's [in, out], row-major.
      { name: `${denseName}/kernel`, shape: [hidden, spec.outputs], values: weights.headKernel.slice() },
      { name: `${denseName}/bias`, shape: [spec.outputs], values: weights.headBias.slice() },
    ],
  });
  return layers;
}
