import type { SequenceTarget } from '../data/types';
import type { TranslationProbe } from '../engine/contracts/probe';
import type { InsideProbe } from '../engine/host/inside';
import type { EpochReport } from '../engine/training/report';
import type { Translate } from '../i18n';
import type { FirstTranslation } from '../state/workerMessages';
import { colorOf, inkOn } from './colorScales';

/**
 * The Translation view's view-model (issue 23): an encoder–decoder's alignment for one input as a
 * matrix (rows: the output characters as greedily decoded; columns: the input's real characters,
 * its front padding left out), the decoded string against the true one character by character,
 * and the split's sequence and character accuracy. Pure functions; the component draws them.
 */

/** One input step shown as a column: its place in the window and its character. */
export interface InputColumn {
  t: number;
  char: string;
}

/** One output step: the character decoded there and its weight on each shown input column. */
export interface MatrixRow {
  i: number;
  char: string;
  /** α over the shown columns, in their order. */
  alpha: number[];
}

export interface TranslationMatrix {
  rows: MatrixRow[];
  columns: InputColumn[];
  /** Input steps left out (the padding before the date). */
  padding: number;
  /** The most weight any output step put on the padding (0 where the mask holds). */
  paddingWeight: number;
}

/** The character at each input step, null where it is padding: the text front-padded to T steps. */
export function charsOfText(text: string, T: number): (string | null)[] {
  const chars = [...text].slice(-T);
  return [...Array<null>(T - chars.length).fill(null), ...chars];
}

/** The input as a string: its characters with the padding left out. */
export const inputString = (chars: readonly (string | null)[]): string =>
  chars.filter((c) => c !== null).join('');

/**
 * The symbols a [steps · V] block of probabilities (or one-hot targets) spells: the most likely
 * at each step, the first on a tie (as decodeDateOutput reads them).
 */
export function decodeSteps(values: ArrayLike<number>, target: SequenceTarget, offset = 0): string {
  const V = target.vocabulary.length;
  let text = '';
  for (let step = 0; step < target.steps; step++) {
    let best = 0;
    for (let k = 1; k < V; k++)
      if (values[offset + step * V + k] > values[offset + step * V + best]) best = k;
    text += target.vocabulary[best];
  }
  return text;
}

/** The matrix of one translation probe over the input's characters (null where padding). */
export function translationMatrix(
  probe: TranslationProbe,
  chars: readonly (string | null)[],
  target: SequenceTarget,
): TranslationMatrix {
  const { outSteps, inSteps, alpha } = probe;
  const columns: InputColumn[] = [];
  chars.forEach((char, t) => {
    if (char !== null && t < inSteps) columns.push({ t, char });
  });
  const decoded = decodeSteps(probe.outputs, { ...target, steps: outSteps });
  let paddingWeight = 0;
  const rows = Array.from({ length: outSteps }, (_, i) => {
    let onPadding = 0;
    for (let t = 0; t < inSteps; t++)
      if (chars[t] === null || chars[t] === undefined) onPadding += alpha[i * inSteps + t];
    paddingWeight = Math.max(paddingWeight, onPadding);
    return { i, char: decoded[i], alpha: columns.map((c) => alpha[i * inSteps + c.t]) };
  });
  return { rows, columns, padding: inSteps - columns.length, paddingWeight };
}

/** One character of the prediction against the truth. */
export interface MarkedChar {
  char: string;
  truth: string;
  right: boolean;
}

/** The predicted string character by character against the true one (a missing one is wrong). */
export function markChars(predicted: string, truth: string): MarkedChar[] {
  const p = [...predicted];
  const q = [...truth];
  return Array.from({ length: Math.max(p.length, q.length) }, (_, i) => ({
    char: p[i] ?? '',
    truth: q[i] ?? '',
    right: p[i] !== undefined && p[i] === q[i],
  }));
}

/** The first epoch kept for this window, when it is another epoch than the probe's and fits it. */
export function firstTranslationFor(
  kept: readonly FirstTranslation[],
  probe: InsideProbe,
): FirstTranslation | null {
  const now = probe.activations.translation;
  const first = kept.find((k) => k.window === probe.window) ?? null;
  return first &&
    now &&
    first.epoch !== probe.epoch &&
    first.translation.inSteps === now.inSteps &&
    first.translation.outSteps === now.outSteps
    ? first
    : null;
}

/** A weight as the cells say it: two decimals (0.87), "<0.01" for a small non-zero one. */
export function weightText(alpha: number): string {
  if (!Number.isFinite(alpha)) return '—';
  if (alpha > 0 && alpha < 0.005) return '<0.01';
  return alpha.toFixed(2);
}

/** What hover or focus on a cell says: "Output character 3 (0) → input character 5 (M): weight 0.87". */
export function cellText(t: Translate, row: MatrixRow, column: InputColumn, col: number): string {
  return t('trViewCell', {
    i: row.i + 1,
    out: row.char,
    j: col + 1,
    in: column.char === ' ' ? t('trViewSpace') : column.char,
    weight: weightText(row.alpha[col]),
  });
}

/** A cell's shade: the sequential scale over 0..1 (absolute, so two epochs' matrices compare). */
export function cellColors(alpha: number): { background: string; ink: string } {
  return { background: colorOf('sequential', alpha, 0, 1), ink: inkOn('sequential', alpha, 0, 1) };
}

/** The validation split's sequence (exact-match) and character accuracy after the last epoch. */
export function splitAccuracy(
  reports: readonly EpochReport[],
): { epoch: number; sequence: number; characters: number } | null {
  const last = reports[reports.length - 1];
  if (last?.metrics.task !== 'classification' || last.metrics.characterAccuracy === undefined) return null;
  return { epoch: last.epoch, sequence: last.metrics.accuracy, characters: last.metrics.characterAccuracy };
}
