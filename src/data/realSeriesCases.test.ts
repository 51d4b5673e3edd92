import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { Prng } from './prng';
import {
  buildCo2,
  buildSeattleTemp,
  buildSeattleWeather,
  buildSp500,
  CO2_FILE,
  SEATTLE_FILE,
  SP500_FILE,
} from './realSeries';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  noise: 0,
  timesteps: 2,
  valFraction: 0.25,
  trainSize: 1000,
  ...over,
});
const WEATHER = ['drizzle', 'rain', 'sun', 'snow', 'fog'];
/** Twelve hand-made days; day d's weather is WEATHER[d % 5]. */
const seattle = (weather = (d: number) => WEATHER[d % 5]) =>
  [
    'date,precipitation,temp_max,temp_min,wind,weather',
    ...Array.from(
      { length: 12 },
      (_, d) => `2012-01-${d + 1},${d % 3},${10 + d},${d},${d % 4},${weather(d)}`,
    ),
  ].join('\n');
const column = (name: string, n: number, value: (r: number) => string) =>
  [name, ...Array.from({ length: n }, (_, r) => value(r))].join('\n');
/** The DataError a call throws, as message, row and column. */
function thrown(run: () => unknown) {
  try {
    run();
  } catch (e) {
    const { message, row, column } = e as { message: string; row?: number; column?: string };
    return { message, row, column };
  }
  throw new Error('expected a DataError');
}

describe('the shipped series, on hand-made files', () => {
  it('reads the files by their shipped names', () => {
    expect([SEATTLE_FILE, SP500_FILE, CO2_FILE]).toEqual([
      'seattle-weather.csv',
      'sp500.csv',
      'co2-concentration.csv',
    ]);
  });

  it('seattle-weather labels each window with the next day’s weather class', () => {
    const ds = buildSeattleWeather(config(), { [SEATTLE_FILE]: seattle() }, new Prng(1));
    expect(ds.name).toBe('seattle-weather');
    expect(ds.featureNames).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    // 10 windows, 3 for validation, 5 training windows from day 0: window s is labelled by day s + 2.
    expect(ds.train.n).toBe(5);
    for (let s = 0; s < 5; s++)
      expect(Array.from(ds.train.y.subarray(s * 5, s * 5 + 5)).indexOf(1)).toBe((s + 2) % 5);
  });

  it('seattle-temp forecasts temp_max, an input column', () => {
    const ds = buildSeattleTemp(config(), { [SEATTLE_FILE]: seattle() }, new Prng(1));
    expect([ds.name, ds.targetFeature]).toEqual(['seattle-temp', 1]);
  });

  it('sp500 and co2 name their one column; co2 is the month-to-month change', () => {
    const sp = buildSp500(config(), { [SP500_FILE]: column('price', 12, (r) => `${100 + r}`) }, new Prng(1));
    expect([sp.name, sp.featureNames]).toEqual(['sp500', ['price']]);
    const co2 = buildCo2(config(), { [CO2_FILE]: column('CO2', 13, (r) => `${300 + r * r}`) }, new Prng(1));
    expect([co2.name, co2.featureNames]).toEqual(['co2', ['CO2 change (ppm/month)']]);
    // Changes 1, 3, 5, …: the first training target (month 2's change, 5) in ppm.
    const { mean, std } = co2.targetScale!;
    expect(co2.train.y[0] * std + mean).toBeCloseTo(5, 10);
  });

  it('names the file, row and column of what is wrong in it', () => {
    expect(thrown(() => buildSp500(config(), { [SP500_FILE]: 'price\n1\n"2\n' }, new Prng(1)))).toEqual({
      message: 'sp500.csv: Row 3: quoted field unterminated.',
      row: 3,
      column: undefined,
    });
    expect(
      thrown(() => buildSp500(config(), { [SP500_FILE]: column('price', 12, () => 'n/a') }, new Prng(1))),
    ).toEqual({
      message: 'sp500.csv: column "price" is not numeric.',
      row: undefined,
      column: 'price',
    });
    const hail = seattle((d) => (d === 3 ? 'hail' : 'sun'));
    expect(thrown(() => buildSeattleWeather(config(), { [SEATTLE_FILE]: hail }, new Prng(1)))).toEqual({
      message: 'seattle-weather.csv: row 5 has unknown weather "hail".',
      row: 5,
      column: 'weather',
    });
  });
});
