import type { Task } from '../data/types';
import type { CellType, Config } from '../model/config';
import {
  type DenseHeadSpec,
  describeModel,
  type LayerSpec,
  layerOutputWidth,
  type RecurrentLayerSpec,
} from '../model/layers';

/**
 * What every export writer needs to know about a trained model, in one place: the model's
 * description (model/layers.ts: recurrent layers with cell kind, widths, return sequences and
 * directions, then the head; the same list the engines walk), the task and the training knobs a
 * script must reproduce. Writers take this and the weights; none of them
 * reads Config itself.
 */

/**
 * The recurrent cells the exports can write: every cell the engine trains. What each is in Keras,
 * ONNX and PyTorch is its entry in model/cellKinds.ts (the writers and tfjsImport read it); the
 * per-kind Python code is the CELLS table of train_pytorch.py.
 */
export type CellKind = CellType;

export type { DenseHeadSpec, LayerSpec, RecurrentLayerSpec } from '../model/layers';

/** The model's description (model/layers.ts, the list the engines walk) and the training knobs. */
export interface ModelSpec {
  task: Task;
  timesteps: number;
  /** The model's input width (the first layer's inputSize). */
  features: number;
  /** The model's outputs (the head's units). */
  outputs: number;
  /** The whole model, bottom to top: the recurrent layers, the attention if any, then the Dense head. */
  model: LayerSpec[];
  /** The model's recurrent layers, in order (the same objects as in `model`). */
  layers: RecurrentLayerSpec[];
  /** The model's Dense head, its last layer (the same object as in `model`). */
  head: DenseHeadSpec;
  dropout: number;
  recurrentDropout: number;
  outputDropout: number;
  l1: number;
  l2: number;
}

/** The shapes a dataset fixes: the model's input and output widths. */
export interface DataShape {
  task: Task;
  timesteps: number;
  features: number;
  outputs: number;
  /** Text's words (a dataset with a vocabulary pads with all-zero rows, which the attention masks). */
  vocabulary?: readonly string[];
}

/** The cell kind a config trains (one kind for every layer, as the engine runs it). */
export function cellKindOf(config: Config): CellKind {
  return config.cell;
}

export function modelSpecOf(config: Config, data: DataShape): ModelSpec {
  const model = describeModel(config, data);
  return {
    task: data.task,
    timesteps: data.timesteps,
    features: data.features,
    outputs: data.outputs,
    model,
    layers: model.filter((l): l is RecurrentLayerSpec => l.kind === 'recurrent'),
    head: model[model.length - 1] as DenseHeadSpec,
    dropout: config.dropout,
    recurrentDropout: config.recurrentDropout,
    outputDropout: config.outputDropout,
    l1: config.l1,
    l2: config.l2,
  };
}

/** Width of a recurrent layer's output: units, twice that when Bidirectional. */
export const layerOutputSize = (layer: RecurrentLayerSpec): number => layerOutputWidth(layer);

/** Width of the last recurrent layer's output, the head's input. */
export const headInputSize = (spec: ModelSpec): number => spec.head.inputSize;
