import type { AttentionScore } from '../model/layers';
import { ImportError } from './importError';

/**
 * The one functional Keras model the playground reads: its own attention export (kerasLayers.ts),
 * a chain Input → recurrent layers → the attention's stock layers → [Dropout] → Dense, where only
 * the attention's Dot reads two layers (the softmax and the last recurrent layer's states).
 * Anything wired otherwise is refused, naming the layer, so a model is never read with a
 * different graph than it has. kerasTopology.ts then reads the chain as it reads a Sequential one.
 */

export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
  build_config?: { input_shape?: unknown };
  name?: string;
  inbound_nodes?: unknown;
}

/** A layer of the chain, with the names of the layers it reads. */
export interface ChainLayer extends KerasLayerJson {
  inputs: string[];
}

const nameOf = (layer: KerasLayerJson) => String(layer.name ?? layer.config.name ?? '');

function refuse(layer: string, setting: string, found: string, supported: string): never {
  throw new ImportError('unsupportedSetting', { layer, setting, found, supported });
}

/** The layer names one Keras 3 call argument holds (a tensor, or a list of tensors). */
function keras3Names(arg: unknown): string[] | null {
  if (Array.isArray(arg)) {
    const names = arg.map(keras3Names);
    return names.every((n) => n !== null) ? names.flat() : null;
  }
  const history = (arg as { config?: { keras_history?: unknown[] } } | null)?.config?.keras_history;
  return Array.isArray(history) && typeof history[0] === 'string' ? [history[0]] : null;
}

/**
 * The names a layer reads, from its one inbound node: Keras 2 and TF.js write
 * [[name, node, tensor, kwargs], …]; Keras 3 {args: [tensor or [tensors]], kwargs}. null if the
 * layer is called more than once or the node cannot be read.
 */
function inboundNames(layer: KerasLayerJson): string[] | null {
  const nodes = layer.inbound_nodes;
  if (!Array.isArray(nodes) || nodes.length !== 1) return null;
  const [node] = nodes;
  if (Array.isArray(node)) {
    const names = node.map((t) => (Array.isArray(t) && typeof t[0] === 'string' ? t[0] : null));
    return names.every((n): n is string => n !== null) ? names : null;
  }
  const args = (node as { args?: unknown[] } | null)?.args;
  return Array.isArray(args) && args.length === 1 ? keras3Names(args[0]) : null;
}

/** The single layer name of input_layers / output_layers ([[name, 0, 0]] or Keras 3's [name, 0, 0]). */
function endpoint(value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  const first = Array.isArray(value[0]) ? (value.length === 1 ? value[0] : null) : value;
  return first && typeof first[0] === 'string' ? first[0] : null;
}

/** A functional model's layers in order, each reading the one before it (the Dot: two layers), else a refusal. */
export function functionalChain(config: unknown): ChainLayer[] {
  const c = config as { layers?: unknown; input_layers?: unknown; output_layers?: unknown } | null;
  const layers = c?.layers;
  if (!Array.isArray(layers) || layers.length < 2) {
    throw new ImportError('notLayersModel', { found: 'its layer list is missing or malformed' });
  }
  const list = layers as KerasLayerJson[];
  const input = endpoint(c?.input_layers);
  const output = endpoint(c?.output_layers);
  if (list[0]?.class_name !== 'InputLayer' || input !== nameOf(list[0])) {
    refuse(String(input), 'input_layers', 'not its first layer', 'one Input, the first layer');
  }
  const last = nameOf(list[list.length - 1]);
  if (output !== last) refuse(String(output), 'output_layers', 'not its last layer', `one output, “${last}”`);
  return list.map((layer, i) => {
    const inputs = i === 0 ? [] : inboundNames(layer);
    const before = i === 0 ? '' : nameOf(list[i - 1]);
    const chained = inputs && (i === 0 || (inputs.length === 1 && inputs[0] === before));
    if (!inputs || (!chained && layer.class_name !== 'Dot')) {
      refuse(
        nameOf(layer),
        'inputs',
        JSON.stringify(inputs ?? 'unreadable'),
        `the layer before it, “${before}”`,
      );
    }
    return { ...layer, inputs };
  });
}

/** The attention as read: its score, the widths it needs and its Dense layers' names. */
export interface ImportedAttention {
  score: AttentionScore;
  /** additive: the Dense(A, tanh) holding W and b. */
  hiddenName?: string;
  /** The Dense(1, no bias) holding v (additive) or q (dot). */
  scoreName: string;
  /** A (additive), 0 (dot). */
  hidden: number;
  /** Its Dense layers, for the L1/L2 and constraint checks every Dense gets. */
  dense: KerasLayerJson[];
}

const NOTHING = [null, undefined];

/** A Dense of the attention: its activation and bias as the export writes them, nothing else set. */
function checkDense(layer: KerasLayerJson, activation: string, useBias: boolean, units?: number): void {
  const name = nameOf(layer);
  const c = layer.config;
  if (layer.class_name !== 'Dense') refuse(name, 'class', layer.class_name, 'Dense');
  if ((c.activation ?? 'linear') !== activation)
    refuse(name, 'activation', String(c.activation), `"${activation}"`);
  if ((c.use_bias ?? true) !== useBias) refuse(name, 'use_bias', String(c.use_bias), String(useBias));
  if (units !== undefined && c.units !== units) refuse(name, 'units', String(c.units), String(units));
  for (const key of ['bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint']) {
    if (!NOTHING.includes(c[key] as null)) refuse(name, key, JSON.stringify(c[key]), 'none');
  }
}

/**
 * The attention block after the last recurrent layer `states`, ending at the Dot: [Dense(A, tanh)]
 * → Dense(1, linear, no bias) → Reshape [T] → Softmax over the last axis → Dot(axes=1) of
 * [softmax, states]; else a refusal naming the layer.
 */
export function readAttention(block: ChainLayer[], states: string): ImportedAttention {
  const additive = block.length === 5;
  if (block.length !== 4 && !additive) {
    refuse(
      nameOf(block[0]),
      'attention',
      `${block.length} layers`,
      'the attention as the playground exports it',
    );
  }
  const [scoreLayer, reshape, softmax, dot] = block.slice(additive ? 1 : 0);
  if (additive) checkDense(block[0], 'tanh', true);
  checkDense(scoreLayer, 'linear', false, 1);
  const shape = reshape.config.target_shape;
  if (reshape.class_name !== 'Reshape' || !Array.isArray(shape) || shape.length !== 1) {
    refuse(nameOf(reshape), 'layer', reshape.class_name, 'Reshape to [timesteps]');
  }
  if (softmax.class_name !== 'Softmax' || ![-1, 1, undefined].includes(softmax.config.axis as number)) {
    refuse(nameOf(softmax), 'axis', JSON.stringify(softmax.config.axis), 'Softmax over the steps (-1)');
  }
  const axes = JSON.stringify(dot.config.axes);
  if (dot.class_name !== 'Dot' || !['1', '[1,1]'].includes(axes) || dot.config.normalize === true) {
    refuse(nameOf(dot), 'axes', axes, 'Dot(axes=1) without normalize');
  }
  if (JSON.stringify(dot.inputs) !== JSON.stringify([nameOf(softmax), states])) {
    refuse(nameOf(dot), 'inputs', JSON.stringify(dot.inputs), `[“${nameOf(softmax)}”, “${states}”]`);
  }
  return {
    score: additive ? 'additive' : 'dot',
    ...(additive ? { hiddenName: nameOf(block[0]) } : {}),
    scoreName: nameOf(scoreLayer),
    hidden: additive ? Number(block[0].config.units) : 0,
    dense: additive ? [block[0], scoreLayer] : [scoreLayer],
  };
}
