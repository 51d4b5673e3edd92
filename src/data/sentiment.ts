import type { DatasetConfig } from '../model/config';
import type { Prng } from './prng';
import { allocateSplit, syntheticCounts } from './splits';
import { writeLabel, writeOneHot } from './text';
import type { Dataset, Split } from './types';

const SUBJECTS = ['the movie', 'the film', 'the plot', 'the acting', 'the ending', 'the music'];
const POSITIVE = ['good', 'great', 'fun', 'brilliant', 'lovely', 'funny'];
const NEGATIVE = ['bad', 'boring', 'awful', 'dull', 'terrible', 'slow'];
const INTENSIFIERS = ['very', 'really', 'so'];
/** Neutral words the noise knob sprinkles in; they never change the label. */
const FILLERS = ['honestly', 'well', 'overall', 'um'];
const GLUE = ['was', 'not', 'at', 'all', 'but', 'it'];

export const SENTIMENT_VOCABULARY: string[] = [
  ...new Set([
    ...SUBJECTS.flatMap((s) => s.split(' ')),
    ...GLUE,
    ...INTENSIFIERS,
    ...POSITIVE,
    ...NEGATIVE,
    ...FILLERS,
  ]),
];
const WORD_ID = new Map(SENTIMENT_VOCABULARY.map((w, i) => [w, i]));
export const SENTIMENT_CLASSES = ['negative', 'positive'];

interface Review {
  words: string[];
  positive: boolean;
}

/**
 * Tiny reviews where order matters: "not" flips the adjective after it ("not bad at all" is
 * positive), and in "A but B" the clause after "but" decides. A bag of words cannot tell
 * "good but boring" from "boring but good"; an LSTM can. One-hot words: x [n, T, V], y [n, 2].
 * Noise: a share noise/4 (at most one half) of labels is flipped, and with probability noise/2 a
 * neutral filler word is put somewhere in the sentence.
 */
export function buildSentiment(config: DatasetConfig, prng: Prng): Dataset {
  const T = config.timesteps;
  const F = SENTIMENT_VOCABULARY.length;
  const { nTrain, nVal } = syntheticCounts(config);
  const train = fill(allocateSplit(nTrain, T, F, 2, 'training'), T, config.noise, prng.fork(0));
  const val = fill(allocateSplit(nVal, T, F, 2, 'validation'), T, config.noise, prng.fork(1));
  return {
    name: 'sentiment',
    task: 'classification',
    timesteps: T,
    features: F,
    outputs: 2,
    train,
    val,
    featureNames: SENTIMENT_VOCABULARY,
    vocabulary: SENTIMENT_VOCABULARY,
    classNames: SENTIMENT_CLASSES,
    description: 'Short movie reviews ("not bad at all", "good but boring"): positive or negative?',
  };
}

function fill(split: Split, T: number, noise: number, rng: Prng): Split {
  const flip = Math.min(0.5, noise / 4);
  const filler = Math.min(1, noise / 2);
  for (let i = 0; i < split.n; i++) {
    const review = fitting(T, filler, rng);
    const positive = rng.next() < flip ? !review.positive : review.positive;
    writeOneHot(
      split,
      i,
      review.words.map((w) => WORD_ID.get(w)!),
      T,
      SENTIMENT_VOCABULARY.length,
    );
    writeLabel(split, i, positive ? 1 : 0, 2);
  }
  return split;
}

/** A review no longer than T words (a short window still gets labels that are true). */
function fitting(T: number, filler: number, rng: Prng): Review {
  for (let attempt = 0; attempt < 20; attempt++) {
    const review = sentence(rng);
    if (rng.next() < filler) review.words.splice(rng.int(review.words.length + 1), 0, pick(FILLERS, rng));
    if (review.words.length <= T) return review;
  }
  const positive = rng.next() < 0.5;
  return { words: [pick(positive ? POSITIVE : NEGATIVE, rng)], positive };
}

function sentence(rng: Prng): Review {
  switch (rng.int(5)) {
    case 0:
      return adjective(rng); // "good", "boring"
    case 1: {
      // "not good at all" / "not bad at all"
      const adj = adjective(rng);
      return { words: ['not', ...adj.words, 'at', 'all'], positive: !adj.positive };
    }
    case 2:
    case 3:
      return clause(rng);
    default: {
      const first = clause(rng);
      const second = clause(rng);
      return { words: [...first.words, 'but', ...second.words], positive: second.positive };
    }
  }
}

/** "the plot was (not) (very) good" */
function clause(rng: Prng): Review {
  const subject = rng.next() < 0.2 ? ['it'] : pick(SUBJECTS, rng).split(' ');
  const negated = rng.next() < 0.4;
  const intensified = rng.next() < 0.3;
  const adj = adjective(rng);
  return {
    words: [
      ...subject,
      'was',
      ...(negated ? ['not'] : []),
      ...(intensified ? [pick(INTENSIFIERS, rng)] : []),
      ...adj.words,
    ],
    positive: negated ? !adj.positive : adj.positive,
  };
}

function adjective(rng: Prng): Review {
  const positive = rng.next() < 0.5;
  return { words: [pick(positive ? POSITIVE : NEGATIVE, rng)], positive };
}

function pick<T>(items: T[], rng: Prng): T {
  return items[rng.int(items.length)];
}
