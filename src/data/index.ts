import type { DatasetConfig } from '../model/config';
import { buildAdding } from './adding';
import { buildCustom } from './custom';
import { DataError } from './dataError';
import { buildDates } from './dates';
import type { DataFiles } from './files';
import { buildCo2, buildSeattleTemp, buildSeattleWeather, buildSp500 } from './realSeries';
import { buildSentiment } from './sentiment';
import { buildSine } from './sine';
import { buildSpam } from './spam';
import { dataPrng } from './splits';
import { buildTenclass } from './tenclass';
import type { CustomData, Dataset } from './types';

export { DataError } from './dataError';
export { type DataFiles, loadDataFiles, requiredFiles } from './files';
export { summarizeDataset } from './summary';
export type { Dataset, Split, Task } from './types';
export { datasetUsesNoise } from './usesNoise';

/**
 * Builds a dataset: a pure function of the config, the seed, the shipped files' texts (see
 * requiredFiles/loadDataFiles) and the user's own data. Same inputs, same arrays. Throws a
 * DataError, worded for the user, when the data or the knobs cannot make a dataset.
 */
export function buildDataset(
  config: DatasetConfig,
  seed: number,
  files: DataFiles,
  custom?: CustomData,
): Dataset {
  const prng = dataPrng(seed);
  switch (config.name) {
    case 'sine':
      return buildSine(config, prng);
    case 'adding':
      return buildAdding(config, prng);
    case 'sentiment':
      return buildSentiment(config, prng);
    case 'tenclass':
      return buildTenclass(config, prng);
    case 'seattle-temp':
      return buildSeattleTemp(config, files, prng);
    case 'seattle-weather':
      return buildSeattleWeather(config, files, prng);
    case 'sp500':
      return buildSp500(config, files, prng);
    case 'co2':
      return buildCo2(config, files, prng);
    case 'spam':
      return buildSpam(config, files, prng);
    case 'dates':
      return buildDates(config, prng);
    case 'custom':
      if (!custom)
        throw new DataError('The custom dataset needs your data: upload a CSV or paste text lines.');
      return buildCustom(config, custom, prng);
  }
}
