import type { Split } from './types';

/** Lower-case words and numbers; punctuation dropped ("Not bad, at all!" → not bad at all). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

/**
 * Writes one sample's tokens as one-hot rows of x [n, T, F]: padded at the front and, when too
 * long, cut at the front (Keras pad_sequences defaults), so the last words sit next to the output.
 * ids index the features; padding rows stay all zero.
 */
export function writeOneHot(split: Split, sample: number, ids: number[], T: number, F: number): void {
  const kept = ids.slice(Math.max(0, ids.length - T));
  const offset = T - kept.length;
  kept.forEach((id, k) => {
    split.x[(sample * T + offset + k) * F + id] = 1;
  });
}

/** Writes class index `label` as a one-hot row of y [n, K]. */
export function writeLabel(split: Split, sample: number, label: number, K: number): void {
  split.y[sample * K + label] = 1;
}
