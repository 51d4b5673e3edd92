import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { UNKNOWN_WORD } from './custom';
import { DataError } from './dataError';
import { buildDataset } from './index';
import type { CustomData } from './types';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name: 'custom',
  noise: 0,
  timesteps: 5,
  trainSize: 1000,
  ...over,
});
const csv = (text: string, over: Partial<CustomData> = {}): CustomData => ({
  name: 'mine.csv',
  kind: 'csv',
  text,
  ...over,
});
const lines = (rows: number, row: (r: number) => string, header = 'day,temp,rain,label') =>
  `${header}\n${Array.from({ length: rows }, (_, r) => row(r)).join('\n')}\n`;
const weather = lines(60, (r) => `d${r},${10 + (r % 7)},${r % 3},${r % 2 ? 'wet' : 'dry'}`);

describe('custom CSV', () => {
  it('forecasts the chosen numeric column from all numeric columns', () => {
    const ds = buildDataset(config(), 1, {}, csv(weather, { column: 'temp' }));
    expect([ds.task, ds.features, ds.outputs]).toEqual(['regression', 2, 1]);
    expect(ds.featureNames).toEqual(['temp', 'rain']);
    expect(ds.targetFeature).toBe(0);
    expect(ds.targetScale!.std).toBeGreaterThan(0);
  });

  it('classifies a text column (the default when the column is not numeric)', () => {
    const ds = buildDataset(config(), 1, {}, csv(weather));
    expect([ds.task, ds.outputs]).toEqual(['classification', 2]);
    expect(ds.classNames).toEqual(['dry', 'wet']);
    expect(ds.featureNames).toEqual(['temp', 'rain']);
  });

  it('classifies a numeric column when asked, and leaves it out of the inputs', () => {
    const ds = buildDataset(config(), 1, {}, csv(weather, { column: 'rain', task: 'classification' }));
    expect(ds.classNames).toEqual(['0', '1', '2']);
    expect(ds.featureNames).toEqual(['temp']);
  });

  it('explains a missing column, a text column to forecast, and too few rows', () => {
    expect(() => buildDataset(config(), 1, {}, csv(weather, { column: 'wind' }))).toThrow(
      'The CSV has no column "wind" (columns: day, temp, rain, label).',
    );
    expect(() =>
      buildDataset(config(), 1, {}, csv(weather, { column: 'label', task: 'regression' })),
    ).toThrow(/column "label" \(D\) is not numeric/);
    expect(() => buildDataset(config({ timesteps: 60 }), 1, {}, csv(weather))).toThrow(
      'The CSV has 60 data rows; timesteps 60 needs at least 61 (a window and the row after it).',
    );
    expect(() => buildDataset(config(), 1, {}, csv('name,label\na,x\nb,y\nc,x\nd,y\ne,x\nf,y\n'))).toThrow(
      /no usable numeric column/,
    );
    expect(() => buildDataset(config(), 1, {})).toThrow(DataError);
  });

  it('refuses a CSV whose windows would pass the input-size limit', () => {
    // Validation: round(2200 · 0.5) = 1100 windows × 200 steps × 40 columns = 8.8 M numbers.
    const wide = lines(
      2400,
      (r) => Array.from({ length: 40 }, (_, c) => (r * c) % 17).join(','),
      Array.from({ length: 40 }, (_, c) => `f${c}`).join(','),
    );
    expect(() =>
      buildDataset(config({ timesteps: 200, valFraction: 0.5 }), 1, {}, csv(wide, { column: 'f0' })),
    ).toThrow(/over the limit of 8,000,000/);
  });

  it('property: any numeric CSV becomes rows − 2·T training+validation windows of shape [T, F]', () => {
    const input = fc.record({
      rows: fc.integer({ min: 30, max: 120 }),
      cols: fc.integer({ min: 1, max: 4 }),
      T: fc.integer({ min: 2, max: 8 }),
      valFraction: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
      seed: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(input, ({ rows, cols, T, valFraction, seed }) => {
        const header = Array.from({ length: cols }, (_, c) => `c${c}`).join(',');
        const text = lines(
          rows,
          (r) => Array.from({ length: cols }, (_, c) => Math.sin(r * (c + 1) + seed)).join(','),
          header,
        );
        const ds = buildDataset(config({ timesteps: T, valFraction }), seed, {}, csv(text));
        // rows − T windows in all; the T that would straddle the boundary are dropped.
        expect(ds.train.n + ds.val.n).toBe(rows - 2 * T);
        expect(ds.val.n).toBe(Math.max(1, Math.round((rows - T) * valFraction)));
        expect(ds.train.x.length).toBe(ds.train.n * T * cols);
        expect(ds.val.y.length).toBe(ds.val.n);
      }),
      { numRuns: 40 },
    );
  });
});

describe('custom text lines', () => {
  const text = [
    'pos\tthe movie was good',
    'neg\tthe movie was not good',
    'pos,great fun',
    'neg,boring and slow',
    'pos\tnot bad at all',
    'neg\tawful',
    'pos\tlovely music',
    'neg\tdull plot',
  ].join('\n');
  const data: CustomData = { name: 'reviews', kind: 'text', text };

  it('one-hot encodes words from a training vocabulary, with <unk> for the rest', () => {
    const ds = buildDataset(config({ valFraction: 0.25 }), 3, {}, data);
    expect([ds.task, ds.train.n, ds.val.n, ds.outputs]).toEqual(['classification', 6, 2, 2]);
    expect(ds.classNames).toEqual(['pos', 'neg']);
    expect(ds.vocabulary!.at(-1)).toBe(UNKNOWN_WORD);
    expect(ds.features).toBe(ds.vocabulary!.length);
    // Each timestep is all zero (padding) or exactly one word.
    for (let row = 0; row < ds.train.n * ds.timesteps; row++) {
      const sum = ds.train.x.subarray(row * ds.features, (row + 1) * ds.features).reduce((s, v) => s + v, 0);
      expect([0, 1]).toContain(sum);
    }
  });

  it('shuffles lines with the seed: same seed same split, another seed another split', () => {
    const a = buildDataset(config(), 3, {}, data);
    expect(buildDataset(config(), 3, {}, data).train.x).toEqual(a.train.x);
    expect(buildDataset(config(), 4, {}, data).train.y).not.toEqual(a.train.y);
  });

  it('needs two classes', () => {
    expect(() => buildDataset(config(), 1, {}, { ...data, text: 'a\tx\na\ty' })).toThrow(/only one class/);
  });
});
