import { buildDataset, type Dataset, loadDataFiles } from '../../data';
import type { CustomData } from '../../data/types';
import type { Config } from '../../model/config';
import { engineShapeOf, type Weights } from '../../model/params';
import { initWeights } from '../reference/init';

export interface PreparedRun {
  dataset: Dataset;
  /** Keras-initialised weights from the config's seed: both engines start from these. */
  weights: Weights;
}

/** Everything a run needs before a backend: the dataset (files read through `read`) and weights. */
export async function prepareRun(
  config: Config,
  read: (file: string) => Promise<string>,
  custom?: CustomData,
): Promise<PreparedRun> {
  const files = await loadDataFiles(config.dataset.name, read);
  const dataset = buildDataset(config.dataset, config.seed, files, custom);
  const weights = initWeights(engineShapeOf(config, dataset), config.seed);
  return { dataset, weights };
}
