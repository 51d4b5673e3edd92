import { dropoutStream } from '../../../src/engine/reference/dropout';

/**
 * What a dropout mask must look like, whichever engine drew it: about `rate` of its entries 0,
 * and every other entry the inverted-dropout scale 1/(1 − rate) in f32, so the masked tensor
 * keeps its expected value.
 */
export interface DropoutStatistics {
  droppedFraction: number;
  /** Standard deviations between the dropped fraction and the rate: |fraction − rate| / σ. */
  deviations: number;
  /** Entries that are neither 0 nor fround(1/(1 − rate)). */
  badValues: number;
}

export function dropoutStatistics(mask: ArrayLike<number>, rate: number): DropoutStatistics {
  const scale = Math.fround(1 / (1 - rate));
  let dropped = 0;
  let badValues = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) dropped++;
    else if (mask[i] !== scale) badValues++;
  }
  const droppedFraction = dropped / mask.length;
  // Each entry is dropped independently with probability `rate`: a binomial fraction.
  const sigma = Math.sqrt((rate * (1 - rate)) / mask.length);
  return { droppedFraction, deviations: Math.abs(droppedFraction - rate) / sigma, badValues };
}

/**
 * The masks of a step of a 2-layer model (batch 64, 16 features, 48 and 40 units), one case per
 * kind: layer 0's input mask, layer 1's recurrent mask, the output mask before the head. Each
 * has its own rate, none 0.5 (where dropping 1 − rate would look right), and ≥ 1,024 entries, so
 * σ ≤ 0.0125 and a dropped fraction of 1 − rate lies ≥ 30σ off. Each is drawn for a few
 * (seed, step) pairs.
 */
export const DROPOUT_CASES = [
  { kind: 'input', rows: 64, cols: 16, stream: dropoutStream.input(0), rate: 0.2 },
  { kind: 'recurrent', rows: 64, cols: 40, stream: dropoutStream.recurrent(1), rate: 0.35 },
  { kind: 'output', rows: 64, cols: 40, stream: dropoutStream.output(2), rate: 0.7 },
] as const;

export const DROPOUT_DRAWS = [
  { seed: 42, step: 0 },
  { seed: 7, step: 1234 },
  { seed: 4294967295, step: 99 },
] as const;

/** Within 4σ of the rate: a correct mask fails that once in ~16,000 draws (these are fixed). */
export const MAX_DEVIATIONS = 4;
