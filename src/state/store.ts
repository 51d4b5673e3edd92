import { create } from 'zustand';
import type { CustomInput } from '../data/types';
import { regularizationOf } from '../engine/contracts/backend';
import type { EnginePreference } from '../engine/host/enginePreference';
import type { SentenceProbe } from '../engine/host/inside';
import type { ToWorker } from '../engine/host/protocol';
import type { ForecastSample } from '../engine/training/report';
import type { Lang } from '../i18n';
import { insideWindow, lessonStepWithin, type UrlProblem } from '../link/urlCodec';
import type { HideableControl, InsideLink, LessonLink, LessonName } from '../link/urlKeys';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import type { Weights } from '../model/params';
import { PRESETS, type PresetName } from '../model/presets';
import { changeKind, earlyStoppingChanged } from './changeKind';
import { liveChanges } from './liveChanges';
import { archiveRun, type PastRun } from './runHistory';
import { applyWorkerMessages, type RunSlice } from './workerMessages';

/** A model opened from a TF.js LayersModel: runs start from its weights while it fits the config. */
export interface ImportedModel {
  weights: Weights;
  fileName: string;
  /** The config's model parts it was imported for: a change to them leaves it behind. */
  layers: number[];
  datasetName: Config['dataset']['name'];
  /** Its validation loss on the dataset it was checked against. */
  valLoss: number;
  /** Epochs it was trained for, when the playground exported it. */
  epochsTrained: number | null;
}

/** What an export or an import last said: a message key of the i18n catalogs and its values. */
export interface ModelIoStatus {
  state: 'working' | 'done' | 'failed';
  key: string;
  vars: Record<string, string>;
}

export const importFits = (imported: ImportedModel, config: Config) =>
  imported.datasetName === config.dataset.name && imported.layers.join('-') === config.layers.join('-');

/**
 * The one store of the page. `config` is what the controls show and the link carries; `runConfig`
 * is what the running model was built from. Components read slices of it; derived numbers come
 * from the pure functions beside this file.
 */
export interface PlaygroundState extends RunSlice {
  runConfig: Config | null;
  lang: Lang;
  hidden: HideableControl[];
  /** The loaded demo: its story stays shown while the user tries what it suggests. */
  preset: PresetName | null;
  /** The link's hidden engine key: which engine runs start on (auto unless a link says). */
  engine: EnginePreference;
  linkProblems: UrlProblem[];
  /** The link named own data ("custom") that this browser does not have. */
  customMissingName: string | null;
  pastRuns: PastRun[];
  runCounter: number;
  /** Runs started in this page (the e2e tells a new run's end from the last one's by it). */
  runStarts: number;
  delayMs: number;
  /** A change that needs a restart, waiting for the user's yes. */
  pendingConfig: Config | null;
  /** Set when the last config change was applied to the running model (for a short note). */
  liveApplied: number;
  imported: ImportedModel | null;
  modelIo: ModelIoStatus | null;
  /** The inside views: where they look (carried by the link), or null while closed. */
  inside: InsideLink | null;
  /** The step the inside views' readout shows (not in the link: it follows the pointer). */
  insideStep: number;
  /** One's own sentence through the current weights: the last answer, or why there is none. */
  sentence: SentenceState | null;
  /** A new version of the app is installed and waits for the user's reload (serviceWorker.ts). */
  updateReady: boolean;
  /** The app and its data are cached: it loads and trains with the network off. */
  offlineReady: boolean;
  /** Swaps in the waiting version and reloads the page (set once the service worker registers). */
  applyUpdate(): void;

  setConfig(next: Config): void;
  /** Asks the worker to build the dataset of the current config and describe it. */
  requestPreview(): void;
  confirmRestart(): void;
  cancelRestart(): void;
  loadPreset(name: PresetName): void;
  /** Starts a run; with `oneEpoch`, it trains one epoch and then pauses. */
  start(oneEpoch?: boolean): void;
  pause(): void;
  resume(): void;
  stepEpoch(): void;
  reset(): void;
  setDelay(ms: number): void;
  setLang(lang: Lang): void;
  loadCustomData(custom: CustomInput): void;
  dismissNotice(id: string): void;
  dismissLinkProblems(): void;
  receive(messages: Parameters<typeof applyWorkerMessages>[1]): void;
  showForecast(forecast: ForecastSample[]): void;
  /** An imported model becomes the page's model: its config, and the weights runs start from. */
  adoptImported(config: Config, imported: ImportedModel): void;
  forgetImported(): void;
  setModelIo(status: ModelIoStatus | null): void;
  /** Opens, moves or (null) closes the inside views; the worker probes the window while open. */
  setInside(next: InsideLink | null): void;
  setInsideStep(step: number): void;

  /** Lesson mode (issue 21): the lesson and its step, carried by the link; null: the normal page. */
  lesson: LessonLink | null;
  /** The class's prediction per step (step number → choice), kept while the lesson goes on. */
  lessonPicks: Record<number, number>;
  openLesson(name: LessonName): void;
  setLessonStep(step: number): void;
  /** A link's step past the lesson's `count` steps: the last step, and the usual link notice. */
  clampLessonStep(count: number): void;
  pickLessonChoice(step: number, choice: number): void;
  leaveLesson(): void;
  /** A lesson's run: its preset's config (or a claim's variant of it) replaces the run, and trains. */
  trainLessonRun(preset: PresetName, config: Config): void;
}

/** The own-sentence box's state: its last answer is kept while a new one is worked on or refused. */
export interface SentenceState {
  working: boolean;
  answer: SentenceProbe | null;
  /** Why the last sentence got no answer: an i18n key and its values. */
  refusal: { key: string; vars: Record<string, string> } | null;
}

type Transport = (msg: ToWorker) => void;
let transport: Transport = () => {};
/** The worker client plugs itself in here; tests plug in a recorder. */
export function setTransport(send: Transport): void {
  transport = send;
}

const ACTIVE = new Set(['preparing', 'running', 'paused']);
/** Ids of the live changes' marks (see setConfig). */
let markCounter = 0;
const PREVIEW_DEBOUNCE_MS = 150;
let previewTimer: ReturnType<typeof setTimeout> | undefined;

const datasetChanged = (a: Config, b: Config) => JSON.stringify(a.dataset) !== JSON.stringify(b.dataset);

export const initialRunSlice = (config: Config): RunSlice => ({
  runState: 'idle',
  reports: [],
  forecast: [],
  summary: null,
  dataset: null,
  backend: null,
  engineChoice: null,
  enginePlan: null,
  notices: [],
  customCandidate: null,
  custom: null,
  customError: null,
  config,
  acceptRun: false,
  insideProbe: null,
  firstGradNorms: null,
  firstAttention: [],
  firstTranslation: [],
  progress: null,
  liveMarks: [],
  unmarkedChanges: [],
});

type SetState = (partial: Partial<PlaygroundState>) => void;
type GetState = () => PlaygroundState;

/** What the store's actions share: the dataset preview, and what happens to the run on screen. */
function runHelpers(set: SetState, get: GetState) {
  const requestPreview = (config: Config) => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const { custom } = get();
      const useCustom = config.dataset.name === 'custom' && custom ? custom : undefined;
      transport({ type: 'preview', config, custom: useCustom });
    }, PREVIEW_DEBOUNCE_MS);
  };

  /** Keeps the finished or abandoned run for the overlay and clears the chart. */
  const archiveCurrent = () => {
    const s = get();
    // Nothing to keep: leave the arrays as they are, so no chart redraws at the start of a run.
    if (s.reports.length === 0 && s.forecast.length === 0 && !s.summary && !s.runConfig) return;
    const id = s.runCounter + 1;
    set({
      pastRuns: archiveRun(s.pastRuns, id, s.runConfig, s.reports),
      runCounter: s.reports.length > 0 ? id : s.runCounter,
      reports: [],
      forecast: [],
      summary: null,
      runConfig: null,
      insideProbe: null,
      firstGradNorms: null,
      firstAttention: [],
      firstTranslation: [],
      liveMarks: [],
      unmarkedChanges: [],
      // One's own sentence or date was read by the archived run's weights (or refused for its data).
      sentence: null,
    });
  };

  /**
   * A new story or model replaces the run on screen, whatever its state: a running or paused run
   * stops; it, or a finished, stopped or failed one, goes to Compare runs; the chart, metrics,
   * progress and status start empty, as for a run nobody has trained yet.
   */
  const leaveRun = () => {
    if (ACTIVE.has(get().runState)) transport({ type: 'stop' });
    archiveCurrent();
    set({ runState: 'idle', acceptRun: false, progress: null, pendingConfig: null });
  };

  /** Imported weights stay only while the model they belong to does. */
  const keepImportedFor = (next: Config) => {
    const { imported } = get();
    if (imported && !importFits(imported, next)) set({ imported: null });
  };

  const applyIdle = (next: Config) => {
    const prev = get().config;
    keepImportedFor(next);
    set({ config: next });
    if (datasetChanged(prev, next)) requestPreview(next);
  };

  return { requestPreview, archiveCurrent, leaveRun, keepImportedFor, applyIdle };
}
type RunHelpers = ReturnType<typeof runHelpers>;

/** The store's data, without its actions. */
type StateData = {
  [K in keyof PlaygroundState as PlaygroundState[K] extends (...args: never[]) => unknown
    ? never
    : K]: PlaygroundState[K];
};

/** The page's state before anything happened: the default config, no run, no lesson. */
function initialState(): StateData {
  return {
    ...initialRunSlice(DEFAULT_CONFIG),
    runConfig: null,
    lang: 'en',
    hidden: [],
    preset: null,
    engine: 'auto',
    linkProblems: [],
    customMissingName: null,
    pastRuns: [],
    runCounter: 0,
    runStarts: 0,
    delayMs: 0,
    pendingConfig: null,
    liveApplied: 0,
    imported: null,
    modelIo: null,
    inside: null,
    insideStep: 0,
    sentence: null,
    lesson: null,
    lessonPicks: {},
    updateReady: false,
    offlineReady: false,
  };
}

type ConfigActions = Pick<
  PlaygroundState,
  | 'requestPreview'
  | 'setConfig'
  | 'confirmRestart'
  | 'cancelRestart'
  | 'loadPreset'
  | 'adoptImported'
  | 'forgetImported'
>;

/** Changing the config: live where the run can take it, a confirmed restart where not; presets, imports. */
function configActions(set: SetState, get: GetState, h: RunHelpers): ConfigActions {
  const { requestPreview, leaveRun, keepImportedFor, applyIdle } = h;
  return {
    requestPreview() {
      requestPreview(get().config);
    },

    setConfig(next) {
      const s = get();
      if (!ACTIVE.has(s.runState) || !s.runConfig) return applyIdle(next);
      const kind = changeKind(s.runConfig, next);
      if (kind === 'restart') return set({ pendingConfig: next });
      if (kind === 'live') {
        transport({ type: 'regularization', value: regularizationOf(next) });
        if (earlyStoppingChanged(s.runConfig, next))
          transport({ type: 'earlyStopping', value: next.earlyStopping });
        // The worker answers with the epoch they took effect at; the chart marks them there.
        const id = ++markCounter;
        transport({ type: 'mark', id });
        set({
          runConfig: next,
          liveApplied: s.liveApplied + 1,
          unmarkedChanges: [...s.unmarkedChanges, { id, changes: liveChanges(s.runConfig, next) }],
        });
      }
      set({ config: next });
    },

    confirmRestart() {
      const next = get().pendingConfig;
      if (!next) return;
      const prev = get().config;
      keepImportedFor(next);
      set({ pendingConfig: null, config: next });
      if (datasetChanged(prev, next)) requestPreview(next);
      get().start();
    },

    cancelRestart() {
      set({ pendingConfig: null });
    },

    loadPreset(name) {
      const preset = PRESETS[name];
      leaveRun();
      set({ preset: name });
      applyIdle(structuredClone(preset.config));
    },

    adoptImported(config, imported) {
      leaveRun();
      set({ preset: null, pendingConfig: null, imported });
      applyIdle(config);
    },
    forgetImported() {
      set({ imported: null });
    },
  };
}

type RunActions = Pick<PlaygroundState, 'start' | 'pause' | 'resume' | 'stepEpoch' | 'reset' | 'setDelay'>;

/** Train, pause, resume, one epoch, reset, speed: what the training controls send the worker. */
function runActions(set: SetState, get: GetState, h: RunHelpers): RunActions {
  const { archiveCurrent } = h;
  return {
    start(oneEpoch = false) {
      const s = get();
      if (ACTIVE.has(s.runState)) transport({ type: 'stop' });
      archiveCurrent();
      const config = get().config;
      const custom = config.dataset.name === 'custom' ? (get().custom ?? undefined) : undefined;
      // A new run makes the last run's own verdicts stale (divergence, a refused config, a lost GPU).
      const stale = new Set(['diverged', 'tooHeavy', 'deviceLost', 'webgpuRequired']);
      set({
        runConfig: config,
        runState: 'preparing',
        runStarts: get().runStarts + 1,
        acceptRun: true,
        progress: null,
        liveMarks: [],
        unmarkedChanges: [],
        notices: s.notices.some((n) => stale.has(n.id))
          ? s.notices.filter((n) => !stale.has(n.id))
          : s.notices,
      });
      const { imported } = get();
      const initialWeights = imported && importFits(imported, config) ? imported.weights : undefined;
      transport({ type: 'speed', delayMs: get().delayMs });
      const { engine } = get();
      transport({ type: 'probe', window: get().inside?.window ?? null });
      transport({
        type: 'start',
        config,
        custom,
        ...(oneEpoch ? { oneEpoch } : {}),
        ...(engine !== 'auto' ? { engine } : {}),
        ...(initialWeights ? { initialWeights } : {}),
      });
    },
    pause() {
      transport({ type: 'pause' });
    },
    resume() {
      transport({ type: 'resume' });
    },
    stepEpoch() {
      const s = get();
      if (ACTIVE.has(s.runState)) return transport({ type: 'step' });
      // No run yet: start one that trains a single epoch and pauses.
      get().start(true);
    },
    reset() {
      transport({ type: 'stop' });
      archiveCurrent();
      set({ runState: 'idle', pendingConfig: null, acceptRun: false, progress: null });
    },
    setDelay(ms) {
      set({ delayMs: ms });
      transport({ type: 'speed', delayMs: ms });
    },
  };
}

type PageActions = Pick<
  PlaygroundState,
  | 'setLang'
  | 'loadCustomData'
  | 'dismissNotice'
  | 'dismissLinkProblems'
  | 'showForecast'
  | 'receive'
  | 'setModelIo'
  | 'setInside'
  | 'setInsideStep'
>;

/** The rest of the page: language, own data, notices, the worker's messages, the inside views. */
function pageActions(set: SetState, get: GetState): PageActions {
  return {
    setLang(lang) {
      set({ lang });
    },
    loadCustomData(custom) {
      const config: Config = {
        ...get().config,
        dataset: { ...get().config.dataset, name: 'custom', customName: custom.name },
      };
      set({ customCandidate: { custom, config }, customError: null, customMissingName: null });
      transport({ type: 'preview', config, custom });
    },
    dismissNotice(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
    dismissLinkProblems() {
      set({ linkProblems: [] });
    },
    showForecast(forecast) {
      if (get().acceptRun) set({ forecast });
    },
    receive(messages) {
      set(applyWorkerMessages(get(), messages));
      // A link's window past this dataset's validation split: clamped, with the usual notice.
      const { inside, dataset } = get();
      if (!inside || !dataset) return;
      const { window, problem } = insideWindow(inside.window, dataset.valSize);
      if (!problem) return;
      set({ linkProblems: [...get().linkProblems, problem] });
      get().setInside({ ...inside, window });
    },
    setModelIo(status) {
      set({ modelIo: status });
    },
    setInside(next) {
      const before = get().inside;
      set({ inside: next });
      const window = next?.window ?? null;
      if (window !== (before?.window ?? null)) transport({ type: 'probe', window });
    },
    setInsideStep(step) {
      set({ insideStep: step });
    },
  };
}

export const usePlayground = create<PlaygroundState>()((set, get) => {
  const h = runHelpers(set, get);
  return {
    ...initialState(),
    applyUpdate() {},
    ...configActions(set, get, h),
    ...runActions(set, get, h),
    ...pageActions(set, get),
    ...lessonActions(set, get, (preset, config) => {
      h.leaveRun();
      set({ preset });
      h.applyIdle(config);
      get().start();
    }),
  };
});

type LessonActions = Pick<
  PlaygroundState,
  'openLesson' | 'setLessonStep' | 'clampLessonStep' | 'pickLessonChoice' | 'leaveLesson' | 'trainLessonRun'
>;

/** Lesson mode's actions, apart from the store's body (it needs only these and one run helper). */
function lessonActions(
  set: (partial: Partial<PlaygroundState>) => void,
  get: () => PlaygroundState,
  trainLessonRun: LessonActions['trainLessonRun'],
): LessonActions {
  return {
    openLesson(name) {
      set({ lesson: { name, step: 1 }, lessonPicks: {} });
    },
    setLessonStep(step) {
      const { lesson } = get();
      if (lesson) set({ lesson: { ...lesson, step } });
    },
    clampLessonStep(count) {
      const { lesson, linkProblems } = get();
      if (!lesson) return;
      const { step, problem } = lessonStepWithin(lesson.step, count);
      if (problem) set({ lesson: { ...lesson, step }, linkProblems: [...linkProblems, problem] });
    },
    pickLessonChoice(step, choice) {
      set({ lessonPicks: { ...get().lessonPicks, [step]: choice } });
    },
    leaveLesson() {
      set({ lesson: null, lessonPicks: {} });
    },
    trainLessonRun,
  };
}
