import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { buildCustom } from './custom';
import { DataError } from './dataError';
import { Prng } from './prng';
import type { CustomData, Dataset } from './types';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name: 'custom',
  noise: 0,
  timesteps: 8,
  trainSize: 1000,
  ...over,
});
const text = (rows: string[], name = 'mine'): CustomData => ({ name, kind: 'text', text: rows.join('\n') });
/** Words of sample i, read back from its one-hot rows. */
const wordsOf = (ds: Dataset, split: 'train' | 'val', i: number) => {
  const { timesteps: T, features: F } = ds;
  const out: string[] = [];
  for (let t = 0; t < T; t++) {
    const hot = ds[split].x.subarray((i * T + t) * F, (i * T + t + 1) * F).indexOf(1);
    if (hot >= 0) out.push(ds.vocabulary![hot]);
  }
  return out;
};

describe('custom text, worked by hand', () => {
  // Six lines: every one says "zed yak yak x x" plus its own word w0 … w5.
  const rows = Array.from({ length: 6 }, (_, i) => `${i % 2 ? 'pos' : 'neg'}\tzed yak yak x x w${i}`);
  // The split as the recipe says: lines shuffled by fork(0) of the run's stream, the first
  // round(6 · 0.25) = 2 for validation. Prng is checked against a Python port in prng.test.ts.
  const order = new Prng(5).fork(0).shuffle([0, 1, 2, 3, 4, 5]);

  it('ranks words by training frequency, ties in first-seen order, then <unk>', () => {
    const ds = buildCustom(config({ valFraction: 0.25 }), text(rows, 'My lines'), new Prng(5));
    const trainOwn = order.slice(2).map((i) => `w${i}`);
    expect(ds.vocabulary).toEqual(['yak', 'x', 'zed', ...trainOwn, '<unk>']);
    expect([ds.name, ds.featureNames]).toEqual(['custom', ds.vocabulary]);
    expect(ds.description).toBe('My lines: 6 labelled lines, 2 classes, 7 words.');
    // Training line k reads its own words; a validation line's own word was never seen: <unk>.
    order.slice(2).forEach((line, k) => {
      expect(wordsOf(ds, 'train', k)).toEqual(['zed', 'yak', 'yak', 'x', 'x', `w${line}`]);
      expect(ds.train.y[k * 2 + (line % 2 ? 1 : 0)]).toBe(1);
    });
    order.slice(0, 2).forEach((line, k) => {
      expect(wordsOf(ds, 'val', k)).toEqual(['zed', 'yak', 'yak', 'x', 'x', '<unk>']);
      expect(ds.val.y[k * 2 + (line % 2 ? 1 : 0)]).toBe(1);
    });
    expect(ds.classNames).toEqual(['neg', 'pos']);
  });

  it('keeps trainSize training lines, leaves one for training at any valFraction, and names a nameless set', () => {
    const few = buildCustom(config({ valFraction: 0.25, trainSize: 2 }), text(rows), new Prng(5));
    expect([few.train.n, few.val.n]).toEqual([2, 2]);
    const two = buildCustom(config({ valFraction: 0.9 }), text(['a\tone', 'b\ttwo'], ''), new Prng(1));
    expect([two.train.n, two.val.n]).toEqual([1, 1]);
    expect(two.description).toBe('Your text: 2 labelled lines, 2 classes, 1 words.');
  });

  it('allows 50 classes and refuses 51, and names the split that is too large', () => {
    const classes = (k: number) => Array.from({ length: k }, (_, i) => `c${i}\tword`);
    expect(buildCustom(config(), text(classes(50)), new Prng(1)).outputs).toBe(50);
    expect(() => buildCustom(config(), text(classes(51)), new Prng(1))).toThrow(
      new DataError('The text has 51 classes; the limit is 50.'),
    );
    // Ten lines "a b": 3 features (a, b, <unk>); at T = 1,000,000 nine windows pass 8,000,000.
    const ten = text(Array.from({ length: 10 }, (_, i) => `${i % 2}\ta b`));
    expect(() => buildCustom(config({ timesteps: 1_000_000, valFraction: 0.1 }), ten, new Prng(1))).toThrow(
      /^The training split would hold 9 windows/,
    );
    expect(() => buildCustom(config({ timesteps: 1_000_000, valFraction: 0.9 }), ten, new Prng(1))).toThrow(
      /^The validation split would hold 9 windows/,
    );
  });

  it('keeps the 500 most frequent training words, the rest read as <unk>', () => {
    // Twelve lines of 60 words each, all different: 720 words, 600 or so of them in training.
    const many = Array.from(
      { length: 12 },
      (_, i) => `${i % 2}\t${Array.from({ length: 60 }, (_, k) => `w${i}x${k}`).join(' ')}`,
    );
    const ds = buildCustom(config({ valFraction: 0.2, timesteps: 60 }), text(many), new Prng(2));
    expect(ds.vocabulary).toHaveLength(501);
    expect(ds.vocabulary!.at(-1)).toBe('<unk>');
  });
});
