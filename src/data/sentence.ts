import { UNKNOWN_WORD } from './custom';
import { tokenize } from './text';

/**
 * One's own sentence as a text dataset's model reads it, and a validation window's words back. The
 * same tokenizer and padding as the datasets (text.ts): lower-case words, padded and cut at the
 * front, so the last T words sit next to the output.
 */

/** Longest own sentence, in characters: a few sentences; a pasted essay gets a message instead. */
export const SENTENCE_MAX_CHARS = 1000;

export interface SentenceToken {
  word: string;
  /** In the dataset's vocabulary. */
  known: boolean;
  /** The step the model reads it at; null when it does not read it (too early for T, or unknown without <unk>). */
  step: number | null;
}

export type SentenceProblem =
  | { code: 'sentenceEmpty' }
  | { code: 'sentenceTooLong'; chars: number; max: number }
  | { code: 'sentenceNoWords' };

export type EncodedSentence =
  | { ok: true; x: Float32Array; tokens: SentenceToken[] }
  | ({ ok: false } & SentenceProblem);

/**
 * x [T, F] one-hot of the sentence's words. Words outside the vocabulary read as <unk> where the
 * vocabulary has it (own text data), and are skipped otherwise (the sentiment set has none); both
 * are marked, never dropped silently.
 */
export function encodeSentence(text: string, vocabulary: readonly string[], T: number): EncodedSentence {
  if (text.trim() === '') return { ok: false, code: 'sentenceEmpty' };
  if (text.length > SENTENCE_MAX_CHARS)
    return { ok: false, code: 'sentenceTooLong', chars: text.length, max: SENTENCE_MAX_CHARS };
  const words = tokenize(text);
  if (words.length === 0) return { ok: false, code: 'sentenceNoWords' };
  const ids = new Map(vocabulary.map((w, i) => [w, i]));
  const unknown = ids.get(UNKNOWN_WORD);
  const tokens: SentenceToken[] = words.map((word) => ({ word, known: ids.has(word), step: null }));
  const read = tokens.filter((t) => t.known || unknown !== undefined);
  const kept = read.slice(Math.max(0, read.length - T));
  const F = vocabulary.length;
  const x = new Float32Array(T * F);
  kept.forEach((token, k) => {
    token.step = T - kept.length + k;
    x[token.step * F + (ids.get(token.word) ?? (unknown as number))] = 1;
  });
  return { ok: true, x, tokens };
}

/** The word at each step of a one-hot window x [T, F] (null where the row is padding). */
export function wordsOfWindow(x: Float32Array, T: number, vocabulary: readonly string[]): (string | null)[] {
  const F = vocabulary.length;
  return Array.from({ length: T }, (_, t) => {
    for (let f = 0; f < F; f++) if (x[t * F + f] === 1) return vocabulary[f];
    return null;
  });
}

/** The words of `phrase` as the tokenizer reads them (lower-case, punctuation dropped). */
export const phraseWords = (phrase: string): string[] => tokenize(phrase);

/**
 * The first of n one-hot windows x [n, T, F] whose words contain `phrase`'s words in a row
 * (padding skipped), or −1: how the page finds a validation example by its words.
 */
export function findWindowByWords(
  x: Float32Array,
  n: number,
  T: number,
  vocabulary: readonly string[],
  phrase: string,
): number {
  const wanted = phraseWords(phrase);
  if (wanted.length === 0) return -1;
  const F = vocabulary.length;
  for (let w = 0; w < n; w++) {
    const words = wordsOfWindow(x.subarray(w * T * F, (w + 1) * T * F), T, vocabulary).filter(
      (word): word is string => word !== null,
    );
    for (let i = 0; i + wanted.length <= words.length; i++) {
      if (wanted.every((word, k) => words[i + k] === word)) return w;
    }
  }
  return -1;
}
