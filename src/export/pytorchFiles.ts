import type { Dataset } from '../data/types';
import { CELL_KINDS } from '../model/cellKinds';
import type { Config } from '../model/config';
import type { AttentionLayerSpec, DecoderLayerSpec } from '../model/layers';
import type { RecurrentWeights, Weights } from '../model/params';
import { interleavedToBlocks, transpose } from './gateLayout';
import { type CellKind, headInputSize, type ModelSpec, type RecurrentLayerSpec } from './modelSpec';
import { type NpyArray, npz } from './npz';
import template from './templates/train_pytorch.py?raw';

/**
 * The PyTorch export: `weights.npz` (the script's state_dict, torch layout), `data.npz` (the
 * splits exactly as the model saw them) and `train_pytorch.py` (the template beside this file
 * with the run's settings written into its CONFIG_JSON line).
 */

/** bias_hh in our interleaved layout: the recurrent bias of a kind with one (GRU), else 0 (the script freezes it). */
function biasHh(cell: CellKind, w: RecurrentWeights): Float32Array {
  if (!CELL_KINDS[cell].recurrentBias) return new Float32Array(w.bias.length);
  if (!w.recurrentBias)
    throw new Error(`a ${CELL_KINDS[cell].keras.className} layer without its recurrent bias`);
  return w.recurrentBias;
}

/** One direction's torch parameters (`weight_ih_l0`, …, with `suffix` "_reverse" for the reverse one). */
function torchDirection(
  layer: RecurrentLayerSpec,
  w: RecurrentWeights,
  suffix: string,
): Record<string, NpyArray> {
  const { inputSize, units } = layer;
  const { order } = CELL_KINDS[layer.cell].torch;
  const G = order.length * units;
  const blocks = (src: Float32Array, rows: number) => interleavedToBlocks(src, rows, units, order);
  return {
    // torch keeps [out, in]: our [in, G·H] gate blocks, transposed.
    [`weight_ih_l0${suffix}`]: {
      shape: [G, inputSize],
      values: transpose(blocks(w.kernel, inputSize), inputSize, G),
    },
    [`weight_hh_l0${suffix}`]: { shape: [G, units], values: transpose(blocks(w.recurrent, units), units, G) },
    [`bias_ih_l0${suffix}`]: { shape: [G], values: blocks(w.bias, 1) },
    [`bias_hh_l0${suffix}`]: { shape: [G], values: blocks(biasHh(layer.cell, w), 1) },
  };
}

/** The model's attention layer, if it has one. */
const attentionOf = (spec: ModelSpec): AttentionLayerSpec | undefined =>
  spec.model.find((l): l is AttentionLayerSpec => l.kind === 'attention');

/**
 * The script's Attention module's parameters: additive `attention.hidden.weight` [A, D] (W [D, A]
 * transposed: torch keeps [out, in]), `attention.hidden.bias` [A] and `attention.score.weight`
 * [1, A] (v); dot `attention.score.weight` [1, D] (q).
 */
function torchAttention(spec: ModelSpec, weights: Weights): Record<string, NpyArray> {
  const attention = attentionOf(spec);
  if (!attention) return {};
  const w = weights.attention;
  if (!w) throw new Error('an attention layer without its weights');
  const { inputSize: D, hidden: A } = attention;
  if (attention.score === 'dot') return { 'attention.score.weight': { shape: [1, D], values: w.vector } };
  if (!w.kernel || !w.bias) throw new Error('an additive attention layer without W and b');
  return {
    'attention.hidden.weight': { shape: [A, D], values: transpose(w.kernel, D, A) },
    'attention.hidden.bias': { shape: [A], values: w.bias },
    'attention.score.weight': { shape: [1, A], values: w.vector },
  };
}

/** The model's decoder (an encoder–decoder, issue 23), if it has one. */
export const decoderOf = (spec: ModelSpec): DecoderLayerSpec | undefined =>
  spec.model.find((l): l is DecoderLayerSpec => l.kind === 'decoder');

/**
 * The script's Decoder module's parameters: `decoder.lstm.*` as an nn.LSTM layer (its bias_hh 0),
 * general's `decoder.attention.weight` [D, H] (q = s·Wa: nn.Linear(H, D) keeps Waᵀ) and
 * `decoder.combine.weight` [H, D + H] (Wcᵀ: the context's D columns first), `decoder.combine.bias`.
 */
function torchDecoder(spec: ModelSpec, weights: Weights): Record<string, NpyArray> {
  const decoder = decoderOf(spec);
  if (!decoder) return {};
  const w = weights.decoder;
  if (!w) throw new Error('a decoder without its weights');
  const { inputSize: D, units: H, vocabulary: V } = decoder;
  const lstm = torchDirection({ ...spec.layers[0], cell: 'lstm', inputSize: V + 1, units: H }, w, '');
  const arrays: Record<string, NpyArray> = {};
  for (const [name, array] of Object.entries(lstm)) arrays[`decoder.lstm.${name}`] = array;
  if (decoder.score === 'general') {
    if (!w.attentionKernel) throw new Error('a general-score decoder without Wa');
    arrays['decoder.attention.weight'] = { shape: [D, H], values: transpose(w.attentionKernel, H, D) };
  }
  arrays['decoder.combine.weight'] = { shape: [H, D + H], values: transpose(w.combineKernel, D + H, H) };
  arrays['decoder.combine.bias'] = { shape: [H], values: w.combineBias };
  return arrays;
}

/**
 * The script's model state_dict: `rnn.<l>.<param>` per recurrent layer, the attention's
 * (torchAttention) or the decoder's (torchDecoder), then `head.weight`, `head.bias`.
 */
export function pytorchWeights(spec: ModelSpec, weights: Weights): Uint8Array {
  const arrays: Record<string, NpyArray> = {};
  spec.layers.forEach((layer, l) => {
    const w = weights.layers[l];
    if ((layer.directions === 2) !== Boolean(w.backward))
      throw new Error(`layer ${l + 1}: directions do not match`);
    const tensors = {
      ...torchDirection(layer, w, ''),
      ...(w.backward ? torchDirection(layer, w.backward, '_reverse') : {}),
    };
    for (const [name, array] of Object.entries(tensors)) arrays[`rnn.${l}.${name}`] = array;
  });
  Object.assign(arrays, torchAttention(spec, weights), torchDecoder(spec, weights));
  const hidden = headInputSize(spec);
  const K = spec.head.units; // a translation model's V symbols (spec.outputs is y's T_out·V)
  arrays['head.weight'] = { shape: [K, hidden], values: transpose(weights.headKernel, hidden, K) };
  arrays['head.bias'] = { shape: [K], values: weights.headBias };
  return npz(arrays);
}

/** x_* [n, T, F] and y_* [n, K] (one-hot classes, or scaled targets), float32. */
export function pytorchData(dataset: Dataset): Uint8Array {
  const { timesteps: T, features: F, outputs: K } = dataset;
  const split = (s: Dataset['train']) => ({
    x: { shape: [s.n, T, F], values: s.x },
    y: { shape: [s.n, K], values: s.y },
  });
  const train = split(dataset.train);
  const val = split(dataset.val);
  return npz({ x_train: train.x, y_train: train.y, x_val: val.x, y_val: val.y });
}

/** The settings train_pytorch.py reads from its CONFIG_JSON line (snake_case, as Python reads it). */
export function scriptConfig(spec: ModelSpec, config: Config, dataset: Dataset, link: string) {
  const es = config.earlyStopping;
  return {
    link,
    task: spec.task,
    timesteps: spec.timesteps,
    features: spec.features,
    outputs: spec.outputs,
    layers: spec.layers.map((l) => ({
      cell: l.cell,
      bidirectional: l.directions === 2,
      input_size: l.inputSize,
      units: l.units,
    })),
    attention: attentionConfig(attentionOf(spec)),
    decoder: decoderConfig(decoderOf(spec)),
    // A translation model's symbols, to print its inputs and greedy outputs (--translate).
    input_vocabulary: dataset.target ? (dataset.vocabulary ?? null) : null,
    output_vocabulary: dataset.target?.vocabulary ?? null,
    dropout: spec.dropout,
    recurrent_dropout: spec.recurrentDropout,
    output_dropout: spec.outputDropout,
    l1: spec.l1,
    l2: spec.l2,
    optimizer: config.optimizer,
    learning_rate: config.learningRate,
    batch_size: config.batchSize,
    epochs: config.epochs,
    clipnorm: config.clipnorm,
    early_stopping: {
      enabled: es.enabled,
      patience: es.patience,
      min_delta: es.minDelta,
      restore_best_weights: es.restoreBestWeights,
    },
    seed: config.seed,
    target_scale: dataset.targetScale ?? null,
    class_names: dataset.classNames ?? null,
  };
}

/** The script's `attention` setting: the score and the widths D and A, or null without attention. */
function attentionConfig(attention: AttentionLayerSpec | undefined) {
  return attention
    ? {
        score: attention.score,
        input_size: attention.inputSize,
        hidden: attention.hidden,
        mask_padding: attention.maskPadding === true,
      }
    : null;
}

/** The script's `decoder` setting (an encoder–decoder), or null. */
function decoderConfig(decoder: DecoderLayerSpec | undefined) {
  return decoder
    ? {
        score: decoder.score,
        input_size: decoder.inputSize,
        units: decoder.units,
        steps: decoder.steps,
        vocabulary: decoder.vocabulary,
        mask_padding: decoder.maskPadding === true,
      }
    : null;
}

export const CONFIG_LINE = "CONFIG_JSON = '{}'  # written by the playground's export";

/**
 * The template with its CONFIG_JSON line set. The settings go in as a JSON text inside a Python
 * string literal: JSON.stringify's escapes are valid Python escapes, so no name or label a user
 * typed can end the literal and become code.
 */
export function pytorchScript(settings: ReturnType<typeof scriptConfig>): string {
  if (!template.includes(CONFIG_LINE)) throw new Error('train_pytorch.py template lost its CONFIG_JSON line');
  return template.replace(CONFIG_LINE, `CONFIG_JSON = ${JSON.stringify(JSON.stringify(settings))}`);
}
