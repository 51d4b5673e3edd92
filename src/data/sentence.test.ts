import { describe, expect, it } from 'vitest';
import { UNKNOWN_WORD } from './custom';
import { encodeSentence, SENTENCE_MAX_CHARS, wordsOfWindow } from './sentence';

const VOCABULARY = ['not', 'bad', 'at', 'all', 'good'];

describe('one’s own sentence, as a text model reads it', () => {
  it('reads known words at the last steps, one-hot, and marks the unknown ones it skips', () => {
    const encoded = encodeSentence('Not bad… at ALL, dude!', VOCABULARY, 6);
    if (!encoded.ok) throw new Error(encoded.code);
    expect(encoded.tokens.map((t) => [t.word, t.known, t.step])).toEqual([
      ['not', true, 2],
      ['bad', true, 3],
      ['at', true, 4],
      ['all', true, 5],
      ['dude', false, null],
    ]);
    expect(wordsOfWindow(encoded.x, 6, VOCABULARY)).toEqual([null, null, 'not', 'bad', 'at', 'all']);
  });

  it('reads unknown words as <unk> where the vocabulary has it (own text data)', () => {
    const encoded = encodeSentence('good dude', [...VOCABULARY, UNKNOWN_WORD], 3);
    if (!encoded.ok) throw new Error(encoded.code);
    expect(encoded.tokens.map((t) => [t.known, t.step])).toEqual([
      [true, 1],
      [false, 2],
    ]);
    expect(wordsOfWindow(encoded.x, 3, [...VOCABULARY, UNKNOWN_WORD])).toEqual([null, 'good', UNKNOWN_WORD]);
  });

  it('cuts at the front past T words, as the datasets do, and says which words it did not read', () => {
    const encoded = encodeSentence('good good bad not all', VOCABULARY, 2);
    if (!encoded.ok) throw new Error(encoded.code);
    expect(encoded.tokens.map((t) => t.step)).toEqual([null, null, null, 0, 1]);
  });

  it('refuses an empty sentence, emoji only, and one of 10,000 characters, each with its reason', () => {
    expect(encodeSentence('   ', VOCABULARY, 5)).toEqual({ ok: false, code: 'sentenceEmpty' });
    expect(encodeSentence('😀🎬👍 !!', VOCABULARY, 5)).toEqual({ ok: false, code: 'sentenceNoWords' });
    expect(encodeSentence('good '.repeat(2000), VOCABULARY, 5)).toEqual({
      ok: false,
      code: 'sentenceTooLong',
      chars: 10_000,
      max: SENTENCE_MAX_CHARS,
    });
  });
});
