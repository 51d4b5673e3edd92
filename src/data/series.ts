import type { DatasetConfig } from '../model/config';
import { DataError } from './dataError';
import type { Prng } from './prng';
import { fitScale, type Scale } from './scaler';
import { allocateSplit, checkInputSize } from './splits';
import { writeLabel } from './text';
import type { Dataset, Split } from './types';

/** A multivariate time series, one value per row (time step) in each column, in real units. */
export interface SeriesInput {
  name: string;
  description: string;
  features: { name: string; values: Float64Array }[];
  target:
    | {
        task: 'regression';
        values: Float64Array /** when the target is also an input */;
        featureIndex?: number;
      }
    | { task: 'classification'; labels: Int32Array; classNames: string[] };
}

/**
 * Where the windows of an R-row series fall. A window starting at row s reads rows s..s+T−1 and
 * predicts row s+T. Validation takes the latest windows, wholly at rows ≥ boundary; training
 * windows end (target included) before the boundary, so no window straddles it and no row is in
 * both. Training keeps the latest trainSize windows before the boundary.
 */
export interface SeriesLayout {
  rows: number;
  /** First row of the validation part. */
  boundary: number;
  /** First row of the first kept training window. */
  trainStart: number;
  nTrain: number;
  nVal: number;
}

export function seriesLayout(rows: number, config: DatasetConfig): SeriesLayout {
  const T = config.timesteps;
  if (rows < T + 1) {
    throw new DataError(
      `The series has ${rows} rows; timesteps ${T} needs at least ${T + 1} (a window and its next value).`,
    );
  }
  const windows = rows - T;
  const nVal = Math.max(1, Math.round(windows * config.valFraction));
  const boundary = rows - nVal - T;
  const available = boundary - T;
  if (available < 1) {
    throw new DataError(
      `The series has ${rows} rows: too few for timesteps ${T} with a validation share of ` +
        `${config.valFraction} (training and validation windows may not share rows; it needs at ` +
        `least ${2 * T + 1 + nVal}). Lower timesteps or valFraction.`,
    );
  }
  const nTrain = Math.min(config.trainSize, available);
  return { rows, boundary, trainStart: boundary - T - nTrain, nTrain, nVal };
}

/**
 * Windows a series into x [n, T, F] and y [n, K], time order kept (the trainer shuffles). Every
 * column, the target too, is z-scored with statistics of the kept training rows only. Noise
 * (config.noise, in standard deviations of the training data) is added to the inputs of both
 * splits, so it means the same as for the synthetic sets: noisier measurements.
 */
export function buildSeriesDataset(input: SeriesInput, config: DatasetConfig, prng: Prng): Dataset {
  const T = config.timesteps;
  const F = input.features.length;
  if (F === 0) throw new DataError('There is no numeric column to use as an input feature.');
  const rows = input.features[0].values.length;
  const layout = seriesLayout(rows, config);
  const { boundary, trainStart } = layout;
  // Before any work: a link or a file asking for too much fails at once.
  checkInputSize(layout.nTrain, T, F, 'training');
  checkInputSize(layout.nVal, T, F, 'validation');
  const scales = input.features.map((f) => fitScale(f.values, trainStart, boundary));
  const scaled = input.features.map((f, j) => f.values.map((v) => (v - scales[j].mean) / scales[j].std));

  const { target } = input;
  const K = target.task === 'regression' ? 1 : target.classNames.length;
  let targetScale: Scale | undefined;
  let writeTarget: (split: Split, sample: number, row: number) => void;
  if (target.task === 'regression') {
    const scale =
      target.featureIndex !== undefined
        ? scales[target.featureIndex]
        : fitScale(target.values, trainStart, boundary);
    targetScale = scale;
    writeTarget = (split, sample, row) => {
      split.y[sample] = (target.values[row] - scale.mean) / scale.std;
    };
  } else {
    writeTarget = (split, sample, row) => writeLabel(split, sample, target.labels[row], K);
  }

  const noise = config.noise;
  const makeSplit = (n: number, firstStart: number, name: string, rng: Prng): Split => {
    const split = allocateSplit(n, T, F, K, name);
    for (let i = 0; i < n; i++) {
      const start = firstStart + i;
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < F; j++) {
          const jitter = noise > 0 ? noise * rng.normal() : 0;
          split.x[(i * T + t) * F + j] = scaled[j][start + t] + jitter;
        }
      }
      writeTarget(split, i, start + T);
    }
    return split;
  };

  return {
    name: input.name,
    task: target.task,
    timesteps: T,
    features: F,
    outputs: K,
    train: makeSplit(layout.nTrain, trainStart, 'training', prng.fork(0)),
    val: makeSplit(layout.nVal, boundary, 'validation', prng.fork(1)),
    featureNames: input.features.map((f) => f.name),
    ...(target.task === 'classification' ? { classNames: target.classNames } : {}),
    ...(targetScale ? { targetScale } : {}),
    ...(target.task === 'regression' && target.featureIndex !== undefined
      ? { targetFeature: target.featureIndex }
      : {}),
    description: input.description,
  };
}
