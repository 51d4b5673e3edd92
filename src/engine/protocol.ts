import type { CustomData, DatasetSummary } from '../data/types';
import type { Config, EarlyStoppingConfig } from '../model/config';
import type { BackendInfo, Regularization } from './backend';
import type { EnginePreference } from './enginePreference';
import type { EpochReport, ForecastSample, RunState, RunSummary } from './report';

/** The messages between the main thread and the training worker, and nothing else. */

// main thread → worker
export type ToWorker =
  /**
   * `oneEpoch`: train one epoch, then pause (the "step" button pressed before any run); `engine`:
   * the link's hidden engine key (default auto: WebGPU, else WebAssembly, else the reference).
   */
  | { type: 'start'; config: Config; custom?: CustomData; engine?: EnginePreference; oneEpoch?: boolean }
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
