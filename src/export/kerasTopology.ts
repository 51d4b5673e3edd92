import type { Task } from '../data/types';
import { CELL_KINDS, cellOfKerasClass } from '../model/cellKinds';
import { CELL_TYPES, LIMITS } from '../model/config';
import { ImportError } from './importError';
import {
  type ChainLayer,
  functionalChain,
  type ImportedAttention,
  type KerasLayerJson,
  readAttention,
} from './kerasFunctional';
import type { CellKind } from './modelSpec';

/**
 * Reads a Keras Sequential topology (as TF.js and tensorflowjs_converter write it in model.json,
 * Keras 2 or Keras 3 style) into what the playground can train, or refuses it naming the layer
 * and the setting. Supported: [InputLayer] → recurrent layers (LSTM, GRU with reset_after=True or
 * SimpleRNN with tanh, each optionally in Bidirectional with merge_mode='concat'; all but the last
 * returning sequences) → [Dropout] → Dense (softmax: classification; linear: regression), with one
 * cell class, one Bidirectional flag, one dropout, one recurrent_dropout and one L1/L2 for every
 * layer, as the playground's config has.
 */

export interface ImportedTopology {
  /** One cell kind and one Bidirectional flag for every layer, as the playground's config has. */
  cell: CellKind;
  /** Keras's class of the recurrent layers as the file names it: LSTM, GRU or SimpleRNN. */
  cellClass: string;
  bidirectional: boolean;
  layers: { cell: CellKind; bidirectional: boolean; name: string; units: number }[];
  denseName: string;
  /** The attention between the last recurrent layer and the head (a functional model), or null. */
  attention: ImportedAttention | null;
  /** null when the model accepts any sequence length. */
  timesteps: number | null;
  features: number;
  outputs: number;
  task: Task;
  dropout: number;
  recurrentDropout: number;
  outputDropout: number;
  l1: number;
  l2: number;
}

/** The recurrent Keras classes we read: each becomes its cell kind (model/cellKinds.ts), with the settings it must have. */
const CLASS_NAMES = CELL_TYPES.map((c) => CELL_KINDS[c].keras.className);
const SUPPORTED = `${CLASS_NAMES.slice(0, -1).join(', ')} or ${CLASS_NAMES.at(-1)} layers (each optionally in Bidirectional), optionally the playground's attention, an optional Dropout and a Dense head`;
const NOT_SET = [null, undefined];

const asSetting = (v: unknown) => (v === undefined ? 'not set' : JSON.stringify(v));

function fail(layer: string, setting: string, found: unknown, supported: string): never {
  throw new ImportError('unsupportedSetting', { layer, setting, found: asSetting(found), supported });
}

/** {l1, l2} of a Keras regularizer (L1L2, L1, L2, or none). */
function regularizer(layer: string, key: string, value: unknown): { l1: number; l2: number } {
  if (value === null || value === undefined) return { l1: 0, l2: 0 };
  const r = value as { class_name?: string; config?: { l1?: number; l2?: number } };
  const l1 = Number(r.config?.l1 ?? 0);
  const l2 = Number(r.config?.l2 ?? 0);
  const known = ['L1L2', 'L1', 'L2', 'l1_l2'].includes(r.class_name ?? '');
  if (!known || !(l1 >= 0 && l1 <= LIMITS.l1.max) || !(l2 >= 0 && l2 <= LIMITS.l2.max)) {
    fail(layer, key, value, `L1/L2 with l1 and l2 from 0 to ${LIMITS.l1.max}`);
  }
  return { l1: r.class_name === 'L2' ? 0 : l1, l2: r.class_name === 'L1' ? 0 : l2 };
}

function rate(layer: string, key: string, value: unknown): number {
  const v = Number(value ?? 0);
  if (!(v >= 0 && v <= LIMITS.dropout.max)) fail(layer, key, value, `a rate from 0 to ${LIMITS.dropout.max}`);
  return v;
}

/** The one value every layer must share (the playground has one knob for it). */
function same<T>(
  values: { layer: string; value: T }[],
  setting: string,
  key = (v: T) => JSON.stringify(v),
): T {
  const first = values[0];
  const other = values.find((v) => key(v.value) !== key(first.value));
  if (other) {
    fail(
      other.layer,
      setting,
      other.value,
      `the same ${setting} on every layer (“${first.layer}” has ${key(first.value)})`,
    );
  }
  return first.value;
}

function inputShapeOf(layer: KerasLayerJson): unknown[] | null {
  const c = layer.config;
  const shape = c.batch_input_shape ?? c.batch_shape ?? layer.build_config?.input_shape;
  return Array.isArray(shape) ? shape : null;
}

/** A recurrent layer as read: the name its weights go by, and the cell layer's own config. */
interface RecurrentEntry {
  cell: CellKind;
  className: string;
  bidirectional: boolean;
  /** The layer's name in the model (the Bidirectional wrapper's, when wrapped). */
  name: string;
  units: number;
  /** The cell layer (inside the wrapper, when wrapped). */
  layer: KerasLayerJson;
  config: Record<string, unknown>;
}

const isLayerJson = (l: unknown): l is KerasLayerJson =>
  !!l &&
  typeof (l as KerasLayerJson).class_name === 'string' &&
  typeof (l as KerasLayerJson).config === 'object' &&
  (l as KerasLayerJson).config !== null;

/**
 * Keras 3 writes the reverse copy out as `backward_layer`: it must be the forward layer run
 * backwards (go_backwards true), nothing else changed; a different backward layer is refused.
 */
function checkBackwardLayer(name: string, forward: KerasLayerJson, backward: unknown): void {
  if (backward === undefined || backward === null) return;
  const same =
    isLayerJson(backward) &&
    backward.class_name === forward.class_name &&
    backward.config.go_backwards === true &&
    Object.keys({ ...forward.config, ...backward.config })
      .filter((key) => key !== 'name' && key !== 'go_backwards')
      .every((key) => JSON.stringify(forward.config[key]) === JSON.stringify(backward.config[key]));
  if (!same) {
    fail(name, 'backward_layer', 'a layer of its own', 'the wrapped layer run backwards (Keras’s default)');
  }
}

/** The cell layer inside a Bidirectional wrapper, or refusal naming what is unsupported. */
function unwrapBidirectional(layer: KerasLayerJson, name: string): KerasLayerJson {
  const wrapped = layer.config.layer;
  if (!isLayerJson(wrapped)) {
    throw new ImportError('notLayersModel', { found: `Bidirectional layer “${name}” holds no layer` });
  }
  if (!cellOfKerasClass(wrapped.class_name)) {
    throw new ImportError('unsupportedLayer', {
      layer: name,
      found: `Bidirectional(${wrapped.class_name})`,
      supported: SUPPORTED,
    });
  }
  // Our Bidirectional layer's output is [forward h, reverse h]: Keras's concat.
  if (layer.config.merge_mode !== 'concat') fail(name, 'merge_mode', layer.config.merge_mode, '"concat"');
  checkBackwardLayer(name, wrapped, layer.config.backward_layer);
  return wrapped;
}

/** A recurrent layer (LSTM, GRU, SimpleRNN, or one of them in Bidirectional) with our settings; null if not one. */
function readRecurrent(layer: KerasLayerJson, name: string): RecurrentEntry | null {
  const bidirectional = layer.class_name === 'Bidirectional';
  const cellLayer = bidirectional ? unwrapBidirectional(layer, name) : layer;
  const cell = cellOfKerasClass(cellLayer.class_name);
  if (!cell) return null;
  const { config } = cellLayer;
  for (const [key, allowed] of Object.entries(CELL_KINDS[cell].keras.required)) {
    if (!allowed.includes(config[key]))
      fail(
        name,
        key,
        config[key],
        allowed
          .filter((a) => a !== undefined)
          .map(asSetting)
          .join(' or '),
      );
  }
  for (const key of [
    'bias_regularizer',
    'activity_regularizer',
    'kernel_constraint',
    'recurrent_constraint',
    'bias_constraint',
  ]) {
    if (!NOT_SET.includes(config[key] as null)) fail(name, key, config[key], 'none');
  }
  const units = Number(config.units);
  if (!Number.isInteger(units) || units < LIMITS.units.min || units > LIMITS.units.max) {
    fail(name, 'units', config.units, `${LIMITS.units.min}–${LIMITS.units.max}`);
  }
  return {
    cell,
    className: cellLayer.class_name,
    bidirectional,
    name,
    units,
    layer: cellLayer,
    config,
  };
}

/** The Sequential model's layer list, or a refusal saying what the file holds instead. */
function sequentialLayers(modelTopology: unknown): KerasLayerJson[] {
  const top = modelTopology as Record<string, unknown> | null;
  const model = ((top?.model_config as Record<string, unknown>) ?? top) as {
    class_name?: string;
    config?: unknown;
  };
  if (!model || typeof model !== 'object')
    throw new ImportError('notLayersModel', { found: 'no modelTopology' });
  // A functional model is read when it is a chain (the attention export): kerasFunctional.ts.
  if (model.class_name === 'Functional' || model.class_name === 'Model') return functionalChain(model.config);
  if (model.class_name !== 'Sequential') {
    throw new ImportError('notSequential', { found: String(model.class_name ?? 'model of unknown kind') });
  }
  const cfg = model.config as { layers?: unknown } | unknown[];
  const all = (Array.isArray(cfg) ? cfg : (cfg as { layers?: unknown })?.layers) as
    | KerasLayerJson[]
    | undefined;
  if (
    !Array.isArray(all) ||
    all.some((l) => !l || typeof l.class_name !== 'string' || typeof l.config !== 'object')
  ) {
    throw new ImportError('notLayersModel', { found: 'its layer list is missing or malformed' });
  }
  return all;
}

/** What walkLayers finds. */
interface LayerWalk {
  recurrent: RecurrentEntry[];
  attention: ImportedAttention | null;
  outputDropout: number;
  head: KerasLayerJson;
  inputShape: unknown[] | null;
}

/** The model's parts in order: recurrent layers, an optional Dropout, then the Dense head; else a refusal. */
function walkLayers(all: KerasLayerJson[]): LayerWalk {
  let inputShape = all.length > 0 ? inputShapeOf(all[0]) : null;
  const layers = all[0]?.class_name === 'InputLayer' ? all.slice(1) : all;
  const nameOf = (l: KerasLayerJson, i: number) => String(l.config.name ?? `layer ${i + 1}`);
  const recurrent: RecurrentEntry[] = [];
  let attention: ImportedAttention | null = null;
  let outputDropout = 0;
  let dense: KerasLayerJson | null = null;
  // A functional chain's attention: from the layer after the last recurrent one to its Dot.
  const dot = layers.findIndex((l) => l.class_name === 'Dot');
  layers.forEach((layer, i) => {
    const name = nameOf(layer, i);
    const isLast = i === layers.length - 1;
    if (attention && i <= dot) return;
    const entry = readRecurrent(layer, name);
    if (!entry && dot > i && recurrent.length > 0 && !attention) {
      attention = readAttention(
        layers.slice(i, dot + 1) as ChainLayer[],
        recurrent[recurrent.length - 1].name,
      );
    } else if (entry) {
      if (dense || attention || outputDropout > 0)
        fail(name, 'position', 'after the head', 'recurrent layers before the Dense head');
      recurrent.push(entry);
      inputShape ??= recurrent.length === 1 ? (inputShapeOf(layer) ?? inputShapeOf(entry.layer)) : null;
    } else if (layer.class_name === 'Dropout' && !dense && recurrent.length > 0 && outputDropout === 0) {
      if (!NOT_SET.includes(layer.config.noise_shape as null))
        fail(name, 'noise_shape', layer.config.noise_shape, 'none');
      outputDropout = rate(name, 'rate', layer.config.rate);
    } else if (layer.class_name === 'Dense' && isLast && recurrent.length > 0) {
      dense = layer;
    } else {
      throw new ImportError('unsupportedLayer', {
        layer: name,
        found: layer.class_name,
        supported: SUPPORTED,
      });
    }
  });
  const head = dense as KerasLayerJson | null;
  if (!head || recurrent.length === 0) {
    throw new ImportError('unsupportedLayer', {
      layer: layers.length > 0 ? nameOf(layers[layers.length - 1], layers.length - 1) : '(none)',
      found: layers.length > 0 ? `${layers[layers.length - 1].class_name} at the end` : 'an empty model',
      supported: SUPPORTED,
    });
  }
  return { recurrent, attention, outputDropout, head, inputShape };
}

/** As many recurrent layers as the playground stacks, each but the last returning sequences. */
function checkRecurrentStack(recurrent: RecurrentEntry[], attention: boolean): void {
  if (recurrent.length > LIMITS.layers.max) {
    fail(
      recurrent[LIMITS.layers.max].name,
      'number of recurrent layers',
      recurrent.length,
      `${LIMITS.layers.min}–${LIMITS.layers.max}`,
    );
  }
  recurrent.forEach((r, i) => {
    // With attention the last layer hands its whole sequence on too.
    const want = i < recurrent.length - 1 || attention;
    if (Boolean(r.config.return_sequences) !== want)
      fail(r.name, 'return_sequences', r.config.return_sequences, String(want));
  });
}

/** The Dense head: softmax (classification) or linear (regression), with a bias, no constraint. */
function readHead(head: KerasLayerJson): { denseName: string; activation: unknown; outputs: number } {
  const denseName = String(head.config.name ?? 'dense');
  const activation = head.config.activation ?? 'linear';
  if (activation !== 'softmax' && activation !== 'linear')
    fail(denseName, 'activation', activation, '"softmax" or "linear"');
  if (head.config.use_bias === false) fail(denseName, 'use_bias', false, 'true');
  for (const key of ['bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint']) {
    if (!NOT_SET.includes(head.config[key] as null)) fail(denseName, key, head.config[key], 'none');
  }
  const outputs = Number(head.config.units);
  if (!Number.isInteger(outputs) || outputs < 1)
    fail(denseName, 'units', head.config.units, 'a whole number ≥ 1');
  return { denseName, activation, outputs };
}

/** [batch, timesteps, features] from the first layer: features required, timesteps within limits or null. */
function readInputShape(inputShape: unknown[] | null, first: string): { features: number; t: number | null } {
  const shape = inputShape ?? [];
  const features = Number(shape[2]);
  if (shape.length !== 3 || !Number.isInteger(features) || features < 1)
    throw new ImportError('noInputShape');
  const t = shape[1] === null ? null : Number(shape[1]);
  if (t !== null && !(Number.isInteger(t) && t >= LIMITS.timesteps.min && t <= LIMITS.timesteps.max)) {
    fail(first, 'timesteps', shape[1], `${LIMITS.timesteps.min}–${LIMITS.timesteps.max}`);
  }
  return { features, t };
}

export function readKerasTopology(modelTopology: unknown): ImportedTopology {
  const { recurrent, attention, outputDropout, head, inputShape } = walkLayers(
    sequentialLayers(modelTopology),
  );
  checkRecurrentStack(recurrent, attention !== null);
  const { denseName, activation, outputs } = readHead(head);
  const { features, t } = readInputShape(inputShape, recurrent[0].name);

  const kernels = [
    ...recurrent.flatMap((r) => [
      { layer: r.name, value: regularizer(r.name, 'kernel_regularizer', r.config.kernel_regularizer) },
      { layer: r.name, value: regularizer(r.name, 'recurrent_regularizer', r.config.recurrent_regularizer) },
    ]),
    ...(attention?.dense ?? []).map((l) => {
      const name = String(l.config.name);
      return { layer: name, value: regularizer(name, 'kernel_regularizer', l.config.kernel_regularizer) };
    }),
    { layer: denseName, value: regularizer(denseName, 'kernel_regularizer', head.config.kernel_regularizer) },
  ];
  const { l1, l2 } = same(kernels, 'L1/L2 regularizer');
  // One cell class and one Bidirectional flag for all layers: the playground has one knob for each.
  const cellClass = same(
    recurrent.map((r) => ({ layer: r.name, value: r.className })),
    'recurrent layer class',
  );
  const bidirectional = same(
    recurrent.map((r) => ({ layer: r.name, value: r.bidirectional })),
    'Bidirectional wrapper',
  );
  return {
    cell: recurrent[0].cell,
    cellClass,
    bidirectional,
    layers: recurrent.map(({ cell, name, units }) => ({ cell, bidirectional, name, units })),
    denseName,
    attention,
    timesteps: t,
    features,
    outputs,
    task: activation === 'softmax' ? 'classification' : 'regression',
    dropout: same(
      recurrent.map((r) => ({ layer: r.name, value: rate(r.name, 'dropout', r.config.dropout) })),
      'dropout',
    ),
    recurrentDropout: same(
      recurrent.map((r) => ({
        layer: r.name,
        value: rate(r.name, 'recurrent_dropout', r.config.recurrent_dropout),
      })),
      'recurrent_dropout',
    ),
    outputDropout,
    l1,
    l2,
  };
}
