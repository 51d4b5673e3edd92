import { describe, expect, it } from 'vitest';
import { tokenize, writeLabel, writeOneHot } from './text';

describe('tokenize', () => {
  it('keeps lower-case words, numbers and apostrophes, and drops punctuation', () => {
    expect(tokenize("Not bad, at ALL! 10/10 — it? Don't")).toEqual([
      'not',
      'bad',
      'at',
      'all',
      '10',
      '10',
      'it',
      "don't",
    ]);
    expect(tokenize(' ,.! ')).toEqual([]);
  });
});

describe('one-hot rows', () => {
  const split = () => ({ n: 2, x: new Float32Array(2 * 3 * 4), y: new Float32Array(2 * 2) });
  const rows = (x: Float32Array, sample: number) =>
    [0, 1, 2].map((t) => Array.from(x.subarray((sample * 3 + t) * 4, (sample * 3 + t + 1) * 4)));

  it('pads a short sample at the front, so its last word sits next to the output', () => {
    const s = split();
    writeOneHot(s, 1, [2], 3, 4);
    expect(rows(s.x, 0)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(rows(s.x, 1)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
  });

  it('cuts a long sample at the front, keeping its last words', () => {
    const s = split();
    writeOneHot(s, 0, [0, 1, 2, 3], 3, 4);
    expect(rows(s.x, 0)).toEqual([
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('writes a class index as a one-hot label row', () => {
    const s = split();
    writeLabel(s, 1, 0, 2);
    expect(Array.from(s.y)).toEqual([0, 0, 1, 0]);
  });
});
