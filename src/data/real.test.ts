import { beforeAll, describe, expect, it } from 'vitest';
import { type DatasetConfig, type DatasetName, DEFAULT_CONFIG } from '../model/config';
import { buildDataset, type DataFiles, loadDataFiles, requiredFiles, summarizeDataset } from './index';
import { readNodeDataFile } from './nodeFiles';
import { SEATTLE_WEATHER_CLASSES } from './realSeries';

const REAL: DatasetName[] = ['seattle-temp', 'seattle-weather', 'sp500', 'co2'];
const config = (name: DatasetName, over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name,
  noise: 0,
  ...over,
});

const files: DataFiles = {};
beforeAll(async () => {
  for (const name of REAL) Object.assign(files, await loadDataFiles(name, readNodeDataFile));
});

describe('real datasets', () => {
  it('each needs its shipped file, the synthetic ones none', () => {
    expect(requiredFiles('seattle-temp')).toEqual(['seattle-weather.csv']);
    expect(requiredFiles('seattle-weather')).toEqual(['seattle-weather.csv']);
    expect(requiredFiles('sp500')).toEqual(['sp500.csv']);
    expect(requiredFiles('co2')).toEqual(['co2-concentration.csv']);
    expect(requiredFiles('spam')).toEqual(['spam-assassin.json']);
    expect(requiredFiles('sine')).toEqual([]);
    expect(requiredFiles('custom')).toEqual([]);
    expect(Object.keys(files).sort()).toEqual(['co2-concentration.csv', 'seattle-weather.csv', 'sp500.csv']);
  });

  // Rows: Seattle 1461 days, S&P 500 123 months, CO2 741 months (740 monthly changes).
  it.each([
    ['seattle-temp', 1461, 4, 1],
    ['seattle-weather', 1461, 4, 5],
    ['sp500', 123, 1, 1],
    ['co2', 740, 1, 1],
  ] as const)('%s: %i rows windowed into x [n, T, %i], y [n, %i]', (name, rows, F, K) => {
    const T = 12;
    const ds = buildDataset(config(name, { timesteps: T, trainSize: 20000, valFraction: 0.2 }), 1, files);
    expect([ds.timesteps, ds.features, ds.outputs]).toEqual([T, F, K]);
    expect(ds.val.n).toBe(Math.round((rows - T) * 0.2));
    expect(ds.train.n).toBe(rows - 2 * T - ds.val.n);
    expect(ds.train.x.length).toBe(ds.train.n * T * F);
    expect(ds.val.y.length).toBe(ds.val.n * K);
    expect(ds.train.x.every(Number.isFinite) && ds.val.x.every(Number.isFinite)).toBe(true);
  });

  it('caps training to the latest trainSize windows before validation', () => {
    const capped = buildDataset(config('seattle-temp', { trainSize: 100 }), 1, files);
    const full = buildDataset(config('seattle-temp', { trainSize: 20000 }), 1, files);
    expect(capped.train.n).toBe(100);
    expect(capped.val.n).toBe(full.val.n);
    // The same last target (the day before the boundary), in real units.
    const last = (ds: typeof full) => ds.train.y[ds.train.n - 1] * ds.targetScale!.std + ds.targetScale!.mean;
    expect(last(capped)).toBeCloseTo(last(full), 4);
  });

  it('seattle-temp: the target is tomorrow’s temp_max in °C; validation values do not move the scaling', () => {
    const ds = buildDataset(config('seattle-temp', { timesteps: 7 }), 1, files);
    const summary = summarizeDataset(ds);
    expect(ds.featureNames).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect(ds.targetFeature).toBe(1);
    // Within Seattle's range, and the preview series is temp_max in °C too.
    expect(summary.preview.target[0]).toBeGreaterThan(-10);
    expect(summary.preview.target[0]).toBeLessThan(40);
    expect(Math.max(...summary.preview.series)).toBeLessThan(40);

    const text = files['seattle-weather.csv'].trimEnd().split('\n');
    text[text.length - 1] = '2015-12-31,0.0,55.5,-2.1,3.5,sun'; // a heat wave in the validation part
    const changed = buildDataset(config('seattle-temp', { timesteps: 7 }), 1, {
      'seattle-weather.csv': text.join('\n'),
    });
    expect(changed.targetScale).toEqual(ds.targetScale);
    expect(changed.train.x).toEqual(ds.train.x);
    expect(changed.val.y.at(-1)).not.toBe(ds.val.y.at(-1));
  });

  it('seattle-weather: five classes, one-hot targets', () => {
    const ds = buildDataset(config('seattle-weather'), 1, files);
    expect(ds.classNames).toEqual(SEATTLE_WEATHER_CLASSES);
    for (let i = 0; i < ds.val.n; i++) {
      expect(ds.val.y.subarray(i * 5, i * 5 + 5).reduce((s, v) => s + v, 0)).toBe(1);
    }
  });

  it('co2: forecasts the monthly change in ppm (a seasonal cycle around a small rise)', () => {
    const ds = buildDataset(config('co2'), 1, files);
    const { mean, std } = ds.targetScale!;
    expect(mean).toBeGreaterThan(0); // the rise
    expect(mean).toBeLessThan(0.3);
    expect(std).toBeGreaterThan(0.5); // the seasonal swing dominates
    expect(std).toBeLessThan(3);
  });

  it('sp500: forecasts the level in index points', () => {
    const ds = buildDataset(config('sp500'), 1, files);
    expect(ds.targetScale!.mean).toBeGreaterThan(700);
    expect(ds.targetScale!.mean).toBeLessThan(1600);
  });

  it('noise is seeded: same seed same inputs, another seed other inputs', () => {
    const a = buildDataset(config('sp500', { noise: 0.2 }), 5, files);
    expect(buildDataset(config('sp500', { noise: 0.2 }), 5, files).train.x).toEqual(a.train.x);
    expect(buildDataset(config('sp500', { noise: 0.2 }), 6, files).train.x).not.toEqual(a.train.x);
  });

  it('says which file is missing', () => {
    expect(() => buildDataset(config('co2'), 1, {})).toThrow(
      'The data file co2-concentration.csv was not loaded.',
    );
  });

  it('says so when timesteps are too many for the series', () => {
    expect(() => buildDataset(config('sp500', { timesteps: 60 }), 1, files)).toThrow(/Lower timesteps/);
  });
});

describe('summarizeDataset', () => {
  it('gives sizes, names and the first training window for the preview', () => {
    const ds = buildDataset(config('sine', { timesteps: 10, trainSize: 40 }), 1, {});
    const summary = summarizeDataset(ds);
    expect(summary).toMatchObject({
      name: 'sine',
      task: 'regression',
      timesteps: 10,
      features: 1,
      outputs: 1,
      trainSize: 40,
      valSize: ds.val.n,
      featureNames: ['value'],
    });
    expect(summary.preview.series).toEqual(Array.from(ds.train.x.subarray(0, 10)));
    expect(summary.preview.target).toEqual([ds.train.y[0]]);
    expect(summary.classNames).toBeUndefined();
  });

  it('shows a classification target as its one-hot row and lists the classes', () => {
    const summary = summarizeDataset(buildDataset(config('tenclass'), 1, {}));
    expect(summary.classNames).toHaveLength(10);
    expect(summary.preview.target.reduce((s, v) => s + v, 0)).toBe(1);
  });
});
