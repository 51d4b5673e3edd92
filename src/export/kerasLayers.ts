import { CELL_KINDS, kerasInitializer } from '../model/cellKinds';
import { type AttentionLayerSpec, visitLayer } from '../model/layers';
import type { RecurrentWeights, Weights } from '../model/params';
import { SEQ2SEQ_EXPORT_REASON } from './formats';
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
  /**
   * The names of the layers it reads, when not just the one before it: the attention's Dot reads
   * the weights and the recurrent states, which makes the model a functional one, not Sequential.
   */
  inputs?: string[];
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
 * The layers of a model, walking its description (spec.model): each recurrent layer, the
 * attention's stock layers (attentionLayers) when it has one, then before the Dense head the
 * output Dropout (if any). A layer kind with no Keras layer here fails `tsc` (visitLayer).
 */
export function kerasLayers(spec: ModelSpec, weights: Weights): KerasLayer[] {
  const name = namer();
  const out: KerasLayer[] = [];
  for (const layer of spec.model) {
    const l = out.length;
    out.push(
      ...visitLayer<KerasLayer[]>(layer, {
        recurrent: () => [
          recurrentLayer(spec, spec.layers.indexOf(layer as RecurrentLayerSpec), weights, name),
        ],
        attention: (a) => attentionLayers(a, spec, weights, String(out[l - 1].config.name)),
        decoder: () => {
          throw new Error(SEQ2SEQ_EXPORT_REASON);
        },
        dense: () => [...outputDropout(spec, name), denseHead(spec, weights, name)],
      }),
    );
  }
  return out;
}

/** Keras's config of a Dense layer of ours (an attention score's or the head's). */
function denseConfig(spec: ModelSpec, name: string, units: number, activation: string, useBias: boolean) {
  return {
    name,
    trainable: true,
    dtype: 'float32',
    units,
    activation,
    use_bias: useBias,
    kernel_initializer: kerasInitializer('GlorotUniform', { seed: null }),
    bias_initializer: kerasInitializer('Zeros'),
    kernel_regularizer: kerasRegularizer(spec.l1, spec.l2),
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  };
}

/**
 * The attention in Keras's stock layers, on the recurrent states `states` [B, T, D]: Dense on a
 * 3-D input acts on each step, so the scores e [B, T, 1] are Dense(A, tanh) then Dense(1, no bias)
 * (additive: W [D, A] and b as the first's kernel and bias, v [A, 1] the second's kernel) or one
 * Dense(1, no bias) with q [D, 1] (dot); Reshape to [B, T] and Softmax over its last axis give
 * α [B, T] (TF.js 4.22's softmax takes no other axis); Dot(axes=1)([α, states]) is the context
 * Σ_t α_t·h_t [B, D]. No padding mask: every step is real in the data the exports carry today.
 * L1/L2 on the kernels and on v or q, not on b, as the engine's.
 */
function attentionLayers(
  a: AttentionLayerSpec,
  spec: ModelSpec,
  weights: Weights,
  states: string,
): KerasLayer[] {
  const w = weights.attention;
  if (!w) throw new Error('an attention layer without its weights');
  const dense = (name: string, units: number, activation: string, values: KerasWeight[]): KerasLayer => ({
    className: 'Dense',
    config: denseConfig(spec, name, units, activation, values.length > 1),
    weights: values,
  });
  const scores: KerasLayer[] = [];
  if (a.score === 'additive') {
    if (!w.kernel || !w.bias) throw new Error('an additive attention layer without W and b');
    scores.push(
      dense('attention_hidden', a.hidden, 'tanh', [
        // W [D, A] row-major is Keras's kernel layout as it is.
        { name: 'attention_hidden/kernel', shape: [a.inputSize, a.hidden], values: w.kernel.slice() },
        { name: 'attention_hidden/bias', shape: [a.hidden], values: w.bias.slice() },
      ]),
      dense('attention_score', 1, 'linear', [
        { name: 'attention_score/kernel', shape: [a.hidden, 1], values: w.vector.slice() },
      ]),
    );
  } else {
    scores.push(
      dense('attention_score', 1, 'linear', [
        { name: 'attention_score/kernel', shape: [a.inputSize, 1], values: w.vector.slice() },
      ]),
    );
  }
  const layer = (className: string, name: string, config: Record<string, unknown>, inputs?: string[]) => ({
    className,
    config: { name, trainable: true, dtype: 'float32', ...config },
    weights: [],
    ...(inputs ? { inputs } : {}),
  });
  return [
    ...scores,
    layer('Reshape', 'attention_scores', { target_shape: [spec.timesteps] }),
    layer('Softmax', 'attention_weights', { axis: -1 }),
    layer('Dot', 'attention_context', { axes: 1, normalize: false }, ['attention_weights', states]),
  ];
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
    config: denseConfig(spec, denseName, spec.head.units, spec.head.activation, true),
    weights: [
      // Our head kernel is already Keras's [in, out], row-major; for a Bidirectional layer its
      // rows are [forward h, reverse h], Keras's concat order.
      { name: `${denseName}/kernel`, shape: [hidden, spec.outputs], values: weights.headKernel.slice() },
      { name: `${denseName}/bias`, shape: [spec.outputs], values: weights.headBias.slice() },
    ],
  };
}
