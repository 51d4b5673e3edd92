import { describe, expect, it } from 'vitest';
import { encodeSentence, findWindowByWords, phraseWords, SENTENCE_MAX_CHARS } from './sentence';

const VOCAB = ['a', 'b', 'c', 'd'];
const T = 4;
/** Windows x [n, T, 4] from words per step ('' = a padding row). */
function windows(...rows: string[][]): Float32Array {
  const x = new Float32Array(rows.length * T * VOCAB.length);
  rows.forEach((steps, w) => {
    steps.forEach((word, t) => {
      if (word) x[(w * T + t) * VOCAB.length + VOCAB.indexOf(word)] = 1;
    });
  });
  return x;
}
// Window 0: _ a b c; window 1: b _ a c; window 2: c c c d.
const x = windows(['', 'a', 'b', 'c'], ['b', '', 'a', 'c'], ['c', 'c', 'c', 'd']);
const find = (phrase: string, n = 3) => findWindowByWords(x, n, T, VOCAB, phrase);

describe('findWindowByWords', () => {
  it('finds the first window holding the words in a row, up to its last step', () => {
    expect(find('a b')).toBe(0);
    expect(find('b c')).toBe(0); // the match ends at the window's last step
    expect(find('A, B!')).toBe(0); // read as the tokenizer reads: a b
    expect(find('a c')).toBe(1);
    expect(find('c c d')).toBe(2);
  });

  it('skips padding between words, and needs the words in order and adjacent', () => {
    expect(find('b a')).toBe(1); // b, padding, a
    expect(find('c a')).toBe(-1);
    expect(find('a d')).toBe(-1); // both in no window side by side
    expect(find('b b')).toBe(-1);
  });

  it('looks at the first n windows only, and finds nothing for a phrase without words', () => {
    expect(find('d', 2)).toBe(-1);
    expect(find('d', 3)).toBe(2);
    expect(find('')).toBe(-1);
    expect(find('?! …')).toBe(-1);
    expect(phraseWords('Not BAD, at all')).toEqual(['not', 'bad', 'at', 'all']);
  });

  it('accepts a sentence of exactly the character limit', () => {
    const text = 'a '.repeat(SENTENCE_MAX_CHARS).slice(0, SENTENCE_MAX_CHARS);
    expect(encodeSentence(text, VOCAB, T).ok).toBe(true);
  });
});
