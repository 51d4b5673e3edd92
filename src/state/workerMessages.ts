import type { CustomInput, DatasetSummary } from '../data/types';
import type { BackendInfo } from '../engine/contracts/backend';
import type { AttentionProbe, GradNorms, TranslationProbe } from '../engine/contracts/probe';
import type { EngineChoice } from '../engine/host/engineChoice';
import type { InsideProbe } from '../engine/host/inside';
import type { EnginePlan, FromWorker } from '../engine/host/protocol';
import type {
  EpochReport,
  ForecastSample,
  RunState,
  RunSummary,
  WorkProgress,
} from '../engine/training/report';
import type { Config } from '../model/config';
import { addLiveMark, type LiveChange, type LiveMark } from './liveChanges';

/** A message for the notices area; `key` names a translated text, `vars` fill it. */
export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  key:
    | 'diverged'
    | 'workerError'
    | 'fallbackNotice'
    | 'softwareGpuNotice'
    | 'webgpuRequired'
    | 'deviceLost'
    | 'tooHeavy'
    | 'tooHeavyNoFit'
    | 'encoderAttentionOff'
    | 'raw';
  vars: Record<string, string>;
  /** A config the notice offers to switch to (the knob lowered to a value that fits). */
  suggestedConfig?: Config;
}

/** The part of the store that the worker's messages drive. */
export interface RunSlice {
  runState: RunState;
  reports: EpochReport[];
  forecast: ForecastSample[];
  summary: RunSummary | null;
  dataset: DatasetSummary | null;
  backend: BackendInfo | null;
  /** Which engine the last run took and why (the badge's tooltip, the notices). */
  engineChoice: EngineChoice | null;
  /** The engine a run would take here, told by the worker before any run: the badge before Train. */
  enginePlan: EnginePlan | null;
  notices: Notice[];
  /** Own data sent for a preview, not yet accepted: the config switches to it only once it reads. */
  customCandidate: { custom: CustomInput; config: Config } | null;
  custom: CustomInput | null;
  customError: string | null;
  config: Config;
  /** False after a reset: late messages of the stopped run must not draw on the cleared chart. */
  acceptRun: boolean;
  /** The inside views' latest numbers (the worker sends them while the views are open). */
  insideProbe: InsideProbe | null;
  /** The run's first gradient norms through time, kept beside the current ones. */
  firstGradNorms: { epoch: number; norms: GradNorms } | null;
  /** The run's first whole epoch's attention per probed window, kept beside the current weights. */
  firstAttention: FirstAttention[];
  /** An encoder–decoder's alignment per probed window from the run's first whole epoch (issue 23). */
  firstTranslation: FirstTranslation[];
  /** The long wait under way (preparing, or the epoch in progress); null when nothing runs. */
  progress: WorkProgress | null;
  /** Changes applied to the running model, at the epoch each took effect (the chart marks them). */
  liveMarks: LiveMark[];
  /** Live changes sent to the worker whose epoch it has not told yet, by mark id. */
  unmarkedChanges: { id: number; changes: LiveChange[] }[];
}

/** One window's attention from the first whole epoch it was probed after (epoch 1 where it was open). */
export interface FirstAttention {
  epoch: number;
  window: number;
  attention: AttentionProbe;
}

/** Windows kept: a class flipping through windows keeps each one's first epoch, up to this many. */
const FIRST_ATTENTION_WINDOWS = 64;

/**
 * The kept first epochs with this probe's attention added when its window has none yet and the
 * probe is of whole trained epochs (not the untrained weights, not mid-epoch).
 */
export function keepFirstAttention(kept: FirstAttention[], probe: InsideProbe): FirstAttention[] {
  const attention = probe.activations.attention;
  if (!attention || probe.epoch < 1 || probe.midEpoch) return kept;
  if (kept.some((k) => k.window === probe.window)) return kept;
  return [...kept, { epoch: probe.epoch, window: probe.window, attention }].slice(-FIRST_ATTENTION_WINDOWS);
}

/** One window's encoder–decoder alignment from the first whole epoch it was probed after. */
export interface FirstTranslation {
  epoch: number;
  window: number;
  translation: TranslationProbe;
}

/** As keepFirstAttention, for an encoder–decoder's alignment (the Translation view's epoch 1). */
export function keepFirstTranslation(kept: FirstTranslation[], probe: InsideProbe): FirstTranslation[] {
  const translation = probe.activations.translation;
  if (!translation || probe.epoch < 1 || probe.midEpoch) return kept;
  if (kept.some((k) => k.window === probe.window)) return kept;
  return [...kept, { epoch: probe.epoch, window: probe.window, translation }].slice(-FIRST_ATTENTION_WINDOWS);
}

let noticeCounter = 0;
const notice = (
  level: Notice['level'],
  key: Notice['key'],
  vars: Record<string, string>,
  id?: string,
): Notice => ({
  id: id ?? `n${++noticeCounter}`,
  level,
  key,
  vars,
});

const withNotice = (notices: Notice[], n: Notice) => [...notices.filter((x) => x.id !== n.id), n];

/**
 * What a run's engine choice tells the user, if anything: that WebGPU runs in software here and
 * the faster CPU engine trains, or why an engine above the one that trains could not run.
 */
function choiceNotice(choice: EngineChoice): Notice | null {
  if (choice.detail) return notice('info', 'fallbackNotice', { reason: choice.detail }, 'fallback');
  if (choice.why === 'softwareGpu')
    return notice('info', 'softwareGpuNotice', { adapter: choice.adapter ?? '' }, 'fallback');
  return null;
}

/** The GPU was lost mid-run: the CPU engine goes on, and the page says so. */
function onDeviceLost(next: RunSlice, msg: Extract<FromWorker, { type: 'deviceLost' }>): void {
  next.backend = msg.backend;
  next.engineChoice = {
    engine: msg.backend.kind === 'cpu' ? 'ref' : 'wasm',
    why: 'gpuLost',
    ...(next.engineChoice?.adapter ? { adapter: next.engineChoice.adapter } : {}),
    detail: msg.reason,
  };
  next.notices = withNotice(
    next.notices,
    notice('warning', 'deviceLost', { reason: msg.reason, epoch: String(msg.epoch) }, 'deviceLost'),
  );
}

/** A config too heavy for the engine: refused with the knob to turn (and its value), or without. */
function onTooHeavy(next: RunSlice, msg: Extract<FromWorker, { type: 'tooHeavy' }>): void {
  const { verdict } = msg;
  const gflop = (f: number) => (f / 1e9).toFixed(1);
  const vars = {
    gflop: gflop(verdict.stepFlops),
    limit: gflop(verdict.limitFlops),
    knob: verdict.suggestion?.knob ?? '',
    value: String(verdict.suggestion?.value ?? ''),
  };
  const refusal = notice('warning', verdict.suggestion ? 'tooHeavy' : 'tooHeavyNoFit', vars, 'tooHeavy');
  if (verdict.suggestion) refusal.suggestedConfig = verdict.suggestion.config;
  next.notices = withNotice(next.notices, refusal);
  if (msg.fallbackReason) {
    next.notices = withNotice(
      next.notices,
      notice('info', 'fallbackNotice', { reason: msg.fallbackReason }, 'fallback'),
    );
  }
  next.runState = 'idle';
  next.progress = null;
}

/** The run ended: its summary, and a notice when it diverged. */
function onDone(next: RunSlice, msg: Extract<FromWorker, { type: 'done' }>): void {
  next.summary = msg.summary;
  next.runState = 'done';
  next.progress = null;
  if (msg.summary.reason === 'diverged') {
    next.notices = withNotice(
      next.notices,
      notice('warning', 'diverged', { message: msg.summary.message ?? 'NaN' }, 'diverged'),
    );
  }
}

/** A dataset's preview: an own file waiting for it becomes the dataset. */
function onPreview(next: RunSlice, msg: Extract<FromWorker, { type: 'preview' }>): void {
  next.dataset = msg.dataset;
  if (next.customCandidate) {
    next.custom = next.customCandidate.custom;
    next.config = next.customCandidate.config;
    next.customCandidate = null;
    next.customError = null;
  }
}

/** A worker error: an own file's refusal, or the run's failure. */
function onError(next: RunSlice, msg: Extract<FromWorker, { type: 'error' }>): void {
  if (next.customCandidate) {
    next.customError = msg.message;
    next.customCandidate = null;
  } else {
    next.notices = withNotice(next.notices, notice('error', 'workerError', { message: msg.message }));
    if (next.runState === 'preparing' || next.runState === 'running') next.runState = 'failed';
  }
}

/** Messages about a run: dropped while no run is accepted (one the page has left or reset). */
const RUN_MESSAGES = new Set<FromWorker['type']>([
  'epoch',
  'state',
  'done',
  'progress',
  'deviceLost',
  'tooHeavy',
  'probe',
  'marked',
]);

/**
 * Folds a batch of worker messages into the run slice. Pure: the worker client batches messages
 * per animation frame and applies them here in one store update, so a fast run costs one render
 * per frame, not one per epoch.
 */
export function applyWorkerMessages(state: RunSlice, messages: readonly FromWorker[]): Partial<RunSlice> {
  const next: RunSlice = { ...state };
  let reports: EpochReport[] | null = null;
  for (const msg of messages) {
    if (!next.acceptRun && RUN_MESSAGES.has(msg.type)) continue;
    switch (msg.type) {
      case 'ready': {
        next.backend = msg.backend;
        next.engineChoice = msg.choice;
        next.dataset = msg.dataset;
        const said = choiceNotice(msg.choice);
        if (said) next.notices = withNotice(next.notices, said);
        break;
      }
      case 'plan':
        next.enginePlan = msg.plan;
        break;
      case 'webgpuRequired':
        next.notices = withNotice(
          next.notices,
          notice('error', 'webgpuRequired', { reason: msg.reason }, 'webgpuRequired'),
        );
        break;
      case 'epoch':
        reports ??= next.reports.slice();
        reports.push(msg.report);
        if (msg.forecast) next.forecast = msg.forecast;
        break;
      case 'state':
        next.runState = msg.state;
        if (msg.state !== 'running' && msg.state !== 'paused' && msg.state !== 'preparing')
          next.progress = null;
        break;
      case 'probe':
        next.insideProbe = msg.probe;
        if (!next.firstGradNorms && msg.probe.gradNorms)
          next.firstGradNorms = { epoch: msg.probe.epoch, norms: msg.probe.gradNorms };
        next.firstAttention = keepFirstAttention(next.firstAttention, msg.probe);
        next.firstTranslation = keepFirstTranslation(next.firstTranslation, msg.probe);
        break;
      case 'progress':
        next.progress = msg.progress;
        break;
      case 'marked': {
        const sent = next.unmarkedChanges.find((u) => u.id === msg.id);
        if (!sent) break;
        next.unmarkedChanges = next.unmarkedChanges.filter((u) => u !== sent);
        next.liveMarks = addLiveMark(next.liveMarks, msg.epoch, sent.changes);
        break;
      }
      case 'deviceLost':
        onDeviceLost(next, msg);
        break;
      case 'tooHeavy':
        onTooHeavy(next, msg);
        break;
      case 'notice':
        next.notices = withNotice(next.notices, notice(msg.level, 'raw', { message: msg.message }));
        break;
      case 'done':
        onDone(next, msg);
        break;
      case 'preview':
        onPreview(next, msg);
        break;
      case 'error':
        onError(next, msg);
        break;
    }
  }
  if (reports) next.reports = reports;
  return next;
}
