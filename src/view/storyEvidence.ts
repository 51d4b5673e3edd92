import { MONTHS } from '../data/dateFormats';
import type { ProbeActivations } from '../engine/contracts/probe';
import type { EpochReport } from '../engine/training/report';

/**
 * What a story points at, computed from what a run produced: the same functions decide whether a
 * story's claim holds (storyClaims.ts, over many windows and seeds) and what the inside views
 * highlight for the window on screen. Pure numbers in, numbers out.
 */

/** A unit latches when its forget gate is at least LATCH_F on at least LATCH_SHARE of the steps it must hold. */
export const LATCH_F = 0.9;
export const LATCH_SHARE = 0.9;

/** The steps of an adding-problem window whose marker (feature 1 of [T, 2]) is on. */
export function markedSteps(input: Float32Array, steps: number): number[] {
  const marked: number[] = [];
  for (let t = 0; t < steps; t++) if (input[t * 2 + 1] > 0.5) marked.push(t);
  return marked;
}

export interface Latch {
  /** Units (of the layer's forward direction) whose f stays near 1 between the markers. */
  units: number[];
  /** The first marked step and the second: f must hold from first + 1 to second. */
  first: number;
  second: number;
}

/**
 * The units that carry the first marked value to the second marker in their cell state: f ≥
 * LATCH_F on at least LATCH_SHARE of the steps first + 1 … second (c_t = f·c_{t−1} + i·g keeps
 * c_first only while f stays near 1). Null for a window without two markers or a cell without f.
 */
export function latchUnits(activations: ProbeActivations, input: Float32Array, layer = 0): Latch | null {
  const marked = markedSteps(input, activations.steps);
  const probed = activations.layers[layer];
  const f = probed?.directions[0].f;
  if (marked.length !== 2 || !f) return null;
  const [first, second] = marked;
  const H = probed.units;
  const units: number[] = [];
  // The probe is f32: 0.9 there is fround(0.9), a hair below the double 0.9.
  const threshold = Math.fround(LATCH_F);
  for (let j = 0; j < H; j++) {
    let held = 0;
    for (let t = first + 1; t <= second; t++) if (f[t * H + j] >= threshold) held++;
    if (held >= LATCH_SHARE * (second - first)) units.push(j);
  }
  return { units, first, second };
}

/** Pearson's correlation of two equally long series (0 where either is constant). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * ‖∂L/∂h_t‖ at the first step over its value at the last, for one layer's norms [T]: how much of
 * the learning signal still reaches the start of the window (1e-3 or less: it has vanished).
 */
export function gradientReach(norms: Float32Array): number {
  const last = norms[norms.length - 1];
  return last > 0 ? norms[0] / last : 0;
}

/**
 * How jumpy a unit's h is over the window: the mean |h_t − h_{t−1}|, for the `top` units whose h
 * varies most (the "most active"), averaged. Layer 0, forward direction.
 */
export function activeUnitJumpiness(activations: ProbeActivations, top = 3): number {
  const probed = activations.layers[0];
  const h = probed.directions[0].h;
  if (!h) return 0;
  const H = probed.units;
  const T = activations.steps;
  const spread = Array.from({ length: H }, (_, j) => {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += h[t * H + j] / T;
    let v = 0;
    for (let t = 0; t < T; t++) v += (h[t * H + j] - mean) ** 2;
    return { j, v };
  });
  const units = spread.sort((a, b) => b.v - a.v).slice(0, top);
  let jump = 0;
  for (const { j } of units) {
    for (let t = 1; t < T; t++) jump += Math.abs(h[t * H + j] - h[(t - 1) * H + j]) / (T - 1);
  }
  return jump / units.length;
}

/** The mean absolute change of the epoch losses from one epoch to the next: how noisy a curve is. */
export function curveNoise(reports: readonly EpochReport[], key: 'trainLoss' | 'valLoss'): number {
  let sum = 0;
  for (let i = 1; i < reports.length; i++) sum += Math.abs(reports[i][key] - reports[i - 1][key]);
  return reports.length > 1 ? sum / (reports.length - 1) : 0;
}

// --- translation (issue 23): where a human date writes its year and month ---

/** A run of characters of a string: [start, end). */
export interface CharSpan {
  start: number;
  end: number;
}

/** The formats that write the year first (four digits, or four Chinese numerals: 二〇二〇年…). */
const YEAR_FIRST = /^(YYYY|二〇二〇)/;

/**
 * Where a date written in DATE_FORMATS[format] (its name, e.g. "DD/MM/YY") writes its year: the
 * first four characters of a year-first format (so YYYYMMDD's digits are never searched, where
 * month and day could repeat the year's), the last two of DD/MM/YY, else the last four (every
 * other format ends with the year).
 */
export function dateYearSpan(formatName: string, length: number): CharSpan {
  if (YEAR_FIRST.test(formatName)) return { start: 0, end: 4 };
  const digits = formatName === 'DD/MM/YY' ? 2 : 4;
  return { start: length - digits, end: length };
}

/**
 * Where a date writes its month: the month's name in English formats (in full, else its first
 * three letters, any case; looked for after any weekday), the characters between 年 and 月 in
 * Chinese ones, between the first two separators in D/M/Y ones, MM of YYYY-MM-DD and YYYYMMDD.
 */
export function dateMonthSpan(formatName: string, text: string, month: number): CharSpan {
  if (formatName === 'YYYY-MM-DD') return { start: 5, end: 7 };
  if (formatName === 'YYYYMMDD') return { start: 4, end: 6 };
  if (text.includes('年')) return { start: text.indexOf('年') + 1, end: text.indexOf('月') };
  const separator = /^D+[/.]/.exec(formatName)?.[0].slice(-1);
  if (separator) {
    const first = text.indexOf(separator);
    return { start: first + 1, end: text.indexOf(separator, first + 1) };
  }
  const lower = text.toLowerCase();
  const monthName = MONTHS[month - 1] ?? '';
  for (const name of monthName ? [monthName, monthName.slice(0, 3)].map((n) => n.toLowerCase()) : []) {
    const at = lower.lastIndexOf(name);
    if (at >= 0) return { start: at, end: at + name.length };
  }
  throw new Error(`no month ${month} in "${text}" (${formatName})`);
}

/**
 * The share of attention that output steps [from, to) put on input characters `span`, averaged
 * over those steps: α [T_out, T_in] row-major, the string front-padded to T_in (its character k
 * at step T_in − length + k).
 */
export function spanShare(
  alpha: Float32Array,
  inSteps: number,
  length: number,
  span: CharSpan,
  outputs: { from: number; to: number },
): number {
  const pad = inSteps - length;
  let sum = 0;
  for (let i = outputs.from; i < outputs.to; i++)
    for (let k = span.start; k < span.end; k++) sum += alpha[i * inSteps + pad + k];
  return sum / (outputs.to - outputs.from);
}
