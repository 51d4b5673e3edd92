import { CELL_KINDS } from '../model/cellKinds';
import type { Config } from '../model/config';
import { layerOutputWidth, layerParams, type RecurrentLayerSpec, visitLayer } from '../model/layers';
import { engineShapeOf, layersOf } from '../model/params';
import { attentionClass, KERAS_CELL_NAMES } from './modelLine';

/**
 * The model as Keras's model.summary() prints it: each layer's name, type, output shape and
 * parameter count, the total, and the ratio of parameters to the training values the model sees
 * (windows × timesteps × features). The counts are model/layers.ts's, the ones the engines train:
 * the rows add up to parameterCount.
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
  /** A translation dataset's output side: the model is then an encoder–decoder. */
  target?: { steps: number; vocabulary: readonly string[] };
  /** Text (padding masked by the attention); the summary counts the same either way. */
  text?: boolean;
  features: number;
  outputs: number;
  timesteps: number;
  trainSize: number;
}

export function modelSummary(config: Config, data: SummaryData | null): ModelSummary | null {
  if (!data) return null;
  const shape = engineShapeOf(config, data);
  const steps = shape.decoder?.steps;
  const nameOf = kerasNames();
  const rows = layersOf(shape).flatMap((layer) =>
    visitLayer<SummaryRow[]>(layer, {
      recurrent: (r) => [recurrentRow(r, data.timesteps, nameOf)],
      // Keras's lower-cased class name: additive_attention, dot_attention.
      attention: (a) => [
        {
          name: nameOf(`${a.score}_attention`),
          type: attentionClass(a.score),
          shape: `(None, ${a.inputSize})`,
          params: layerParams(a),
        },
      ],
      // The decoder as its Keras parts would print it: an LSTM over T_out steps, its attention and combine.
      decoder: (d) => [
        {
          name: nameOf('decoder'),
          type: `LSTM decoder + Attention(${d.score})`,
          shape: `(None, ${d.steps}, ${d.units})`,
          params: layerParams(d),
        },
      ],
      // The Dropout before the head acts on the last state or context; a decoder's head has none.
      dense: (d) => [
        ...(config.outputDropout > 0 && !steps
          ? [{ name: nameOf('dropout'), type: 'Dropout', shape: `(None, ${d.inputSize})`, params: 0 }]
          : []),
        {
          name: nameOf('dense'),
          type: steps ? 'TimeDistributed(Dense)' : 'Dense',
          shape: steps ? `(None, ${steps}, ${d.units})` : `(None, ${d.units})`,
          params: layerParams(d),
        },
      ],
    }),
  );
  const total = rows.reduce((n, r) => n + r.params, 0);
  const trainingValues = data.trainSize * data.timesteps * data.features;
  return { rows, total, trainingValues, ratio: trainingValues > 0 ? total / trainingValues : null };
}

/** Keras names layers by class, lower-cased, numbered from the second: lstm, lstm_1, … */
function kerasNames(): (base: string) => string {
  const names = new Map<string, number>();
  return (base) => {
    const n = names.get(base) ?? 0;
    names.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  };
}

/** A recurrent layer's row: its sequences (None, T, width) when the next layer reads them. */
function recurrentRow(
  layer: RecurrentLayerSpec,
  timesteps: number,
  nameOf: (base: string) => string,
): SummaryRow {
  const width = layerOutputWidth(layer);
  const cell = KERAS_CELL_NAMES[layer.cell];
  const bi = layer.directions === 2;
  return {
    name: nameOf(bi ? 'bidirectional' : CELL_KINDS[layer.cell].keras.nameStem),
    type: bi ? `Bidirectional(${cell})` : cell,
    shape: layer.returnSequences ? `(None, ${timesteps}, ${width})` : `(None, ${width})`,
    params: layerParams(layer),
  };
}

/** The parameters-per-value ratio as the summary and the stories print it: whole above 10, two digits below. */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : ratio.toPrecision(2);
}

/** The summary's data from the page's dataset summary (null until the worker has described it). */
export const summaryData = (
  dataset: {
    features: number;
    outputs: number;
    timesteps: number;
    trainSize: number;
    target?: SummaryData['target'];
  } | null,
): SummaryData | null =>
  dataset
    ? {
        features: dataset.features,
        outputs: dataset.outputs,
        timesteps: dataset.timesteps,
        trainSize: dataset.trainSize,
        ...(dataset.target ? { target: dataset.target } : {}),
      }
    : null;
