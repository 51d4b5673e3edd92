/** What a run reports: per-epoch figures, metrics, and how it ended (trainer → worker → UI, CLI). */

import type { GradNorms, ProbeActivations } from '../contracts/probe';

/** Metrics of one epoch on the validation split. */
export interface ClassificationMetrics {
  task: 'classification';
  accuracy: number;
  /** Macro averages over classes. */
  precision: number;
  recall: number;
  f1: number;
  /** confusion[trueClass][predictedClass] = count. */
  confusion: number[][];
  /**
   * An encoder–decoder (issue 23): `accuracy` is the share of windows decoded exactly (every
   * output step right), this the share of output characters right; precision, recall, F1 and the
   * confusion are over the output symbols, one count per output step.
   */
  characterAccuracy?: number;
}

export interface RegressionMetrics {
  task: 'regression';
  /** In the target's own units (scaling undone). */
  mae: number;
  rmse: number;
}

export type Metrics = ClassificationMetrics | RegressionMetrics;

export interface EpochReport {
  /** 1-based, as Keras prints it. */
  epoch: number;
  /** Training steps done so far in the run. */
  step: number;
  /** Mean of this epoch's step losses (with dropout on, as Keras reports it). */
  trainLoss: number;
  valLoss: number;
  metrics: Metrics;
  stepsPerSec: number;
  elapsedMs: number;
  bestEpoch: number;
  bestValLoss: number;
}

/** A few validation windows for the forecast-vs-truth view (regression, target units). */
export interface ForecastSample {
  truth: number[];
  predicted: number[];
}

/** Progress inside a run: steps done in the epoch under way, and an estimate of the time left. */
export interface StepProgress {
  /** The epoch under way, 1-based. */
  epoch: number;
  /** Steps done in it... */
  step: number;
  /** ...of this many (steps per epoch). */
  steps: number;
  /** Time left in the whole run at the pace so far (evaluations not counted); null before a pace is known. */
  etaMs: number | null;
}

/**
 * A long wait, as the page shows it: building the dataset and preparing the GPU engine have no
 * count (a bar that moves), training has steps and a time left.
 */
export type WorkProgress = { task: 'dataset' | 'compile' } | ({ task: 'train' } & StepProgress);

export type RunState = 'idle' | 'preparing' | 'running' | 'paused' | 'done' | 'failed';

export type StopReason = 'epochs' | 'early-stopping' | 'diverged' | 'stopped';

export interface RunSummary {
  done: true;
  reason: StopReason;
  stoppedEarly: boolean;
  bestEpoch: number;
  bestValLoss: number;
  /** Set when reason is 'diverged': which loss became NaN/Inf and at which epoch/step. */
  message?: string;
}

/** The inside views' numbers after an epoch: the probed window's insides and the epoch's norms. */
export interface EpochProbe {
  epoch: number;
  window: number;
  activations: ProbeActivations;
  /** Means over the epoch's training steps (those since probing began); null before any. */
  gradNorms: GradNorms | null;
}
