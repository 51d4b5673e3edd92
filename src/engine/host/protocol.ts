import type { CustomInput, Dataset, DatasetSummary, Task } from '../../data/types';
import type { Config, EarlyStoppingConfig } from '../../model/config';
import type { Weights } from '../../model/params';
import type { BackendInfo, Regularization, WasmBuild } from '../contracts/backend';
import type { EpochReport, ForecastSample, RunState, RunSummary, WorkProgress } from '../training/report';
import type { TooHeavy } from '../training/stepCost';
import type { EngineChoice } from './engineChoice';
import type { EnginePreference } from './enginePreference';
import type { InsideProbe, SentenceProbe } from './inside';

/** The messages between the main thread and the training worker, and nothing else. */

/** A model at one moment: the weights, with the data and settings they belong to (what an export writes). */
export interface ModelSnapshot {
  config: Config;
  dataset: Dataset;
  weights: Weights;
  /** Epochs the weights were trained for in this run (0 before training). */
  epochsTrained: number;
}

/** Where a snapshot's weights come from. */
export type SnapshotOrigin = 'run' | 'initial' | 'imported';

/** The engine a run would start on here, told before any run (the badge before Train). */
export interface EnginePlan {
  choice: EngineChoice;
  /** Threads the WebAssembly engine would run on, and why only one where so. */
  threads: number;
  singleThreadReason?: string;
  /** The build of the WebAssembly kernels this runtime loads (relaxed SIMD or plain). */
  wasmBuild?: WasmBuild;
}

/** Requests that get exactly one reply, matched by `id`. */
export type WorkerRequest =
  /**
   * The weights to export: the current run's (a consistent snapshot while it trains), or, with no
   * run, `weights` (an imported model) or the config's initial weights.
   */
  | {
      type: 'snapshot';
      id: number;
      config: Config;
      custom?: CustomInput;
      fromRun: boolean;
      weights?: Weights;
    }
  /** Does an imported model fit the config's dataset? If so, its validation loss there. */
  | {
      type: 'checkImport';
      id: number;
      config: Config;
      custom?: CustomInput;
      weights: Weights;
      model: { features: number; outputs: number; task: Task };
    }
  /** One's own sentence through the current run's weights (text datasets). */
  | { type: 'sentence'; id: number; text: string }
  /** The first validation example of the config's text dataset whose words contain `phrase`. */
  | { type: 'findWindow'; id: number; config: Config; custom?: CustomInput; phrase: string };

/** A request as the page writes it; the client adds the id. */
export type WorkerRequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

export type WorkerReply =
  | { type: 'reply'; id: number; ok: true; snapshot: ModelSnapshot; origin: SnapshotOrigin }
  | { type: 'reply'; id: number; ok: true; valLoss: number; dataset: DatasetSummary }
  | { type: 'reply'; id: number; ok: true; sentence: SentenceProbe }
  /** window −1: no validation example has those words; phrase: the words as the tokenizer read them. */
  | { type: 'reply'; id: number; ok: true; window: number; phrase: string; valSize: number }
  | {
      type: 'reply';
      id: number;
      ok: false;
      message: string;
      /** A failure the page words itself (i18n key), with its values. */
      code?:
        | 'datasetShape'
        | 'sentenceEmpty'
        | 'sentenceTooLong'
        | 'sentenceNoWords'
        | 'sentenceNoRun'
        | 'sentenceNotText'
        | 'sentenceDateEmpty'
        | 'sentenceDateTooLong'
        | 'sentenceDateUnknown';
      vars?: Record<string, string>;
    };

// main thread → worker
export type ToWorker =
  /**
   * `oneEpoch`: train one epoch, then pause (the "step" button pressed before any run); `engine`:
   * the link's hidden engine key (default auto: the faster engine here, engineChoice.ts).
   * `initialWeights`: start from these (an imported model) instead of the seed's initialisation.
   */
  | {
      type: 'start';
      config: Config;
      custom?: CustomInput;
      engine?: EnginePreference;
      oneEpoch?: boolean;
      initialWeights?: Weights;
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' } // one epoch, then pause
  | { type: 'stop' }
  | { type: 'regularization'; value: Regularization }
  | { type: 'earlyStopping'; value: EarlyStoppingConfig }
  /** After live changes: asks which epoch they take effect at (answered by 'marked'). */
  | { type: 'mark'; id: number }
  | { type: 'speed'; delayMs: number } // pause between epochs, for watching slowly
  /** The inside views: the validation window to probe after each epoch (and now), or null: closed. */
  | { type: 'probe'; window: number | null }
  | { type: 'preview'; config: Config; custom?: CustomInput }
  /** Which engine would a run take (answered by 'plan'); builds nothing. */
  | { type: 'plan'; engine?: EnginePreference }
  | WorkerRequest;

// worker → main thread
export type FromWorker =
  /** A run's engine is built: which one, and why this one (choice.detail: why one above it could not run). */
  | { type: 'ready'; backend: BackendInfo; choice: EngineChoice; dataset: DatasetSummary }
  | { type: 'plan'; plan: EnginePlan }
  /** The link forces WebGPU (engine=webgpu) and it cannot run here: the run did not start. */
  | { type: 'webgpuRequired'; reason: string }
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
  | { type: 'error'; message: string }
  | { type: 'probe'; probe: InsideProbe }
  /** The live changes sent before mark `id` take effect at `epoch`: its next training step runs with them. */
  | { type: 'marked'; id: number; epoch: number }
  | WorkerReply;
