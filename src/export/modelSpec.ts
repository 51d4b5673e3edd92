import type { Task } from '../data/types';
import type { CellType, Config } from '../model/config';

/**
 * What every export writer needs to know about a trained model, in one place: the recurrent
 * layers (cell kind, widths, which return sequences, one or two directions), the head, the task
 * and the training knobs a script must reproduce. Writers take this and the weights; none of them
 * reads Config itself.
 */

/**
 * The recurrent cells the exports can write: every cell the engine trains. What each is in Keras,
 * ONNX and PyTorch is its entry in model/cellKinds.ts (the writers and tfjsImport read it); the
 * per-kind Python code is the CELLS table of train_pytorch.py.
 */
export type CellKind = CellType;

export interface RecurrentLayerSpec {
  cell: CellKind;
  /** Keras Bidirectional(merge_mode='concat'): output [forward h, reverse h], 2·units wide. */
  bidirectional: boolean;
  /** Input width: features for the first layer, else the layer below's output width. */
  inputSize: number;
  /** Units of each direction. */
  units: number;
  /** All but the last layer hand the whole sequence on. */
  returnSequences: boolean;
}

export interface ModelSpec {
  task: Task;
  timesteps: number;
  features: number;
  outputs: number;
  layers: RecurrentLayerSpec[];
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
}

/** The cell kind a config trains (one kind for every layer, as the engine runs it). */
export function cellKindOf(config: Config): CellKind {
  return config.cell;
}

export function modelSpecOf(config: Config, data: DataShape): ModelSpec {
  const cell = cellKindOf(config);
  const { layers, bidirectional } = config;
  const directions = bidirectional ? 2 : 1;
  return {
    task: data.task,
    timesteps: data.timesteps,
    features: data.features,
    outputs: data.outputs,
    layers: layers.map((units, l) => ({
      cell,
      bidirectional,
      inputSize: l === 0 ? data.features : layers[l - 1] * directions,
      units,
      returnSequences: l < layers.length - 1,
    })),
    dropout: config.dropout,
    recurrentDropout: config.recurrentDropout,
    outputDropout: config.outputDropout,
    l1: config.l1,
    l2: config.l2,
  };
}

/** Width of a recurrent layer's output: units, twice that when Bidirectional. */
export const layerOutputSize = (layer: RecurrentLayerSpec): number =>
  layer.units * (layer.bidirectional ? 2 : 1);

/** Width of the last recurrent layer's output, the head's input. */
export function headInputSize(spec: ModelSpec): number {
  return layerOutputSize(spec.layers[spec.layers.length - 1]);
}
