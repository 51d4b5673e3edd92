import { describe, expect, it } from 'vitest';
import { type DatasetConfig, type DatasetName, DEFAULT_CONFIG } from '../model/config';
import { buildDataset } from './index';
import { SENTIMENT_VOCABULARY } from './sentiment';
import { MIN_SYNTHETIC_VAL } from './splits';
import type { Dataset } from './types';

const SYNTHETIC: DatasetName[] = ['sine', 'adding', 'sentiment', 'tenclass'];
const config = (name: DatasetName, over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name,
  ...over,
});
const build = (name: DatasetName, over: Partial<DatasetConfig> = {}, seed = 42) =>
  buildDataset(config(name, over), seed, {});

/** Element-wise equality; much faster than toEqual on large typed arrays. */
function same(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

const POSITIVE = new Set(['good', 'great', 'fun', 'brilliant', 'lovely', 'funny']);
const NEGATIVE = new Set(['bad', 'boring', 'awful', 'dull', 'terrible', 'slow']);

/** Training labels that differ from a reader's: the clause after the last "but" decides, "not" flips. */
function disagreements(ds: Dataset): number {
  const { timesteps: T, features: F } = ds;
  let count = 0;
  for (let i = 0; i < ds.train.n; i++) {
    const words: string[] = [];
    for (let t = 0; t < T; t++) {
      const row = ds.train.x.subarray((i * T + t) * F, (i * T + t + 1) * F);
      if (row.some((v) => v === 1)) words.push(ds.vocabulary![argmax(row)]);
    }
    const lastClause = words.slice(words.lastIndexOf('but') + 1);
    const adjective = lastClause.find((w) => POSITIVE.has(w) || NEGATIVE.has(w))!;
    const reading = POSITIVE.has(adjective) !== lastClause.includes('not');
    if (argmax(ds.train.y.subarray(i * 2, i * 2 + 2)) !== (reading ? 1 : 0)) count++;
  }
  return count;
}

describe('synthetic datasets', () => {
  const expected: Record<string, { F: number; K: number; task: string }> = {
    sine: { F: 1, K: 1, task: 'regression' },
    adding: { F: 2, K: 1, task: 'regression' },
    sentiment: { F: SENTIMENT_VOCABULARY.length, K: 2, task: 'classification' },
    tenclass: { F: 8, K: 10, task: 'classification' },
  };

  it.each(SYNTHETIC)('%s has x [n,T,F] and y [n,K] of the expected sizes', (name) => {
    const ds = build(name, { trainSize: 600, valFraction: 0.25, timesteps: 12 });
    const { F, K, task } = expected[name];
    expect([ds.task, ds.timesteps, ds.features, ds.outputs]).toEqual([task, 12, F, K]);
    // trainSize training samples; validation is valFraction of the whole: 600·0.25/0.75 = 200.
    expect([ds.train.n, ds.val.n]).toEqual([600, 200]);
    // A small set still validates on MIN_SYNTHETIC_VAL windows.
    expect(build(name, { trainSize: 60, valFraction: 0.25, timesteps: 12 }).val.n).toBe(MIN_SYNTHETIC_VAL);
    for (const split of [ds.train, ds.val]) {
      expect(split.x.length).toBe(split.n * 12 * F);
      expect(split.y.length).toBe(split.n * K);
      expect(split.x.every(Number.isFinite)).toBe(true);
    }
    expect(ds.featureNames).toHaveLength(F);
    if (task === 'classification') expect(ds.classNames).toHaveLength(K);
    else expect(ds.targetScale).toBeDefined();
  });

  it.each(SYNTHETIC)('%s: the same seed gives identical arrays, another seed different ones', (name) => {
    const a = build(name, {}, 7);
    const b = build(name, {}, 7);
    const c = build(name, {}, 8);
    expect(same(b.train.x, a.train.x)).toBe(true);
    expect(same(b.val.x, a.val.x)).toBe(true);
    expect(same(b.val.y, a.val.y)).toBe(true);
    expect(same(c.train.x, a.train.x)).toBe(false);
  });

  it('keeps the training samples when only valFraction changes (separate streams per split)', () => {
    const a = build('sine', { valFraction: 0.1 });
    const b = build('sine', { valFraction: 0.4 });
    expect(same(b.train.x, a.train.x)).toBe(true);
    expect(b.val.n).toBeGreaterThan(a.val.n);
  });

  it('adding: each target is the sum of the two marked values, one marker in each half', () => {
    const T = 16;
    const ds = build('adding', { timesteps: T, noise: 0, trainSize: 100 });
    const { mean, std } = ds.targetScale!;
    for (const split of [ds.train, ds.val]) {
      for (let i = 0; i < split.n; i++) {
        const marked: number[] = [];
        let sum = 0;
        for (let t = 0; t < T; t++) {
          if (split.x[(i * T + t) * 2 + 1] === 1) {
            marked.push(t);
            sum += split.x[(i * T + t) * 2];
          }
        }
        expect(marked).toHaveLength(2);
        expect(marked[0]).toBeLessThan(T / 2);
        expect(marked[1]).toBeGreaterThanOrEqual(T / 2);
        expect(split.y[i] * std + mean).toBeCloseTo(sum, 5);
      }
    }
  });

  it('adding: targets are z-scored with the training targets', () => {
    const ds = build('adding', { trainSize: 500 });
    const mean = ds.train.y.reduce((s, v) => s + v, 0) / ds.train.n;
    const variance = ds.train.y.reduce((s, v) => s + (v - mean) ** 2, 0) / ds.train.n;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeCloseTo(1, 4);
  });

  it('sine: noise 0 gives clean windows whose target continues the wave', () => {
    const ds = build('sine', { noise: 0, timesteps: 8 });
    expect(Math.max(...ds.train.x.map(Math.abs))).toBeLessThanOrEqual(1);
    const noisy = build('sine', { noise: 1, timesteps: 8 });
    expect(Math.max(...noisy.train.x.map(Math.abs))).toBeGreaterThan(1.5);
  });

  it('sentiment: without noise every label follows "not" and "but" as a reader would', () => {
    const ds = build('sentiment', { noise: 0, trainSize: 300 });
    expect(disagreements(ds)).toBe(0);
  });

  it('sentiment: noise flips about noise/4 of the labels', () => {
    const ds = build('sentiment', { noise: 1, trainSize: 2000 });
    expect(disagreements(ds) / ds.train.n).toBeGreaterThan(0.2);
    expect(disagreements(ds) / ds.train.n).toBeLessThan(0.3);
  });

  it('sentiment: a short window still holds whole sentences', () => {
    const ds = build('sentiment', { timesteps: 2 });
    for (let i = 0; i < ds.train.n; i++) {
      const words = ds.train.x
        .subarray(i * 2 * ds.features, (i + 1) * 2 * ds.features)
        .reduce((s, v) => s + v, 0);
      expect(words).toBeGreaterThanOrEqual(1);
    }
  });

  it('tenclass: classes are balanced and every class appears in both splits', () => {
    const ds = build('tenclass', { trainSize: 200, valFraction: 0.2 });
    const counts = new Array(10).fill(0);
    for (let i = 0; i < ds.train.n; i++) counts[argmax(ds.train.y.subarray(i * 10, i * 10 + 10))]++;
    expect(counts).toEqual(new Array(10).fill(20));
    const valClasses = new Set<number>();
    for (let i = 0; i < ds.val.n; i++) valClasses.add(argmax(ds.val.y.subarray(i * 10, i * 10 + 10)));
    expect(valClasses.size).toBe(10);
  });

  it('refuses a split larger than LIMITS.maxInputElements with a clear error', () => {
    expect(() => build('tenclass', { trainSize: 20000, timesteps: 200 })).toThrow(
      /over the limit of 8,000,000/,
    );
  });
});
