import type { Dataset, DatasetSummary } from './types';

/**
 * What the UI previews before a run: sizes, names, and the first training window. The preview
 * series is the target's own history when the target is an input (in the target's units),
 * else the first feature as the model sees it; the preview target is in real units for
 * regression and one-hot for classification.
 */
export function summarizeDataset(ds: Dataset): DatasetSummary {
  const { timesteps: T, features: F, outputs: K } = ds;
  const feature = ds.targetFeature ?? 0;
  const scale = ds.targetScale ?? { mean: 0, std: 1 };
  const unscaleSeries = ds.targetFeature !== undefined;
  const series: number[] = [];
  const target: number[] = [];
  if (ds.train.n > 0) {
    for (let t = 0; t < T; t++) {
      const value = ds.train.x[t * F + feature];
      series.push(unscaleSeries ? value * scale.std + scale.mean : value);
    }
    for (let k = 0; k < K; k++) {
      const value = ds.train.y[k];
      target.push(ds.task === 'regression' ? value * scale.std + scale.mean : value);
    }
  }
  return {
    name: ds.name,
    task: ds.task,
    timesteps: T,
    features: F,
    outputs: K,
    trainSize: ds.train.n,
    valSize: ds.val.n,
    description: ds.description,
    ...(ds.classNames ? { classNames: ds.classNames } : {}),
    featureNames: ds.featureNames,
    text: ds.vocabulary !== undefined,
    ...(ds.target ? { target: ds.target } : {}),
    preview: { series, target },
  };
}
