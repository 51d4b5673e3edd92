import { describe, expect, it } from 'vitest';
import { beliefAt } from './wordColors';

describe('beliefAt', () => {
  it('with two classes, colours a word by the second class on the diverging scale', () => {
    // Rows are words: after word 1 the model gives the second class 0.8.
    const readout = new Float32Array([0.9, 0.1, 0.2, 0.8]);
    expect(beliefAt(readout, 2, 1)).toEqual({
      background: 'rgb(241, 162, 67)',
      ink: '#111',
      best: 1,
      p: Math.fround(0.8),
    });
    expect(beliefAt(readout, 2, 0)).toMatchObject({ best: 0, p: Math.fround(0.9) });
  });

  it('with more classes, colours it by the winning probability on the sequential scale', () => {
    expect(beliefAt(new Float32Array([0.2, 0.5, 0.3]), 3, 0)).toEqual({
      background: 'rgb(33, 145, 140)',
      ink: '#fff',
      best: 1,
      p: 0.5,
    });
    // A tie keeps the first class.
    expect(beliefAt(new Float32Array([0.1, 0.45, 0.45, 0.6, 0.3, 0.1]), 3, 0).best).toBe(1);
    expect(beliefAt(new Float32Array([0.1, 0.45, 0.45, 0.6, 0.3, 0.1]), 3, 1).best).toBe(0);
  });
});

describe('beliefAt reads only the word’s own row', () => {
  it('after word 1 of [0.1 0.2 0.3], [0.6 0.8 0.7]: class 1', () => {
    const readout = new Float32Array([0.1, 0.2, 0.3, 0.6, 0.8, 0.7]);
    expect(beliefAt(readout, 3, 1)).toMatchObject({ best: 1, p: Math.fround(0.8) });
    expect(beliefAt(readout, 3, 0)).toMatchObject({ best: 2, p: Math.fround(0.3) });
  });
});
