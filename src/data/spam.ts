import type { DatasetConfig } from '../model/config';
import { UNKNOWN_WORD } from './custom';
import { DataError } from './dataError';
import type { DataFiles } from './files';
import type { Prng } from './prng';
import { parseSpamCorpus, SPAM_CLASSES, SPAM_FILE, type SpamMessage } from './spamCorpus';
import { allocateSplit } from './splits';
import { tokenize, writeLabel, writeOneHot } from './text';
import type { Dataset } from './types';

/**
 * Words the spam set's model knows: the most frequent in the training windows; the rest read as
 * <unk>. One-hot inputs cost N·T·F numbers, so the cap keeps all 1,600 training messages of a
 * 24-word window under LIMITS.maxInputElements.
 */
export const SPAM_VOCABULARY = 200;

/**
 * Real e-mails of 2002, spam or ham (SpamAssassin public corpus; spamCorpus.ts): each message's
 * first T words (subject first), one-hot over a capped vocabulary, padded at the front:
 * x [n, T, V+1], y [n, 2] (ham, spam). Each class is shuffled (seeded) and the two are dealt
 * alternately, so validation (valFraction of all messages) and training (the next trainSize) are
 * balanced within one message. The vocabulary comes from the training windows only.
 */
export function buildSpam(config: DatasetConfig, files: DataFiles, prng: Prng): Dataset {
  const text = files[SPAM_FILE];
  if (text === undefined) throw new DataError(`The data file ${SPAM_FILE} was not loaded.`);
  const corpus = parseSpamCorpus(text);
  const T = config.timesteps;
  const order = dealt(corpus.messages, prng);
  if (order.length < 2) throw new DataError(`${SPAM_FILE} holds fewer than two messages.`);
  const nVal = Math.min(order.length - 1, Math.max(1, Math.round(order.length * config.valFraction)));
  const valMessages = order.slice(0, nVal);
  const trainMessages = order.slice(nVal, nVal + config.trainSize);
  const windowOf = (m: SpamMessage) => tokenize(m.words).slice(0, T);

  const counts = new Map<string, number>();
  for (const m of trainMessages) for (const w of windowOf(m)) counts.set(w, (counts.get(w) ?? 0) + 1);
  // Equally frequent words in alphabetical order, so the vocabulary does not hang on message order.
  const words = [...counts.keys()]
    .sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1))
    .slice(0, SPAM_VOCABULARY);
  const vocabulary = [...words, UNKNOWN_WORD];
  const ids = new Map(words.map((w, i) => [w, i]));
  const F = vocabulary.length;
  const encode = (messages: SpamMessage[], name: string) => {
    const split = allocateSplit(messages.length, T, F, 2, name);
    messages.forEach((m, i) => {
      writeOneHot(
        split,
        i,
        windowOf(m).map((w) => ids.get(w) ?? F - 1),
        T,
        F,
      );
      writeLabel(split, i, SPAM_CLASSES.indexOf(m.label), 2);
    });
    return split;
  };
  return {
    name: 'spam',
    task: 'classification',
    timesteps: T,
    features: F,
    outputs: 2,
    train: encode(trainMessages, 'training'),
    val: encode(valMessages, 'validation'),
    featureNames: vocabulary,
    vocabulary,
    classNames: [...SPAM_CLASSES],
    description:
      `SpamAssassin e-mails of 2002, spam or ham: ${corpus.messages.length} messages, ` +
      `the first ${T} words of each, ${words.length} words known.`,
  };
}

/** Each class shuffled by its own stream, then dealt one of each in turn (the rest at the end). */
function dealt(messages: SpamMessage[], prng: Prng): SpamMessage[] {
  const classes = SPAM_CLASSES.map((label, c) =>
    prng.fork(c).shuffle(messages.filter((m) => m.label === label)),
  );
  const longest = Math.max(...classes.map((c) => c.length));
  const order: SpamMessage[] = [];
  for (let i = 0; i < longest; i++) for (const c of classes) if (i < c.length) order.push(c[i]);
  return order;
}
