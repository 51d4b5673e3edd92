import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { buildDataset, loadDataFiles, requiredFiles } from './index';
import { readNodeDataFile } from './nodeFiles';
import { SPAM_VOCABULARY } from './spam';
import {
  labelOfGroup,
  parseSpamCorpus,
  SPAM_FILE,
  SPAM_MIN_WORDS,
  SPAM_PER_CLASS,
  SPAM_WORDS_PER_MESSAGE,
  type SpamCorpus,
} from './spamCorpus';

/** The file the build ships, derived by Node from the package as vite.config.ts derives it. */
let text: string;
let corpus: SpamCorpus;
beforeAll(async () => {
  text = (await loadDataFiles('spam', readNodeDataFile))[SPAM_FILE];
  corpus = parseSpamCorpus(text);
});

describe('the shipped SpamAssassin subset (README, "Datasets")', () => {
  it('is the one file the spam set needs', () => {
    expect(requiredFiles('spam')).toEqual(['spam-assassin.json']);
  });

  it('holds 1,000 ham and 1,000 spam, each labelled by its corpus folder', () => {
    expect(SPAM_PER_CLASS).toBe(1000);
    expect(corpus.messages).toHaveLength(2000);
    expect(corpus.messages.filter((m) => m.label === 'spam')).toHaveLength(1000);
    for (const m of corpus.messages) expect(labelOfGroup(m.id.split('/')[0]), m.id).toBe(m.label);
    expect(new Set(corpus.messages.map((m) => m.id)).size).toBe(2000);
    expect(new Set(corpus.messages.map((m) => m.words)).size).toBe(2000);
  });

  it('draws from every folder: 601 + 346 + 53 ham, 263 + 737 spam', () => {
    const byFolder: Record<string, number> = {};
    for (const m of corpus.messages) byFolder[m.id.split('/')[0]] = (byFolder[m.id.split('/')[0]] ?? 0) + 1;
    expect(byFolder).toEqual({
      'easy-ham-1': 601,
      'easy-ham-2': 346,
      'hard-ham-1': 53,
      'spam-1': 263,
      'spam-2': 737,
    });
  });

  it('keeps 3 to 32 lower-case words a message, and is about 400 kB', () => {
    expect(corpus.wordsPerMessage).toBe(SPAM_WORDS_PER_MESSAGE);
    for (const m of corpus.messages) {
      const words = m.words.split(' ');
      expect(words.length, m.id).toBeGreaterThanOrEqual(SPAM_MIN_WORDS);
      expect(words.length, m.id).toBeLessThanOrEqual(32);
      expect(m.words, m.id).toMatch(/^[a-z']+( [a-z']+)*$/);
    }
    expect(text.length).toBeGreaterThan(380_000);
    expect(text.length).toBeLessThan(430_000);
    expect(corpus.license).toBe('PDDL-1.0 AND CC0-1.0');
  });

  it('builds 1,600 training and 400 validation messages, 200 of each class held out', async () => {
    const files = await loadDataFiles('spam', readNodeDataFile);
    const config = {
      ...DEFAULT_CONFIG.dataset,
      name: 'spam' as const,
      trainSize: 20000,
      valFraction: 0.2,
      timesteps: 24,
    };
    const ds = buildDataset(config, 1, files);
    expect([ds.train.n, ds.val.n, ds.features]).toEqual([1600, 400, SPAM_VOCABULARY + 1]);
    const spam = (y: Float32Array) => y.filter((v, i) => i % 2 === 1 && v === 1).length;
    expect([spam(ds.train.y), spam(ds.val.y)]).toEqual([800, 200]);
    expect(ds.vocabulary!.slice(0, 5)).toEqual(expect.arrayContaining(['the']));
  });
});
