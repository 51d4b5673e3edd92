import type { DateSource } from '../data/dates';
import type { Dataset } from '../data/types';
import type { GradNorms, ProbeActivations } from '../engine/contracts/probe';
import type { EpochProbe, EpochReport, RunSummary } from '../engine/training/report';
import type { Lang } from '../i18n';
import type { Config } from '../model/config';

/**
 * What a story's claims are checked on (storyClaims.ts): one run's record, the claim's shape, and
 * the small measures the claims share.
 */

/** What one run produced, as far as the claims look. */
export interface StoryRecord {
  config: Config;
  dataset: Dataset;
  reports: EpochReport[];
  summary: RunSummary;
  /** Validation loss of the weights the run ends with (the best epoch's after a restore). */
  finalValLoss: number;
  /** Validation window 0's insides after each epoch (only where a claim asks for them). */
  epochProbes: EpochProbe[];
  /** The first validation windows' inputs and insides, from the final weights. */
  windows: { input: Float32Array; activations: ProbeActivations }[];
  /**
   * The dates dataset's human strings and ISO dates for those windows, one each (drawn by datesOf
   * as the dataset drew them, and checked against the one-hot rows); absent for other datasets.
   */
  dates?: DateSource[];
  /** The last epoch's gradient norms through time (means over its steps, window 0 probed). */
  gradNorms: GradNorms | null;
  /** Readouts [T, K] of the claims' own sentences through the final weights. */
  sentences: Record<string, Float32Array>;
}

/** The story's run under `story`, and each variant a claim compares it with (same seed). */
export type StoryRuns = { story: StoryRecord } & Record<string, StoryRecord>;

export interface ClaimResult {
  holds: boolean;
  /** The measured numbers, in a line: what the note and a failing test show. */
  figure: string;
}

export interface StoryClaim {
  id: string;
  /** The story's words this claim holds, verbatim (minus any {figure} the text takes from the run). */
  quote: Record<Lang, string>;
  /** Runs to compare with: the story's config changed, at the same seed. */
  variants?: Record<string, (config: Config) => Config>;
  /** Validation windows to probe with the final weights. */
  windows?: number;
  /** Window 0's probe after every epoch. */
  epochProbes?: boolean;
  /** Own sentences to read through the final weights (text stories). */
  sentences?: string[];
  check(runs: StoryRuns): ClaimResult;
}

export const f3 = (v: number) => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3));
export const last = <T>(a: readonly T[]) => a[a.length - 1];
/** Mean of the last n epochs' values: one epoch's noise does not decide a comparison. */
export const tailMean = (reports: readonly EpochReport[], key: 'trainLoss' | 'valLoss', n = 5) => {
  const tail = reports.slice(-n);
  return tail.reduce((s, r) => s + r[key], 0) / tail.length;
};
export const accuracyOf = (r: EpochReport) =>
  r.metrics.task === 'classification' ? r.metrics.accuracy : Number.NaN;
/** p(positive) after the last word of a two-class readout [T, 2]. */
export const positiveAfter = (readout: Float32Array, step: number) => readout[step * 2 + 1];
