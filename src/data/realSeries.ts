import type { DatasetConfig } from '../model/config';
import { type CsvTable, findColumn, parseCsv } from './csv';
import { DataError } from './dataError';
import type { Prng } from './prng';
import { buildSeriesDataset } from './series';
import type { Dataset } from './types';

/** CSV texts of the shipped files, by file name (e.g. "sp500.csv"). */
export type DataFiles = Record<string, string>;

export const SEATTLE_FILE = 'seattle-weather.csv';
export const SP500_FILE = 'sp500.csv';
export const CO2_FILE = 'co2-concentration.csv';

const SEATTLE_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
export const SEATTLE_WEATHER_CLASSES = ['drizzle', 'rain', 'sun', 'snow', 'fog'];

function table(files: DataFiles, file: string): CsvTable {
  const text = files[file];
  if (text === undefined) throw new DataError(`The data file ${file} was not loaded.`);
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`${file}: ${error.message}`, error);
    throw error;
  }
}

function numeric(t: CsvTable, name: string, file: string): Float64Array {
  const values = t.numeric[findColumn(t, name)];
  if (!values) throw new DataError(`${file}: column "${name}" is not numeric.`, { column: name });
  return values;
}

function seattleFeatures(t: CsvTable) {
  return SEATTLE_FEATURES.map((name) => ({ name, values: numeric(t, name, SEATTLE_FILE) }));
}

/** Seattle 2012–2015, daily: forecast tomorrow's temp_max (°C) from T days of weather. */
export function buildSeattleTemp(config: DatasetConfig, files: DataFiles, prng: Prng): Dataset {
  const t = table(files, SEATTLE_FILE);
  const features = seattleFeatures(t);
  const featureIndex = SEATTLE_FEATURES.indexOf('temp_max');
  return buildSeriesDataset(
    {
      name: 'seattle-temp',
      description: `Seattle daily weather 2012–2015: forecast tomorrow's maximum temperature (°C).`,
      features,
      target: { task: 'regression', values: features[featureIndex].values, featureIndex },
    },
    config,
    prng,
  );
}

/** Seattle 2012–2015, daily: classify tomorrow's weather (drizzle, rain, sun, snow, fog). */
export function buildSeattleWeather(config: DatasetConfig, files: DataFiles, prng: Prng): Dataset {
  const t = table(files, SEATTLE_FILE);
  const column = findColumn(t, 'weather');
  const labels = Int32Array.from(t.cells, (row, r) => {
    const label = SEATTLE_WEATHER_CLASSES.indexOf(row[column]);
    if (label < 0) {
      const where = { row: t.rowNumbers[r], column: 'weather' };
      throw new DataError(`${SEATTLE_FILE}: row ${where.row} has unknown weather "${row[column]}".`, where);
    }
    return label;
  });
  return buildSeriesDataset(
    {
      name: 'seattle-weather',
      description: `Seattle daily weather 2012–2015: will tomorrow bring drizzle, rain, sun, snow or fog?`,
      features: seattleFeatures(t),
      target: { task: 'classification', labels, classNames: SEATTLE_WEATHER_CLASSES },
    },
    config,
    prng,
  );
}

/**
 * S&P 500 monthly close, 2000–2010 (123 months): forecast next month's level. The level is
 * z-scored on the training months; the latest months (validation) include the 2008 crash, which
 * partly leaves the training range: a real lesson in what a forecaster cannot know.
 */
export function buildSp500(config: DatasetConfig, files: DataFiles, prng: Prng): Dataset {
  const price = numeric(table(files, SP500_FILE), 'price', SP500_FILE);
  return buildSeriesDataset(
    {
      name: 'sp500',
      description: 'S&P 500 monthly close 2000–2010: forecast next month’s level (index points).',
      features: [{ name: 'price', values: price }],
      target: { task: 'regression', values: price, featureIndex: 0 },
    },
    config,
    prng,
  );
}

/**
 * Mauna Loa CO2, monthly since 1958: forecast next month's change in ppm. The level rises
 * steadily, so the latest months (validation) would lie outside anything seen in training; the
 * month-to-month change keeps the seasonal cycle (the "breathing" of the northern forests) and is
 * stationary, so a forecaster can learn it from the past.
 */
export function buildCo2(config: DatasetConfig, files: DataFiles, prng: Prng): Dataset {
  const level = numeric(table(files, CO2_FILE), 'CO2', CO2_FILE);
  const change = level.subarray(1).map((v, i) => v - level[i]);
  return buildSeriesDataset(
    {
      name: 'co2',
      description: 'Mauna Loa CO₂ since 1958: forecast next month’s change (ppm), a seasonal cycle.',
      features: [{ name: 'CO2 change (ppm/month)', values: change }],
      target: { task: 'regression', values: change, featureIndex: 0 },
    },
    config,
    prng,
  );
}
