import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { DataError } from './dataError';
import { Prng } from './prng';
import { buildSpam, SPAM_VOCABULARY } from './spam';
import { SPAM_FILE, type SpamMessage, serializeSpamCorpus } from './spamCorpus';
import type { Dataset, Split } from './types';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name: 'spam',
  timesteps: 4,
  trainSize: 1000,
  valFraction: 0.25,
  ...over,
});
const files = (messages: SpamMessage[]) => ({
  [SPAM_FILE]: serializeSpamCorpus({ source: 'test', license: 'x', wordsPerMessage: 6, messages }),
});
/** 10 ham and 10 spam: each says its class word, then a word of its own ("two", "twos"). */
const numbers = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const corpus: SpamMessage[] = numbers.flatMap((n, i) => [
  { id: `easy-ham-1/${i}`, label: 'ham' as const, words: `meeting ${n} agenda` },
  { id: `spam-1/${i}`, label: 'spam' as const, words: `cash ${n}s free offer now` },
]);
const build = (over: Partial<DatasetConfig> = {}, seed = 3, messages = corpus) =>
  buildSpam(config(over), files(messages), new Prng(seed));

/** The words of sample i (padding skipped), read back from its one-hot rows. */
const wordsOf = (ds: Dataset, split: Split, i: number) => {
  const { timesteps: T, features: F } = ds;
  const out: (string | null)[] = [];
  for (let t = 0; t < T; t++) {
    const hot = split.x.subarray((i * T + t) * F, (i * T + t + 1) * F).indexOf(1);
    out.push(hot < 0 ? null : ds.vocabulary![hot]);
  }
  return out;
};
const labels = (split: Split) =>
  Array.from({ length: split.n }, (_, i) => (split.y[i * 2 + 1] === 1 ? 'spam' : 'ham'));

describe('the spam dataset, built from a hand-made corpus', () => {
  it('is x [n, T, V+1] one-hot words and y [n, 2] one-hot (ham, spam)', () => {
    const ds = build();
    expect([ds.name, ds.task, ds.timesteps, ds.outputs]).toEqual(['spam', 'classification', 4, 2]);
    expect(ds.classNames).toEqual(['ham', 'spam']);
    expect(ds.features).toBe(ds.vocabulary!.length);
    expect(ds.vocabulary!.at(-1)).toBe('<unk>');
    expect([ds.train.n, ds.val.n]).toEqual([15, 5]);
    for (const split of [ds.train, ds.val]) {
      expect(split.x).toHaveLength(split.n * 4 * ds.features);
      expect(split.y).toHaveLength(split.n * 2);
      for (let i = 0; i < split.n; i++) expect(split.y[i * 2] + split.y[i * 2 + 1]).toBe(1);
    }
  });

  it('reads the first T words (the subject first), padded at the front with all-zero rows', () => {
    const ds = build();
    for (const [split, name] of [
      [ds.train, 'train'],
      [ds.val, 'val'],
    ] as const) {
      for (let i = 0; i < split.n; i++) {
        const words = wordsOf(ds, split, i);
        const spam = labels(split)[i] === 'spam';
        // spam: "cash n free offer" (4 of 5 words: "now" cut); ham: padding, "meeting n agenda".
        if (spam) expect(words[0], name).toBe('cash');
        else expect([words[0], words[1]], name).toEqual([null, 'meeting']);
        expect(words.at(-1), name).toBe(spam ? 'offer' : 'agenda');
      }
    }
    expect(ds.vocabulary).not.toContain('now');
  });

  it('deals the classes in turn: both splits balanced within one message', () => {
    for (const seed of [1, 2, 3, 4]) {
      const ds = build({}, seed);
      for (const split of [ds.train, ds.val]) {
        const spam = labels(split).filter((l) => l === 'spam').length;
        expect(Math.abs(2 * spam - split.n), `seed ${seed}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('splits the same way for the same seed, another way for another, never a message in both', () => {
    const a = build({}, 7);
    const b = build({}, 7);
    const c = build({}, 8);
    expect(b.train.x).toEqual(a.train.x);
    expect(b.val.y).toEqual(a.val.y);
    expect(b.vocabulary).toEqual(a.vocabulary);
    // Each message has a word of its own, which only its own split can know.
    const shared = new Set([null, 'meeting', 'agenda', 'cash', 'free', 'offer']);
    const own = (ds: Dataset, split: Split) =>
      Array.from({ length: split.n }, (_, i) => wordsOf(ds, split, i).find((w) => !shared.has(w)));
    const trainOwn = new Set(own(a, a.train));
    expect(trainOwn.size).toBe(a.train.n);
    expect(own(a, a.val).filter((w) => trainOwn.has(w))).toEqual([]);
    expect(new Set(own(c, c.train))).not.toEqual(trainOwn);
  });

  it('learns its vocabulary from the training windows only: validation-only words read as <unk>', () => {
    const ds = build();
    const trainWords = new Set(Array.from({ length: ds.train.n }, (_, i) => wordsOf(ds, ds.train, i)).flat());
    expect(new Set(ds.vocabulary!.slice(0, -1))).toEqual(new Set([...trainWords].filter((w) => w !== null)));
    // Each validation message's own word was never in training: exactly one <unk> each.
    for (let i = 0; i < ds.val.n; i++) {
      expect(wordsOf(ds, ds.val, i).filter((w) => w === '<unk>')).toHaveLength(1);
    }
  });

  it('ranks the vocabulary by training frequency, ties alphabetically, and caps it', () => {
    const ds = build({ valFraction: 0.05 }); // 1 validation message, 19 training
    const top = ds.vocabulary!.slice(0, 3);
    expect(top.slice(0, 2).sort()).toEqual(['cash', 'free']); // 9 or 10 each, in every spam
    expect(ds.description).toBe(
      `SpamAssassin e-mails of 2002, spam or ham: 20 messages, the first 4 words of each, ${ds.vocabulary!.length - 1} words known.`,
    );
    const many = Array.from({ length: 2 * SPAM_VOCABULARY }, (_, i) => ({
      id: `spam-1/${i}`,
      label: (i % 2 ? 'spam' : 'ham') as SpamMessage['label'],
      words: `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} word`,
    }));
    const capped = build({ valFraction: 0.05, trainSize: 20000 }, 1, many);
    expect(capped.vocabulary).toHaveLength(SPAM_VOCABULARY + 1);
    expect(capped.vocabulary![0]).toBe('word');
  });

  it('orders equally frequent words alphabetically, not by which message came first', () => {
    const same = corpus.map((m) => ({ ...m, words: 'zeta alpha mid' }));
    expect(build({}, 1, same).vocabulary).toEqual(['alpha', 'mid', 'zeta', '<unk>']);
  });

  it('takes at most trainSize training messages, validation as valFraction of all', () => {
    const ds = build({ trainSize: 8, valFraction: 0.5 });
    expect([ds.train.n, ds.val.n]).toEqual([8, 10]);
  });

  it('says so when the file is missing or holds too little', () => {
    expect(() => buildSpam(config(), {}, new Prng(1))).toThrow(DataError);
    expect(() => buildSpam(config(), {}, new Prng(1))).toThrow(
      'The data file spam-assassin.json was not loaded.',
    );
    expect(() => build({}, 1, corpus.slice(0, 1))).toThrow(
      'spam-assassin.json holds fewer than two messages.',
    );
  });
});
