import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureWorkerMessages, epochReport } from '../../test/support/state/storeFixtures';
import type { ToWorker } from '../engine/host/protocol';
import { DEFAULT_CONFIG } from '../model/config';
import { allocWeights, modelShape } from '../model/params';
import { PRESETS } from '../model/presets';
import { exportNoteKey } from './modelTransfer';
import { type ImportedModel, initialRunSlice, usePlayground } from './store';

const sent: ToWorker[] = [];
const report = epochReport;

beforeEach(() => {
  captureWorkerMessages(sent);
  usePlayground.setState({
    ...initialRunSlice(DEFAULT_CONFIG),
    runConfig: null,
    pastRuns: [],
    pendingConfig: null,
    engine: 'auto',
    imported: null,
    modelIo: null,
    inside: null,
    linkProblems: [],
  });
});

const store = () => usePlayground.getState();

describe('store', () => {
  it('start sends the config to the worker and marks the run preparing', () => {
    store().start();
    // The inside views' window (null: closed) goes first, so the new run probes from its first epoch.
    expect(sent.map((m) => m.type)).toEqual(['speed', 'probe', 'start']);
    expect(sent[1]).toEqual({ type: 'probe', window: null });
    expect(store().runState).toBe('preparing');
    expect(store().runConfig).toEqual(DEFAULT_CONFIG);
  });

  it("a link's hidden engine key goes with every start; auto is not sent", () => {
    store().start();
    expect(sent.find((m) => m.type === 'start')).not.toHaveProperty('engine');
    usePlayground.setState({ engine: 'ref' });
    store().start();
    expect(sent.filter((m) => m.type === 'start').at(-1)).toMatchObject({ type: 'start', engine: 'ref' });
  });

  it('step before any run starts a run that trains one epoch and pauses', () => {
    store().stepEpoch();
    const start = sent.find((m) => m.type === 'start');
    expect(start).toMatchObject({ type: 'start', oneEpoch: true });
    expect(sent.filter((m) => m.type === 'step')).toEqual([]);
  });

  it('a dropout change mid-run goes live as a regularization message, not a restart', () => {
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    sent.length = 0;
    store().setConfig({ ...DEFAULT_CONFIG, dropout: 0.3 });
    const mark = sent.find((m) => m.type === 'mark');
    expect(sent).toEqual([
      {
        type: 'regularization',
        value: { dropout: 0.3, recurrentDropout: 0, outputDropout: 0, l1: 0, l2: 0 },
      },
      { type: 'mark', id: mark?.type === 'mark' ? mark.id : -1 },
    ]);
    expect(store().config.dropout).toBe(0.3);
    expect(store().pendingConfig).toBeNull();
  });

  it('a live change is marked at the epoch the worker says it took effect, and kept while paused and after', () => {
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    store().receive([{ type: 'epoch', report: report(1) }]);
    sent.length = 0;
    store().setConfig({ ...DEFAULT_CONFIG, dropout: 0.3 });
    const mark = sent.find((m) => m.type === 'mark');
    if (mark?.type !== 'mark') throw new Error('no mark sent');
    expect(store().liveMarks).toEqual([]);
    store().receive([
      { type: 'epoch', report: report(2) },
      { type: 'marked', id: mark.id, epoch: 3 },
      { type: 'state', state: 'paused' },
    ]);
    const marks = [{ epoch: 3, changes: [{ knob: 'dropout', from: 0, to: 0.3 }] }];
    expect(store().liveMarks).toEqual(marks);
    expect(store().unmarkedChanges).toEqual([]);
    store().receive([{ type: 'done', summary: doneSummary }]);
    expect(store().liveMarks).toEqual(marks);
    // The next run starts without them.
    store().start();
    expect(store().liveMarks).toEqual([]);
  });

  it('a layer change mid-run waits for confirmation, then restarts and keeps the old run', () => {
    store().start();
    store().receive([
      { type: 'state', state: 'running' },
      { type: 'epoch', report: report(1) },
    ]);
    store().setConfig({ ...DEFAULT_CONFIG, layers: [8] });
    expect(store().pendingConfig?.layers).toEqual([8]);
    expect(store().config.layers).toEqual([32]);
    store().confirmRestart();
    expect(store().config.layers).toEqual([8]);
    expect(store().pastRuns).toHaveLength(1);
    expect(store().reports).toEqual([]);
    expect(sent.filter((m) => m.type === 'start')).toHaveLength(2);
  });

  it("one's own sentence's answer or refusal goes with the run whose weights read it", () => {
    store().start();
    store().receive([
      { type: 'state', state: 'running' },
      { type: 'epoch', report: report(1) },
    ]);
    const refusal = { key: 'sentenceEmpty', vars: {} };
    usePlayground.setState({ sentence: { working: false, answer: null, refusal } });
    store().setConfig({ ...DEFAULT_CONFIG, layers: [8] });
    expect(store().sentence?.refusal).toEqual(refusal); // not yet: the change waits for confirmation
    store().confirmRestart();
    expect(store().sentence).toBeNull();
  });

  it('cancelling a restart keeps the run and the config', () => {
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    store().setConfig({ ...DEFAULT_CONFIG, learningRate: 0.5 });
    store().cancelRestart();
    expect(store().pendingConfig).toBeNull();
    expect(store().config.learningRate).toBe(DEFAULT_CONFIG.learningRate);
  });

  it('a new story after a finished run keeps that run for Compare runs and shows an empty run', () => {
    store().start();
    store().receive([
      { type: 'state', state: 'running' },
      { type: 'epoch', report: report(1) },
      { type: 'epoch', report: report(2) },
      { type: 'progress', progress: { task: 'train', epoch: 2, step: 3, steps: 4, etaMs: 10 } },
      { type: 'done', summary: doneSummary },
    ]);
    sent.length = 0;
    store().loadPreset('dropout');
    expect(store().runState).toBe('idle');
    expect(store().reports).toEqual([]);
    expect(store().summary).toBeNull();
    expect(store().progress).toBeNull();
    expect(store().runConfig).toBeNull();
    expect(store().pastRuns.map((r) => r.curve)).toEqual([
      [
        { epoch: 1, valLoss: 1.2 },
        { epoch: 2, valLoss: 0.6 },
      ],
    ]);
    expect(store().config.dropout).toBe(PRESETS.dropout.config.dropout);
    // A finished run's worker has nothing to stop; its late messages are not drawn.
    expect(sent.filter((m) => m.type === 'stop')).toEqual([]);
    store().receive([{ type: 'epoch', report: report(3) }]);
    expect(store().reports).toEqual([]);
  });

  it('a new story while paused stops the run, keeps it for Compare runs and shows an empty run', () => {
    store().start();
    store().receive([
      { type: 'state', state: 'running' },
      { type: 'epoch', report: report(1) },
      { type: 'state', state: 'paused' },
    ]);
    sent.length = 0;
    store().loadPreset('l2');
    expect(sent).toEqual([{ type: 'stop' }]);
    expect(store().runState).toBe('idle');
    expect(store().reports).toEqual([]);
    expect(store().pastRuns).toHaveLength(1);
  });

  it('keeps at most five past runs, newest first', () => {
    for (let i = 0; i < 7; i++) {
      store().start();
      store().receive([
        { type: 'epoch', report: report(1) },
        { type: 'done', summary: doneSummary },
      ]);
    }
    store().start();
    expect(store().pastRuns).toHaveLength(5);
    expect(store().pastRuns[0].id).toBeGreaterThan(store().pastRuns[1].id);
  });
});

describe('an imported model', () => {
  const config = { ...DEFAULT_CONFIG, layers: [8, 6], dropout: 0.1 };
  const imported: ImportedModel = {
    weights: allocWeights(modelShape([8, 6], 1, 1)),
    fileName: 'model.json',
    layers: [8, 6],
    datasetName: 'sine',
    valLoss: 0.5,
    epochsTrained: 6,
  };

  it('becomes the config, stops a running run, and runs start from its weights', () => {
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    sent.length = 0;
    store().adoptImported(config, imported);
    expect(sent).toEqual([{ type: 'stop' }]);
    expect(store().config).toEqual(config);
    expect(store().runState).toBe('idle');
    store().start();
    expect(sent.find((m) => m.type === 'start')).toMatchObject({ initialWeights: imported.weights });
  });

  it('is left behind when the dataset changes', () => {
    store().adoptImported(config, imported);
    store().setConfig({ ...config, dataset: { ...config.dataset, name: 'tenclass' } });
    expect(store().imported).toBeNull();
  });

  it('is forgotten on request', () => {
    store().adoptImported(config, imported);
    store().forgetImported();
    expect(store().imported).toBeNull();
  });

  it('is left behind when the layers change, and a run then starts from new weights', () => {
    store().adoptImported(config, imported);
    store().setConfig({ ...config, dropout: 0.2 });
    expect(store().imported).not.toBeNull();
    store().setConfig({ ...config, layers: [8] });
    expect(store().imported).toBeNull();
    store().start();
    expect(sent.find((m) => m.type === 'start')).not.toHaveProperty('initialWeights');
  });

  it('names the weights an export writes: initial, imported, or the run’s', () => {
    expect(exportNoteKey(store())).toBe('exportFromInitial');
    store().adoptImported(config, imported);
    expect(exportNoteKey(store())).toBe('exportFromImported');
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    expect(exportNoteKey(store())).toBe('exportFromRunning');
    store().receive([{ type: 'done', summary: doneSummary }]);
    expect(exportNoteKey(store())).toBe('exportFromRun');
  });
});

const doneSummary = {
  done: true,
  reason: 'epochs',
  stoppedEarly: false,
  bestEpoch: 1,
  bestValLoss: 1,
} as const;

describe('the inside views', () => {
  const summary = {
    name: 'sine',
    task: 'regression' as const,
    timesteps: 8,
    features: 1,
    outputs: 1,
    trainSize: 32,
    valSize: 10,
    description: '',
    featureNames: ['x'],
    text: false,
    preview: { series: [], target: [] },
  };

  it('opening, moving the window and closing tell the worker; a new unit does not', () => {
    store().setInside({ view: 'gates', window: 2, layer: 1, unit: 0 });
    store().setInside({ view: 'gates', window: 2, layer: 1, unit: 5 });
    store().setInside({ view: 'units', window: 4, layer: 1, unit: 5 });
    store().setInside(null);
    expect(sent).toEqual([
      { type: 'probe', window: 2 },
      { type: 'probe', window: 4 },
      { type: 'probe', window: null },
    ]);
  });

  it('a link’s window past the dataset’s validation split is clamped when the dataset is read, with a notice', () => {
    store().setInside({ view: 'gates', window: 25, layer: 1, unit: 0 });
    sent.length = 0;
    store().receive([{ type: 'preview', dataset: summary }]);
    expect(store().inside?.window).toBe(9);
    expect(store().linkProblems.map((p) => p.message)).toEqual([
      'win=25 is past the last validation window 9; clamped to 9',
    ]);
    expect(sent).toEqual([{ type: 'probe', window: 9 }]);
  });

  it('a window inside the split, or closed views, leave the link problems alone', () => {
    store().receive([{ type: 'preview', dataset: summary }]);
    expect(store().inside).toBeNull();
    store().setInside({ view: 'gates', window: 3, layer: 1, unit: 0 });
    store().receive([{ type: 'preview', dataset: summary }]);
    expect(store().inside?.window).toBe(3);
    expect(store().linkProblems).toEqual([]);
  });
});

describe('the run controls', () => {
  const running = () => {
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    sent.length = 0;
  };

  it('pause, resume and step go to the running worker as they are', () => {
    running();
    store().pause();
    store().resume();
    store().stepEpoch();
    expect(sent).toEqual([{ type: 'pause' }, { type: 'resume' }, { type: 'step' }]);
  });

  it('reset stops the worker, keeps the run for Compare runs and ignores its late messages', () => {
    running();
    store().receive([{ type: 'epoch', report: report(1) }]);
    store().setConfig({ ...DEFAULT_CONFIG, layers: [8] });
    store().reset();
    expect(sent).toEqual([{ type: 'stop' }]);
    expect(store()).toMatchObject({
      runState: 'idle',
      pendingConfig: null,
      acceptRun: false,
      progress: null,
    });
    expect(store().pastRuns.map((r) => r.curve.length)).toEqual([1]);
    store().receive([{ type: 'epoch', report: report(2) }]);
    expect(store().reports).toEqual([]);
  });

  it('a second start while one runs stops it first, and counts the starts', () => {
    running();
    const starts = store().runStarts;
    store().start();
    expect(sent.map((m) => m.type)).toEqual(['stop', 'speed', 'probe', 'start']);
    expect(store().runStarts).toBe(starts + 1);
  });

  it('a start while the last one is still preparing stops it first', () => {
    store().start();
    sent.length = 0;
    store().start();
    expect(sent.map((m) => m.type)).toEqual(['stop', 'speed', 'probe', 'start']);
  });

  it("a new run clears the last run's verdicts and keeps the other notices", () => {
    const notice = (id: string) => ({ id, level: 'warning' as const, key: 'raw' as const, vars: {} });
    usePlayground.setState({
      notices: [notice('diverged'), notice('tooHeavy'), notice('deviceLost'), notice('fallback')],
    });
    store().start();
    expect(store().notices.map((n) => n.id)).toEqual(['fallback']);
    const kept = store().notices;
    store().start();
    expect(store().notices).toBe(kept);
  });

  it('starts on own data with the data, and on a built-in set without it', () => {
    const custom = { name: 'mine', kind: 'csv' as const, text: 'x\n1\n2' };
    usePlayground.setState({ custom });
    store().start();
    expect(sent.find((m) => m.type === 'start')).toMatchObject({ custom: undefined });
    sent.length = 0;
    usePlayground.setState({
      config: { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom' } },
    });
    store().start();
    expect(sent.find((m) => m.type === 'start')).toMatchObject({ custom });
  });

  it('the speed slider goes to the worker and into the next start', () => {
    store().setDelay(400);
    expect(sent).toEqual([{ type: 'speed', delayMs: 400 }]);
    store().start();
    expect(sent[1]).toEqual({ type: 'speed', delayMs: 400 });
  });

  it('a live change of early stopping sends it, and counts the changes', () => {
    running();
    const applied = store().liveApplied;
    const es = { ...DEFAULT_CONFIG.earlyStopping, enabled: true };
    store().setConfig({ ...DEFAULT_CONFIG, earlyStopping: es });
    expect(sent.map((m) => m.type)).toEqual(['regularization', 'earlyStopping', 'mark']);
    expect(sent[1]).toEqual({ type: 'earlyStopping', value: es });
    expect(store().liveApplied).toBe(applied + 1);
    expect(store().runConfig?.earlyStopping).toEqual(es);
  });

  it('the forecast shows only while the run is accepted', () => {
    const forecast = [{ truth: [1], predicted: [2] }];
    store().showForecast(forecast);
    expect(store().forecast).toEqual([]);
    running();
    store().showForecast(forecast);
    expect(store().forecast).toBe(forecast);
  });
});

describe('the dataset preview', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the worker once for a new dataset, after the typing settles', () => {
    store().setConfig({ ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, trainSize: 100 } });
    store().setConfig({ ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, trainSize: 120 } });
    vi.advanceTimersByTime(149);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([
      {
        type: 'preview',
        config: { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, trainSize: 120 } },
        custom: undefined,
      },
    ]);
  });

  it('asks for nothing when only the model changes', () => {
    store().setConfig({ ...DEFAULT_CONFIG, layers: [8] });
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    store().requestPreview();
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([
      { type: 'preview', config: { ...DEFAULT_CONFIG, layers: [8] }, custom: undefined },
    ]);
  });

  it('previews a preset’s dataset, and own data with the data', () => {
    store().loadPreset('long-range');
    expect(store().preset).toBe('long-range');
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([{ type: 'preview', config: PRESETS['long-range'].config, custom: undefined }]);
    sent.length = 0;
    const custom = { name: 'mine', kind: 'csv' as const, text: 'x\n1\n2' };
    usePlayground.setState({ custom });
    const own = { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom' as const } };
    store().setConfig(own);
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([{ type: 'preview', config: own, custom }]);
  });

  it('reads own data as a candidate until the worker has read it', () => {
    const custom = { name: 'sales', kind: 'csv' as const, text: 'x\n1\n2' };
    usePlayground.setState({ customError: 'old', customMissingName: 'sales' });
    store().loadCustomData(custom);
    const config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom', customName: 'sales' },
    };
    expect(sent).toEqual([{ type: 'preview', config, custom }]);
    expect(store()).toMatchObject({
      customCandidate: { custom, config },
      customError: null,
      customMissingName: null,
    });
    expect(store().config).toEqual(DEFAULT_CONFIG);
  });
});

describe('what the page keeps', () => {
  it('dismisses one notice and keeps the others', () => {
    const notice = (id: string) => ({ id, level: 'info' as const, key: 'raw' as const, vars: {} });
    usePlayground.setState({ notices: [notice('a'), notice('b')] });
    store().dismissNotice('a');
    expect(store().notices).toEqual([notice('b')]);
  });

  it('dismisses the link problems, sets the language, the model i/o status and the inside step', () => {
    usePlayground.setState({ linkProblems: [{ param: 'lr', value: 'x', action: 'ignored', message: 'm' }] });
    store().dismissLinkProblems();
    store().setLang('zh-CN');
    store().setModelIo({ state: 'done', key: 'exportDone', vars: {} });
    store().setInsideStep(7);
    expect(store()).toMatchObject({
      linkProblems: [],
      lang: 'zh-CN',
      modelIo: { state: 'done', key: 'exportDone', vars: {} },
      insideStep: 7,
    });
  });

  it('starts in English, idle, with nothing hidden, no past runs and no update waiting', () => {
    const fresh = usePlayground.getInitialState();
    expect(fresh).toMatchObject({
      runState: 'idle',
      lang: 'en',
      hidden: [],
      engine: 'auto',
      linkProblems: [],
      pastRuns: [],
      liveMarks: [],
      unmarkedChanges: [],
      forecast: [],
      updateReady: false,
      offlineReady: false,
    });
  });
});

describe('a run replaced', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a start with nothing on screen leaves the chart arrays and the history as they are', () => {
    const { reports, forecast, pastRuns } = store();
    store().start();
    expect(store().reports).toBe(reports);
    expect(store().forecast).toBe(forecast);
    expect(store().pastRuns).toBe(pastRuns);
    expect(sent.find((m) => m.type === 'start')).not.toHaveProperty('oneEpoch');
  });

  it('a run reset before its first epoch takes no run number', () => {
    store().start();
    const counter = store().runCounter;
    store().reset();
    expect(store().runCounter).toBe(counter);
    store().start();
    store().receive([{ type: 'epoch', report: report(1) }]);
    store().reset();
    expect(store().runCounter).toBe(counter + 1);
  });

  it('after a finished run, a model change applies at once', () => {
    store().start();
    store().receive([{ type: 'done', summary: doneSummary }]);
    store().setConfig({ ...DEFAULT_CONFIG, layers: [8] });
    expect(store().pendingConfig).toBeNull();
    expect(store().config.layers).toEqual([8]);
  });

  it('an unchanged config mid-run tells the worker nothing', () => {
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    sent.length = 0;
    const applied = store().liveApplied;
    store().setConfig({ ...DEFAULT_CONFIG });
    expect(sent).toEqual([]);
    expect(store().liveApplied).toBe(applied);
  });

  it('confirming without a pending change does nothing; a confirmed dataset change is previewed', () => {
    store().confirmRestart();
    expect(sent).toEqual([]);
    store().start();
    store().receive([{ type: 'state', state: 'running' }]);
    const next = { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 12 } };
    store().setConfig(next);
    store().confirmRestart();
    sent.length = 0;
    vi.advanceTimersByTime(150);
    expect(sent).toEqual([{ type: 'preview', config: next, custom: undefined }]);
  });

  it('previews a built-in set without the own data loaded beside it', () => {
    usePlayground.setState({ custom: { name: 'mine', kind: 'csv', text: 'x\n1' } });
    store().setConfig({ ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 12 } });
    vi.advanceTimersByTime(150);
    expect(sent).toMatchObject([{ type: 'preview', custom: undefined }]);
  });
});
