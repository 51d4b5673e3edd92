import { CELL_KINDS, kerasInitializer } from '../model/cellKinds';
import { visitLayer } from '../model/layers';
import type { RecurrentWeights, Weights } from '../model/params';
import { interleavedToBlocks } from './gateLayout';
import { headInputSize, type ModelSpec, type RecurrentLayerSpec } from './modelSpec';

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

export function kerasRegularizer(l1: number, l2: number): Record<string, unknown> | null {
  return l1 > 0 || l2 > 0 ? { class_name: 'L1L2', config: { l1, l2 } } : null;
}

/** A recurrent layer's whole Keras config (without name, dtype and input shape). */
function cellConfig(layer: RecurrentLayerSpec, spec: ModelSpec): Record<string, unknown> {
  const writer = CELL_KINDS[layer.cell].keras;
  return {
    units: layer.units,
    ...writer.config(),
    kernel_regularizer: kerasRegularizer(spec.l1, spec.l2),
    recurrent_regularizer: kerasRegularizer(spec.l1, spec.l2),
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    recurrent_constraint: null,
    bias_constraint: null,
    dropout: spec.dropout,
    recurrent_dropout: spec.recurrentDropout,
    ...writer.tail(),
    return_sequences: layer.returnSequences,
    return_state: false,
    go_backwards: false,
    stateful: false,
    unroll: false,
  };
}

/**
 * One direction's weights as Keras keeps them: kernel [F, G·H], recurrent_kernel [H, G·H] and
 * bias [G·H] in gate blocks; a GRU's bias is [2, 3H], the input bias then the recurrent one.
 */
export function kerasDirectionWeights(
  layer: RecurrentLayerSpec,
  w: RecurrentWeights,
): Omit<KerasWeight, 'name'>[] {
  const { inputSize, units } = layer;
  const { keras, recurrentBias } = CELL_KINDS[layer.cell];
  const { order } = keras;
  const G = order.length * units;
  const blocks = (src: Float32Array, rows: number) => interleavedToBlocks(src, rows, units, order);
  let bias: Omit<KerasWeight, 'name'> = { shape: [G], values: blocks(w.bias, 1) };
  if (recurrentBias) {
    if (!w.recurrentBias) throw new Error(`a ${keras.className} layer without its recurrent bias`);
    const values = new Float32Array(2 * G);
    values.set(blocks(w.bias, 1));
    values.set(blocks(w.recurrentBias, 1), G);
    bias = { shape: [2, G], values };
  }
  return [
    { shape: [inputSize, G], values: blocks(w.kernel, inputSize) },
    { shape: [units, G], values: blocks(w.recurrent, units) },
    bias,
  ];
}

/** Keras's automatic names: the first layer of a kind is `stem`, then `stem_1`, `stem_2`, … */
function namer() {
  const seen = new Map<string, number>();
  return (stem: string) => {
    const n = seen.get(stem) ?? 0;
    seen.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  };
}

type Namer = ReturnType<typeof namer>;

/**
 * A recurrent layer, or Keras's Bidirectional(layer, merge_mode='concat') around it. Keras makes
 * the inner layer first (so it is `lstm` inside `bidirectional`), names the two copies
 * `forward_lstm` and `backward_lstm`, and lists the forward copy's weights, then the backward's.
 */
function recurrentLayer(spec: ModelSpec, l: number, weights: Weights, name: Namer): KerasLayer {
  const layer = spec.layers[l];
  const writer = CELL_KINDS[layer.cell].keras;
  const innerName = name(writer.nameStem);
  const suffixes = writer.weights;
  const inputShape = l === 0 ? { batch_input_shape: [null, spec.timesteps, spec.features] } : {};
  const named = (prefix: string, w: RecurrentWeights) =>
    kerasDirectionWeights(layer, w).map((tensor, i) => ({ name: `${prefix}/${suffixes[i]}`, ...tensor }));
  const w = weights.layers[l];
  if (layer.directions === 1) {
    return {
      className: writer.className,
      config: {
        name: innerName,
        trainable: true,
        ...inputShape,
        dtype: 'float32',
        ...cellConfig(layer, spec),
      },
      weights: named(innerName, w),
    };
  }
  const inner = { name: innerName, trainable: true, dtype: 'float32', ...cellConfig(layer, spec) };
  if (!w.backward) throw new Error(`layer ${l + 1} is Bidirectional but has no reverse weights`);
  const outer = name('bidirectional');
  return {
    className: 'Bidirectional',
    config: {
      name: outer,
      trainable: true,
      ...inputShape,
      dtype: 'float32',
      layer: { class_name: writer.className, config: inner },
      merge_mode: 'concat',
    },
    weights: [
      ...named(`${outer}/forward_${innerName}`, w),
      ...named(`${outer}/backward_${innerName}`, w.backward),
    ],
  };
}

/**
 * The Sequential layers of a model, walking its description (spec.model): each recurrent layer,
 * then before the Dense head the output Dropout (if any). A layer kind with no Keras layer here
 * fails `tsc` (visitLayer).
 */
export function kerasLayers(spec: ModelSpec, weights: Weights): KerasLayer[] {
  const name = namer();
  return spec.model.flatMap((layer, l) =>
    visitLayer(layer, {
      recurrent: () => [recurrentLayer(spec, l, weights, name)],
      attention: () => {
        throw new Error('the Keras export does not carry attention yet');
      },
      dense: () => [...outputDropout(spec, name), denseHead(spec, weights, name)],
    }),
  );
}

/** Keras's Dropout on the last recurrent output, when the config has one. */
function outputDropout(spec: ModelSpec, name: Namer): KerasLayer[] {
  if (spec.outputDropout <= 0) return [];
  return [
    {
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
    },
  ];
}

/** The Dense head: its kernel [in, out] and bias. */
function denseHead(spec: ModelSpec, weights: Weights, name: Namer): KerasLayer {
  const denseName = name('dense');
  const hidden = headInputSize(spec);
  return {
    className: 'Dense',
    config: {
      name: denseName,
      trainable: true,
      dtype: 'float32',
      units: spec.head.units,
      activation: spec.head.activation,
      use_bias: true,
      kernel_initializer: kerasInitializer('GlorotUniform', { seed: null }),
      bias_initializer: kerasInitializer('Zeros'),
      kernel_regularizer: kerasRegularizer(spec.l1, spec.l2),
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
    weights: [
      // Our head kernel is already Keras's [in, out], row-major; for a Bidirectional layer its
      // rows are [forward h, reverse h], Keras's concat order.
      { name: `${denseName}/kernel`, shape: [hidden, spec.outputs], values: weights.headKernel.slice() },
      { name: `${denseName}/bias`, shape: [spec.outputs], values: weights.headBias.slice() },
    ],
  };
}
