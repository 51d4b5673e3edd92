import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { buildCustom } from './custom';
import { Prng } from './prng';
import type { CustomData } from './types';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name: 'custom',
  noise: 0,
  timesteps: 2,
  valFraction: 0.25,
  trainSize: 1000,
  ...over,
});
const csv = (text: string, over: Partial<CustomData> = {}): CustomData => ({
  name: '',
  kind: 'csv',
  text,
  ...over,
});
const rows = (header: string, n: number, row: (r: number) => string) =>
  [header, ...Array.from({ length: n }, (_, r) => row(r))].join('\n');
function thrown(run: () => unknown) {
  try {
    run();
  } catch (e) {
    const { message, row, column } = e as { message: string; row?: number; column?: string };
    return { message, row, column };
  }
  throw new Error('expected a DataError');
}

describe('custom CSV, worked by hand', () => {
  it('forecasts a numeric column that is also an input, and says which input it is', () => {
    const ds = buildCustom(config(), csv(rows('a,b', 12, (r) => `${r},${2 * r}`)), new Prng(1));
    expect([ds.name, ds.targetFeature]).toEqual(['custom', 1]);
    expect(ds.description).toBe('Your CSV: forecast "b" at the next row from 2 rows.');
  });

  it('classifies a text column: classes in first-seen order, each window labelled by the next row', () => {
    const label = (r: number) => ['sun', 'rain', 'fog'][r % 3];
    const ds = buildCustom(config(), csv(rows('a,w', 12, (r) => `${r},${label(r)}`)), new Prng(1));
    expect([ds.name, ds.classNames]).toEqual(['custom', ['sun', 'rain', 'fog']]);
    for (let s = 0; s < ds.train.n; s++)
      expect(Array.from(ds.train.y.subarray(s * 3, s * 3 + 3)).indexOf(1)).toBe((s + 2) % 3);
  });

  it('explains a one-class label column, a text column to forecast and a CSV with no numeric input', () => {
    expect(
      thrown(() => buildCustom(config(), csv(rows('a,w', 12, (r) => `${r},x`)), new Prng(1))).message,
    ).toBe('column "w" (B) has only one class; classification needs two or more.');
    const gappy = rows('a,w', 12, (r) => `${r},${r === 4 ? '' : `t${r}`}`);
    expect(thrown(() => buildCustom(config(), csv(gappy, { task: 'regression' }), new Prng(1)))).toEqual({
      message:
        'column "w" (B) is not numeric, so it cannot be forecast; choose a numeric column or classification.',
      row: undefined,
      column: 'w',
    });
    const empty = rows('a,w', 12, (r) => `${r},`);
    expect(thrown(() => buildCustom(config(), csv(empty, { task: 'regression' }), new Prng(1)))).toEqual({
      message: 'column "w" (B) is empty, so it cannot be forecast.',
      row: undefined,
      column: 'w',
    });
    const words = rows('v,w', 12, (r) => `c${r % 2},y${r}`);
    expect(thrown(() => buildCustom(config(), csv(words, { column: 'v' }), new Prng(1))).message).toBe(
      'The CSV has no usable numeric column for inputs (columns: v, w).',
    );
  });
});
