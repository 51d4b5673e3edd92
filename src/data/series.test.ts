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

describe('series windows, worked by hand', () => {
  /*
   * 12 rows, T = 2, valFraction 0.25: 10 windows, 3 for validation, boundary row 7, 5 training
   * windows from row 0. Training rows 0..6 give a = r mean 3, std 2; b = −r mean −3, std 2;
   * target 10 + 4r mean 22, std 8. So a scales to (r − 3)/2, b to (3 − r)/2, y to (r − 3)/2.
   */
  const input = (targetFeature?: number): SeriesInput => {
    const a = Float64Array.from({ length: 12 }, (_, r) => r);
    const b = a.map((r) => -r);
    return {
      name: 'two',
      description: 'two columns',
      features: [
        { name: 'a', values: a },
        { name: 'b', values: b },
      ],
      target:
        targetFeature === undefined
          ? { task: 'regression', values: a.map((r) => 10 + 4 * r) }
          : { task: 'regression', values: b, featureIndex: targetFeature },
    };
  };
  const cfg = (noise = 0) => config({ timesteps: 2, valFraction: 0.25, trainSize: 1000, noise });

  it('writes x [n, T, F] feature by feature, each column scaled on the training rows', () => {
    const ds = buildSeriesDataset(input(), cfg(), new Prng(1));
    expect([ds.train.n, ds.val.n]).toEqual([5, 3]);
    const want = (first: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        [0, 1].flatMap((t) => [(first + i + t - 3) / 2, (3 - first - i - t) / 2]),
      ).flat();
    expect(Array.from(ds.train.x)).toEqual(want(0, 5));
    expect(Array.from(ds.val.x)).toEqual(want(7, 3));
    expect(Array.from(ds.train.y)).toEqual([0, 1, 2, 3, 4].map((s) => (s + 2 - 3) / 2));
    expect(ds.targetScale).toEqual({ mean: 22, std: 8 });
    // A separate target column: neither a target feature nor class names.
    expect(Object.keys(ds)).not.toContain('targetFeature');
    expect(Object.keys(ds)).not.toContain('classNames');
  });

  it('a target that is an input keeps that column’s scale and says which column it is', () => {
    const ds = buildSeriesDataset(input(1), cfg(), new Prng(1));
    expect(ds.targetFeature).toBe(1);
    expect(ds.targetScale).toEqual({ mean: -3, std: 2 });
    expect(ds.train.y[0]).toBe((3 - 2) / 2);
  });

  it('noise adds noise · z to every input, z drawn in order from the split’s own stream', () => {
    const ds = buildSeriesDataset(input(), cfg(0.5), new Prng(9));
    const root = new Prng(9);
    for (const [split, rng, first] of [
      [ds.train, root.fork(0), 0],
      [ds.val, root.fork(1), 7],
    ] as const) {
      for (let i = 0; i < split.n; i++) {
        for (let t = 0; t < 2; t++) {
          const r = first + i + t;
          expect(split.x[(i * 2 + t) * 2]).toBeCloseTo((r - 3) / 2 + 0.5 * rng.normal(), 5);
          expect(split.x[(i * 2 + t) * 2 + 1]).toBeCloseTo((3 - r) / 2 + 0.5 * rng.normal(), 5);
        }
      }
    }
  });

  it('draws the line between too short and just long enough where the counts say', () => {
    // T = 2: 3 rows hold one window but leave no training window: the second message.
    expect(() => seriesLayout(3, config({ timesteps: 2 }))).toThrow(/^The series has 3 rows: too few/);
    // T = 2, valFraction 0.1, 6 rows: 4 windows, 1 for validation, boundary 3: one training window.
    expect(seriesLayout(6, config({ timesteps: 2, valFraction: 0.1 }))).toMatchObject({ nTrain: 1, nVal: 1 });
    expect(() => seriesLayout(7, config({ timesteps: 3, valFraction: 0.1 }))).toThrow(
      'The series has 7 rows: too few for timesteps 3 with a validation share of 0.1 (training and ' +
        'validation windows may not share rows; it needs at least 8). Lower timesteps or valFraction.',
    );
  });

  it('refuses a series with no input column, and names the split that is too large', () => {
    const none: SeriesInput = { ...input(), features: [] };
    expect(() => buildSeriesDataset(none, cfg(), new Prng(1))).toThrow(
      'There is no numeric column to use as an input feature.',
    );
    const long = rowIndexSeries(200_000);
    const big = (over: Partial<DatasetConfig>) => () =>
      buildSeriesDataset(long, config({ timesteps: 100, ...over }), new Prng(1));
    expect(big({ trainSize: 100_000, valFraction: 0.1 })).toThrow(/^The training split would hold 100,000/);
    expect(big({ trainSize: 10, valFraction: 0.5 })).toThrow(/^The validation split would hold 99,950/);
  });
});
