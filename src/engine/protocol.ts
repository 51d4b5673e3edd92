import type { Task } from '../data/types';
import type { Config, EarlyStoppingConfig } from '../model/config';
import type { BackendInfo, Regularization } from './backend';

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

export interface DatasetSummary {
  name: string;
  task: Task;
  timesteps: number;
  features: number;
  outputs: number;
  trainSize: number;
  valSize: number;
  description: string;
  classNames?: string[];
  featureNames: string[];
  /** The first training window's first feature, and its target, for a small preview. */
  preview: { series: number[]; target: number[] };
}

/** Own data the user pasted or uploaded (parsed in the worker with papaparse). */
export interface CustomData {
  name: string;
  kind: 'csv' | 'text';
  text: string;
  /** csv: the column to forecast (regression) or the label column (classification). */
  column?: string;
  task?: Task;
}

// main thread → worker
export type ToWorker =
  /** `oneEpoch`: train one epoch, then pause (the "step" button pressed before any run). */
  | { type: 'start'; config: Config; custom?: CustomData; preferCpu?: boolean; oneEpoch?: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' } // one epoch, then pause
  | { type: 'stop' }
  | { type: 'regularization'; value: Regularization }
  | { type: 'earlyStopping'; value: EarlyStoppingConfig }
  | { type: 'speed'; delayMs: number } // pause between epochs, for watching slowly
  | { type: 'preview'; config: Config; custom?: CustomData };

// worker → main thread
export type FromWorker =
  | { type: 'ready'; backend: BackendInfo; fallbackReason?: string; dataset: DatasetSummary }
  | { type: 'epoch'; report: EpochReport; forecast?: ForecastSample[] }
  | { type: 'state'; state: RunState }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  | { type: 'done'; summary: RunSummary }
  | { type: 'preview'; dataset: DatasetSummary }
  | { type: 'error'; message: string };
