import type { Task } from '../data/types';
import type { Config } from '../model/config';
import { GATES } from '../model/params';

/**
 * What every export writer needs to know about a trained model, in one place: the recurrent
 * layers (cell kind, widths, which return sequences), the head, the task and the training knobs
 * a script must reproduce. Writers take this and the weights; none of them reads Config itself.
 */

/**
 * The recurrent cells the exports can write. Only LSTM today; GRU and SimpleRNN (the cell-types
 * issue) add an entry here and one row in each writer's cell table (tfjsModel, onnxModel,
 * pytorchFiles, kerasScript, tfjsImport and the CELLS table of train_pytorch.py).
 */
export const CELL_KINDS = ['lstm'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** Gates per unit in our gate-interleaved layout (params.ts): column gates·j + g. */
export const CELL_GATES: Record<CellKind, number> = { lstm: GATES };

export interface RecurrentLayerSpec {
  cell: CellKind;
  /** Bidirectional wrapper (the cell-types issue); false for every layer the engine trains today. */
  bidirectional: boolean;
  inputSize: number;
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
export function cellKindOf(_config: Config): CellKind {
  return 'lstm';
}

export function modelSpecOf(config: Config, data: DataShape): ModelSpec {
  const cell = cellKindOf(config);
  const { layers } = config;
  return {
    task: data.task,
    timesteps: data.timesteps,
    features: data.features,
    outputs: data.outputs,
    layers: layers.map((units, l) => ({
      cell,
      bidirectional: false,
      inputSize: l === 0 ? data.features : layers[l - 1],
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

/** Width of the last recurrent layer's output, the head's input. */
export function headInputSize(spec: ModelSpec): number {
  const last = spec.layers[spec.layers.length - 1];
  return last.units * (last.bidirectional ? 2 : 1);
}
