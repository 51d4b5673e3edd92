import { CELL_KINDS } from '../model/cellKinds';
import type { Config } from '../model/config';
import { modelShapeOf, parameterCount } from '../model/params';
import { KERAS_CELL_NAMES } from './modelLine';

/**
 * The model as Keras's model.summary() prints it: each layer's name, type, output shape and
 * parameter count, the total, and the ratio of parameters to the training values the model sees
 * (windows × timesteps × features). The counts are params.ts's, the ones both engines train.
 */
export interface SummaryRow {
  name: string;
  type: string;
  shape: string;
  params: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  total: number;
  /** Numbers in the training split's inputs; null until the dataset is known. */
  trainingValues: number | null;
  /** total / trainingValues. */
  ratio: number | null;
}

export interface SummaryData {
  features: number;
  outputs: number;
  timesteps: number;
  trainSize: number;
}

export function modelSummary(config: Config, data: SummaryData | null): ModelSummary | null {
  if (!data) return null;
  const shape = modelShapeOf(config, data.features, data.outputs);
  const dirs = shape.directions;
  const cell = KERAS_CELL_NAMES[config.cell];
  const names = new Map<string, number>();
  // Keras names layers by class, lower-cased, numbered from the second: lstm, lstm_1, …
  const nameOf = (base: string) => {
    const n = names.get(base) ?? 0;
    names.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  };
  const rows: SummaryRow[] = shape.layers.map((layer, l) => {
    const width = layer.units * dirs;
    const sequences = l < shape.layers.length - 1;
    const single = parameterCount({ ...shape, layers: [layer], outputs: 0 });
    const base = dirs === 2 ? 'bidirectional' : CELL_KINDS[config.cell].keras.nameStem;
    return {
      name: nameOf(base),
      type: dirs === 2 ? `Bidirectional(${cell})` : cell,
      shape: sequences ? `(None, ${data.timesteps}, ${width})` : `(None, ${width})`,
      params: single,
    };
  });
  const lastWidth = shape.layers[shape.layers.length - 1].units * dirs;
  if (config.outputDropout > 0)
    rows.push({ name: nameOf('dropout'), type: 'Dropout', shape: `(None, ${lastWidth})`, params: 0 });
  rows.push({
    name: nameOf('dense'),
    type: 'Dense',
    shape: `(None, ${data.outputs})`,
    params: (lastWidth + 1) * data.outputs,
  });
  const total = rows.reduce((n, r) => n + r.params, 0);
  const trainingValues = data.trainSize * data.timesteps * data.features;
  return { rows, total, trainingValues, ratio: trainingValues > 0 ? total / trainingValues : null };
}

/** The parameters-per-value ratio as the summary and the stories print it: whole above 10, two digits below. */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : ratio.toPrecision(2);
}

/** The summary's data from the page's dataset summary (null until the worker has described it). */
export const summaryData = (
  dataset: { features: number; outputs: number; timesteps: number; trainSize: number } | null,
): SummaryData | null =>
  dataset
    ? {
        features: dataset.features,
        outputs: dataset.outputs,
        timesteps: dataset.timesteps,
        trainSize: dataset.trainSize,
      }
    : null;
