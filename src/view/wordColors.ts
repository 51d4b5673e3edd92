import { colorOf, inkOn } from './colorScales';

/**
 * A word's colours from the model's readout after it: with two classes, the probability of the
 * second on the diverging scale (blue: the first class, white: undecided, orange: the second); with
 * more, the winning class's probability on the sequential scale. `readout` is [T, K].
 */
export interface WordBelief {
  background: string;
  ink: string;
  /** The class the model favours after this word, and its probability. */
  best: number;
  p: number;
}

export function beliefAt(readout: Float32Array, K: number, t: number): WordBelief {
  let best = 0;
  for (let k = 1; k < K; k++) if (readout[t * K + k] > readout[t * K + best]) best = k;
  const p = readout[t * K + best];
  if (K === 2) {
    const second = readout[t * K + 1];
    return { background: colorOf('diverging', second, 0, 1), ink: inkOn('diverging', second, 0, 1), best, p };
  }
  return { background: colorOf('sequential', p, 0, 1), ink: inkOn('sequential', p, 0, 1), best, p };
}
