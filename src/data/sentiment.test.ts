import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { Prng } from './prng';
import { buildSentiment, SENTIMENT_CLASSES, SENTIMENT_VOCABULARY } from './sentiment';
import type { Dataset } from './types';

const SUBJECTS = ['the movie', 'the film', 'the plot', 'the acting', 'the ending', 'the music', 'it'];
const POSITIVE = ['good', 'great', 'fun', 'brilliant', 'lovely', 'funny'];
const NEGATIVE = ['bad', 'boring', 'awful', 'dull', 'terrible', 'slow'];
const INTENSIFIERS = ['very', 'really', 'so'];
const FILLERS = ['honestly', 'well', 'overall', 'um'];

const build = (over: Partial<DatasetConfig>, seed = 5): Dataset =>
  buildSentiment({ ...DEFAULT_CONFIG.dataset, name: 'sentiment', ...over }, new Prng(seed));

/** Each training sample read back as its words (padding rows skipped) and its label (1 = positive). */
function read(ds: Dataset): { words: string[]; positive: boolean }[] {
  const { timesteps: T, features: F } = ds;
  return Array.from({ length: ds.train.n }, (_, i) => {
    const words: string[] = [];
    for (let t = 0; t < T; t++) {
      const row = ds.train.x.subarray((i * T + t) * F, (i * T + t + 1) * F);
      const hot = row.indexOf(1);
      if (hot >= 0) words.push(ds.vocabulary![hot]);
    }
    return { words, positive: ds.train.y[i * 2 + 1] === 1 };
  });
}

const ADJ = `(${[...POSITIVE, ...NEGATIVE].join('|')})`;
const CLAUSE = `(${SUBJECTS.join('|')}) was( not)?( (${INTENSIFIERS.join('|')}))? ${ADJ}`;
const SHAPES: [string, RegExp][] = [
  ['adjective', new RegExp(`^${ADJ}$`)],
  ['not … at all', new RegExp(`^not ${ADJ} at all$`)],
  ['clause', new RegExp(`^${CLAUSE}$`)],
  ['clause but clause', new RegExp(`^${CLAUSE} but ${CLAUSE}$`)],
];
const shapeOf = (text: string) => SHAPES.find(([, re]) => re.test(text))?.[0] ?? `no shape: ${text}`;
const share = (items: unknown[], keep: (x: never) => boolean) =>
  items.filter((x) => keep(x as never)).length / items.length;

describe('sentiment generator', () => {
  it('has the fixed vocabulary, classes and name', () => {
    // biome-ignore format: one line per word group
    expect(SENTIMENT_VOCABULARY).toEqual([
      'the', 'movie', 'film', 'plot', 'acting', 'ending', 'music',
      'was', 'not', 'at', 'all', 'but', 'it',
      'very', 'really', 'so',
      ...POSITIVE, ...NEGATIVE, ...FILLERS,
    ]);
    expect(SENTIMENT_CLASSES).toEqual(['negative', 'positive']);
    const ds = build({ trainSize: 10 });
    expect([ds.name, ds.features, ds.classNames, ds.featureNames]).toEqual([
      'sentiment',
      SENTIMENT_VOCABULARY.length,
      ['negative', 'positive'],
      SENTIMENT_VOCABULARY,
    ]);
  });

  // 4000 reviews; each share below is checked within about five standard deviations.
  const reviews = read(build({ noise: 0, timesteps: 20, trainSize: 4000 }));
  const texts = reviews.map((r) => r.words.join(' '));
  const clauses = texts
    .filter((t) => !/^not /.test(t) && t.includes(' was '))
    .flatMap((t) => t.split(' but '));

  it('without noise writes only the four shapes, in shares 1/5, 1/5, 2/5, 1/5', () => {
    const shapes = texts.map(shapeOf);
    expect(shapes.filter((s) => s.startsWith('no shape'))).toEqual([]);
    expect(share(shapes, (s) => s === 'adjective')).toBeCloseTo(0.2, 1);
    expect(share(shapes, (s) => s === 'not … at all')).toBeCloseTo(0.2, 1);
    expect(share(shapes, (s) => s === 'clause')).toBeCloseTo(0.4, 1);
    expect(share(shapes, (s) => s === 'clause but clause')).toBeCloseTo(0.2, 1);
  });

  it('a clause says "it" 1/5 of the time, "not" 2/5, an intensifier 3/10', () => {
    expect(share(clauses, (c: string) => c.startsWith('it was'))).toBeCloseTo(0.2, 1);
    expect(share(clauses, (c: string) => c.includes(' was not'))).toBeCloseTo(0.4, 1);
    const intensified = (c: string) => INTENSIFIERS.some((w) => c.includes(` ${w} `));
    expect(share(clauses, intensified)).toBeCloseTo(0.3, 1);
    for (const w of [...SUBJECTS, ...INTENSIFIERS]) expect(texts.some((t) => t.includes(w))).toBe(true);
  });

  it('picks positive and negative adjectives evenly, every one of them, and labels half positive', () => {
    const adjectives = texts.flatMap((t) =>
      t.split(' ').filter((w) => POSITIVE.includes(w) || NEGATIVE.includes(w)),
    );
    expect(share(adjectives, (w: string) => POSITIVE.includes(w))).toBeCloseTo(0.5, 1);
    for (const w of [...POSITIVE, ...NEGATIVE]) expect(adjectives).toContain(w);
    expect(share(reviews, (r: { positive: boolean }) => r.positive)).toBeCloseTo(0.5, 1);
    expect(texts.some((t) => FILLERS.some((f) => t.split(' ').includes(f)))).toBe(false);
  });

  const fillerCount = (words: string[]) => words.filter((w) => FILLERS.includes(w)).length;

  it('noise 0.4 puts a filler word into about noise/2 = 1/5 of the reviews', () => {
    const some = read(build({ noise: 0.4, timesteps: 20, trainSize: 3000 }));
    expect(share(some, (r: { words: string[] }) => fillerCount(r.words) === 1)).toBeCloseTo(0.2, 1);
    expect(some.every((r) => fillerCount(r.words) <= 1)).toBe(true);
  });

  it('noise 2 puts exactly one filler into every review, at any place including the end', () => {
    const all = read(build({ noise: 2, timesteps: 20, trainSize: 2000 }));
    expect(all.every((r) => fillerCount(r.words) === 1)).toBe(true);
    const last = all.filter((r) => FILLERS.includes(r.words[r.words.length - 1])).length;
    const first = all.filter((r) => FILLERS.includes(r.words[0])).length;
    expect(last).toBeGreaterThan(100);
    expect(first).toBeGreaterThan(100);
    for (const f of FILLERS) expect(all.some((r) => r.words.includes(f))).toBe(true);
    // Without fillers, every sentence is one of the four shapes.
    const bare = all.map((r) => r.words.filter((w) => !FILLERS.includes(w)).join(' '));
    expect(bare.map(shapeOf).filter((s) => s.startsWith('no shape'))).toEqual([]);
  });

  it('a window of 3 keeps whole sentences up to 3 words ("it was good")', () => {
    const short = read(build({ noise: 0, timesteps: 3, trainSize: 1000 }));
    const shapes = short.map((r) => shapeOf(r.words.join(' ')));
    expect(shapes.filter((s) => s.startsWith('no shape'))).toEqual([]);
    expect(shapes).toContain('clause');
    expect(short.every((r) => r.words.length === 1 || r.words.join(' ').startsWith('it was '))).toBe(true);
  });

  it('a window of 1 that no sentence fits falls back to one adjective, half of them positive', () => {
    // noise 2: every sentence gets a filler, so none fits one word and every sample falls back.
    const one = read(build({ noise: 2, timesteps: 1, trainSize: 2000 }));
    expect(one.every((r) => r.words.length === 1)).toBe(true);
    const adjectives = one.map((r) => r.words[0]);
    expect(adjectives.every((w) => POSITIVE.includes(w) || NEGATIVE.includes(w))).toBe(true);
    expect(share(adjectives, (w: string) => POSITIVE.includes(w))).toBeCloseTo(0.5, 1);
  });
});
