import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { DataError } from './dataError';
import { Prng } from './prng';
import { buildSeriesDataset, type SeriesInput, seriesLayout } from './series';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name: 'custom',
  noise: 0,
  ...over,
});

/** A series whose value is its own row index, so every scaled value can be traced to its row. */
function rowIndexSeries(rows: number, extra?: (row: number) => number): SeriesInput {
  const values = Float64Array.from({ length: rows }, (_, r) => (extra ? extra(r) : r));
  return {
    name: 'test',
    description: 'rows',
    features: [{ name: 'row', values }],
    target: { task: 'regression', values, featureIndex: 0 },
  };
}

/** Rows (real units) read by sample i's window, target row included. */
function rowsOf(ds: ReturnType<typeof buildSeriesDataset>, split: 'train' | 'val', i: number): number[] {
  const { mean, std } = ds.targetScale!;
  const T = ds.timesteps;
  // "+ 0" turns Math.round(-0.2) = -0 into 0, which toEqual tells apart.
  const rows = Array.from({ length: T }, (_, t) => Math.round(ds[split].x[i * T + t] * std + mean) + 0);
  return [...rows, Math.round(ds[split].y[i] * std + mean) + 0];
}

describe('time-ordered split of a series', () => {
  it('puts the latest windows in validation and no window across the boundary', () => {
    const T = 10;
    const ds = buildSeriesDataset(
      rowIndexSeries(200),
      config({ timesteps: T, valFraction: 0.25, trainSize: 1000 }),
      new Prng(1),
    );
    // 190 windows, 48 (25%) for validation; training loses the T windows that would straddle.
    expect(ds.val.n).toBe(48);
    expect(ds.train.n).toBe(190 - 48 - T);
    const lastTrainRow = Math.max(...rowsOf(ds, 'train', ds.train.n - 1));
    const firstValRow = Math.min(...rowsOf(ds, 'val', 0));
    expect(lastTrainRow).toBeLessThan(firstValRow);
    expect(rowsOf(ds, 'val', ds.val.n - 1).at(-1)).toBe(199); // the last row is the last target
    expect(rowsOf(ds, 'train', 0)).toEqual(Array.from({ length: T + 1 }, (_, t) => t));
  });

  it('keeps the most recent trainSize training windows before the boundary', () => {
    const layout = seriesLayout(200, config({ timesteps: 10, valFraction: 0.25, trainSize: 30 }));
    expect(layout).toEqual({ rows: 200, boundary: 142, trainStart: 102, nTrain: 30, nVal: 48 });
    const ds = buildSeriesDataset(rowIndexSeries(200), config({ timesteps: 10, trainSize: 30 }), new Prng(1));
    expect(rowsOf(ds, 'train', 29).at(-1)).toBe(141);
    expect(rowsOf(ds, 'train', 0)[0]).toBe(102);
  });

  it('fits the scaling on the training rows only: changing a validation value leaves it unchanged', () => {
    const cfg = config({ timesteps: 5, trainSize: 50 });
    const before = buildSeriesDataset(rowIndexSeries(100), cfg, new Prng(3));
    const after = buildSeriesDataset(
      rowIndexSeries(100, (r) => (r === 98 ? 1e6 : r)),
      cfg,
      new Prng(3),
    );
    expect(after.targetScale).toEqual(before.targetScale);
    expect(after.train.x).toEqual(before.train.x);
    expect(after.train.y).toEqual(before.train.y);
    expect(after.val.x).not.toEqual(before.val.x);
    // And the statistics are those of the kept training rows 25..77 (mean 51).
    const layout = seriesLayout(100, cfg);
    expect(before.targetScale!.mean).toBeCloseTo((layout.trainStart + layout.boundary - 1) / 2, 10);
  });

  it('adds input noise in units of the training spread, leaving the targets clean', () => {
    const clean = buildSeriesDataset(rowIndexSeries(100), config({ timesteps: 5 }), new Prng(3));
    const noisy = buildSeriesDataset(rowIndexSeries(100), config({ timesteps: 5, noise: 0.5 }), new Prng(3));
    expect(noisy.train.y).toEqual(clean.train.y);
    const diffs = noisy.train.x.map((v, i) => v - clean.train.x[i]);
    const rms = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(rms).toBeGreaterThan(0.4);
    expect(rms).toBeLessThan(0.6);
  });

  it('says how many rows are needed when the series is too short', () => {
    expect(() => seriesLayout(10, config({ timesteps: 10 }))).toThrow(/needs at least 11/);
    expect(() => seriesLayout(22, config({ timesteps: 10 }))).toThrow(DataError);
    expect(() => seriesLayout(22, config({ timesteps: 10 }))).toThrow(/Lower timesteps or valFraction/);
  });

  it('classifies the label of the row after each window', () => {
    const labels = Int32Array.from({ length: 60 }, (_, r) => r % 3);
    const ds = buildSeriesDataset(
      {
        name: 'test',
        description: '',
        features: [{ name: 'row', values: Float64Array.from(labels.keys()) }],
        target: { task: 'classification', labels, classNames: ['a', 'b', 'c'] },
      },
      config({ timesteps: 4 }),
      new Prng(1),
    );
    expect(ds.outputs).toBe(3);
    expect(ds.targetScale).toBeUndefined();
    // Training window 0 reads rows 0..3 and is labelled by row 4: class 1.
    expect(Array.from(ds.train.y.subarray(0, 3))).toEqual([0, 1, 0]);
  });
});
