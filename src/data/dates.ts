import type { DatasetConfig } from '../model/config';
import { DataError } from './dataError';
import {
  DATE_FORMATS,
  DATE_INPUT_VOCABULARY,
  DAY_COUNT,
  dateOfDay,
  FIRST_YEAR,
  formatDate,
  isoDate,
  LAST_YEAR,
} from './dateFormats';
import type { Prng } from './prng';
import { allocateSplit, syntheticCounts } from './splits';
import { writeOneHot } from './text';
import type { Dataset, Split } from './types';

export type { DateFormat, DateParts } from './dateFormats';
export { DATE_FORMATS, DATE_INPUT_VOCABULARY, dateOfDay, formatDate, isoDate } from './dateFormats';

/** The output side: ISO "YYYY-MM-DD" read one character per step. */
export const DATE_OUTPUT_VOCABULARY = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-'];
/** Output characters per date: "YYYY-MM-DD". */
export const DATE_OUTPUT_STEPS = 10;
const OUTPUTS = DATE_OUTPUT_STEPS * DATE_OUTPUT_VOCABULARY.length;
const INPUT_ID = new Map(DATE_INPUT_VOCABULARY.map((c, i) => [c, i]));
const OUTPUT_ID = new Map(DATE_OUTPUT_VOCABULARY.map((c, i) => [c, i]));

/** The fewest input timesteps the dates dataset accepts: its shortest format's longest string. */
export const MIN_DATE_TIMESTEPS = Math.min(...DATE_FORMATS.map((f) => f.maxLength));

/** One drawn example: the human string, the ISO date it means, and the format it was written in. */
export interface DateSource {
  input: string;
  output: string;
  format: number;
}

export interface DateSources {
  train: DateSource[];
  val: DateSource[];
}

/** Indices of the formats whose longest string fits T characters; throws when none does. */
export function fittingFormats(T: number): number[] {
  const fitting = DATE_FORMATS.flatMap((f, i) => (f.maxLength <= T ? [i] : []));
  if (fitting.length === 0) {
    const shortest = DATE_FORMATS.find((f) => f.maxLength === MIN_DATE_TIMESTEPS)!;
    throw new DataError(
      `The dates dataset needs at least ${MIN_DATE_TIMESTEPS} timesteps (its shortest format, ` +
        `"${shortest.example}", has ${MIN_DATE_TIMESTEPS} characters); timesteps is ${T}.`,
    );
  }
  return fitting;
}

/**
 * The human strings and ISO targets of both splits, drawn exactly as buildDates draws them: for a
 * Prng in the same state (e.g. two dataPrng(seed)) the strings match the dataset's arrays row by
 * row. Each example: a day uniform over 1950-01-01 … 2049-12-31, then a format uniform over those
 * that fit timesteps.
 */
export function datesOf(config: DatasetConfig, prng: Prng): DateSources {
  const formats = fittingFormats(config.timesteps);
  const { nTrain, nVal } = syntheticCounts(config);
  return { train: draw(nTrain, formats, prng.fork(0)), val: draw(nVal, formats, prng.fork(1)) };
}

function draw(n: number, formats: number[], rng: Prng): DateSource[] {
  return Array.from({ length: n }, () => {
    const date = dateOfDay(rng.int(DAY_COUNT));
    const format = formats[rng.int(formats.length)];
    return { input: formatDate(date, format), output: isoDate(date), format };
  });
}

/**
 * Human dates → ISO dates (issue 23's encoder–decoder). x [n, T, V]: the string's characters
 * one-hot over DATE_INPUT_VOCABULARY, front-padded with all-zero rows to T. y [n, 10 · 11]:
 * "YYYY-MM-DD" one-hot over DATE_OUTPUT_VOCABULARY, sample-major (step 0's 11 entries, then
 * step 1's …). Noise is not used: every string means exactly one date.
 */
export function buildDates(config: DatasetConfig, prng: Prng): Dataset {
  return datesDataset(config, datesOf(config, prng));
}

/** The dataset of sources already drawn (by datesOf), so a caller can keep both from one draw. */
export function datesDataset(config: DatasetConfig, sources: DateSources): Dataset {
  const T = config.timesteps;
  const F = DATE_INPUT_VOCABULARY.length;
  const formats = fittingFormats(T).length;
  const which = formats === DATE_FORMATS.length ? `${formats}` : `${formats} of ${DATE_FORMATS.length}`;
  return {
    name: 'dates',
    task: 'classification',
    timesteps: T,
    features: F,
    outputs: OUTPUTS,
    train: fill(allocateSplit(sources.train.length, T, F, OUTPUTS, 'training'), sources.train, T),
    val: fill(allocateSplit(sources.val.length, T, F, OUTPUTS, 'validation'), sources.val, T),
    featureNames: DATE_INPUT_VOCABULARY,
    vocabulary: DATE_INPUT_VOCABULARY,
    target: { steps: DATE_OUTPUT_STEPS, vocabulary: DATE_OUTPUT_VOCABULARY },
    description:
      `Dates from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31 in ${which} human formats ` +
      `(English, numeric, Chinese), rewritten as ISO YYYY-MM-DD.`,
  };
}

function fill(split: Split, sources: DateSource[], T: number): Split {
  const F = DATE_INPUT_VOCABULARY.length;
  sources.forEach((source, i) => {
    writeOneHot(split, i, inputIds(source.input), T, F);
    [...source.output].forEach((c, step) => {
      split.y[i * OUTPUTS + step * DATE_OUTPUT_VOCABULARY.length + OUTPUT_ID.get(c)!] = 1;
    });
  });
  return split;
}

/** Vocabulary index of each character (every formatted date's characters are in the vocabulary). */
const inputIds = (text: string) => [...text].map((c) => INPUT_ID.get(c)!);

/** Why a typed date was refused, for code (the message says it in English for people). */
export type DateInputRefusal =
  | { kind: 'empty' }
  | { kind: 'too-long'; limit: number }
  | { kind: 'unknown-char'; char: string };

/**
 * A date the user typed, encoded like the dataset's rows: x [T, V] one-hot, front-padded. The
 * text is trimmed first; empty text, text over T characters, or a character outside
 * DATE_INPUT_VOCABULARY is refused with a message and a machine-readable reason.
 */
export function encodeDateInput(
  text: string,
  T: number,
): { x: Float32Array } | { error: string; reason: DateInputRefusal } {
  const chars = [...text.trim()];
  if (chars.length === 0) {
    return { error: 'Type a date first: the box is empty.', reason: { kind: 'empty' } };
  }
  if (chars.length > T) {
    return {
      error: `That is ${chars.length} characters; the model reads at most ${T}.`,
      reason: { kind: 'too-long', limit: T },
    };
  }
  const unknown = chars.find((c) => !INPUT_ID.has(c));
  if (unknown !== undefined) {
    return {
      error: `The character "${unknown}" is not one the model knows (it learned from the formats listed).`,
      reason: { kind: 'unknown-char', char: unknown },
    };
  }
  const F = DATE_INPUT_VOCABULARY.length;
  const split: Split = { n: 1, x: new Float32Array(T * F), y: new Float32Array(0) };
  writeOneHot(split, 0, inputIds(chars.join('')), T, F);
  return { x: split.x };
}

/**
 * The string a [10 · 11] block of probabilities (or one-hot targets) spells: the most likely
 * output character at each step (the first on a tie). `offset` picks a sample's block inside a
 * sample-major y ([n, 10 · 11]: offset = i · 110).
 */
export function decodeDateOutput(values: ArrayLike<number>, offset = 0): string {
  const V = DATE_OUTPUT_VOCABULARY.length;
  if (offset < 0 || offset + OUTPUTS > values.length) {
    throw new RangeError(`decodeDateOutput needs ${OUTPUTS} values from ${offset}; got ${values.length}.`);
  }
  let text = '';
  for (let step = 0; step < DATE_OUTPUT_STEPS; step++) {
    let best = 0;
    for (let k = 1; k < V; k++) {
      if (values[offset + step * V + k] > values[offset + step * V + best]) best = k;
    }
    text += DATE_OUTPUT_VOCABULARY[best];
  }
  return text;
}
