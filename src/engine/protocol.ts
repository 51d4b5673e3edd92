import type { CustomInput, DatasetSummary } from '../data/types';
import type { Config, EarlyStoppingConfig } from '../model/config';
import type { BackendInfo, Regularization } from './backend';
import type { EpochReport, ForecastSample, RunState, RunSummary, WorkProgress } from './report';
import type { TooHeavy } from './stepCost';

/** The messages between the main thread and the training worker, and nothing else. */

// main thread → worker
export type ToWorker =
  /** `oneEpoch`: train one epoch, then pause (the "step" button pressed before any run). */
  | { type: 'start'; config: Config; custom?: CustomInput; preferCpu?: boolean; oneEpoch?: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' } // one epoch, then pause
  | { type: 'stop' }
  | { type: 'regularization'; value: Regularization }
  | { type: 'earlyStopping'; value: EarlyStoppingConfig }
  | { type: 'speed'; delayMs: number } // pause between epochs, for watching slowly
  | { type: 'preview'; config: Config; custom?: CustomInput };

// worker → main thread
export type FromWorker =
  | { type: 'ready'; backend: BackendInfo; fallbackReason?: string; dataset: DatasetSummary }
  | { type: 'epoch'; report: EpochReport; forecast?: ForecastSample[] }
  | { type: 'state'; state: RunState }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  | { type: 'progress'; progress: WorkProgress }
  /** The GPU went away; the run goes on with `backend` from the weights of `epoch`. */
  | { type: 'deviceLost'; reason: string; epoch: number; backend: BackendInfo }
  /** The config was not started: the CPU engine (the one left to run it) would take too long a step. */
  | { type: 'tooHeavy'; verdict: TooHeavy; fallbackReason?: string }
  | { type: 'done'; summary: RunSummary }
  | { type: 'preview'; dataset: DatasetSummary }
  | { type: 'error'; message: string };
