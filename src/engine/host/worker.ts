/// <reference lib="webworker" />
/**
 * Runs the trainer off the main thread. Speaks the protocol of protocol.ts: the page sends
 * configs and controls, the worker answers with the dataset summary, epochs, progress, state and
 * notices.
 */

import { buildDataset, loadDataFiles, summarizeDataset } from '../../data';
import { readBrowserDataFile } from '../../data/browserFiles';
import { readCustomInput } from '../../data/customInput';
import type { CustomInput, Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import { sameShape } from '../../model/params';
import { forecastSample } from '../training/metrics';
import { ConfigTooHeavyError } from '../training/stepCost';
import { Trainer, type TrainerEvents } from '../training/trainer';
import { browserWasmPlatform } from '../wasm/browserPlatform';
import { liveGpuBufferCount } from '../webgpu/gpuBuffers';
import type { EnginePreference } from './enginePreference';
import { type InsideProbe, insideProbe, insideTransferables } from './inside';
import { answer, type CurrentRun, transferables } from './modelRequests';
import {
  loseSharedDevice,
  openBackend,
  openCpuBackend,
  planEngine,
  WebGpuRequiredError,
} from './openBackend';
import { ProbeThrottle } from './probeThrottle';
import type { FromWorker, ToWorker } from './protocol';
import { prepareRun } from './session';

declare const self: DedicatedWorkerGlobalScope;

/** The WebAssembly engine's threads here: as many as the page's isolation allows, fixed for its life. */
const wasmPlatform = browserWasmPlatform();

const post = (message: FromWorker) => self.postMessage(message);

let trainer: Trainer | null = null;
/** The run whose weights an export reads (kept after it ends, until the next start). */
let currentRun: CurrentRun | null = null;
/** Bumped by each start: a run superseded while it was preparing stops at its next await. */
let generation = 0;
let delayMs = 0;
/** The inside views' validation window (null: closed), kept for the next run too. */
let probeWindow: number | null = null;
/** Pause pressed while the run was still preparing: the trainer starts paused. */
let pauseWhenReady = false;
/** Trainers whose run() has not returned yet: disposing one must wait for that. */
const running = new Set<Trainer>();
/** Live GPU buffers at the end of each epoch, once a test asks for them (test hooks below). */
let buffersPerEpoch: number[] | null = null;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function postProbe(probe: InsideProbe): void {
  self.postMessage({ type: 'probe', probe } satisfies FromWorker, insideTransferables(probe));
}
/** The epochs' probes, at most one a second (on-demand probes answer at once). */
const epochProbes = new ProbeThrottle<InsideProbe>(postProbe);

/** The window the views asked for, inside this run's validation split (a dataset may have shrunk). */
const windowIn = (run: CurrentRun) =>
  probeWindow === null ? null : Math.min(probeWindow, Math.max(0, run.dataset.val.n - 1));

/**
 * The views opened, closed or moved to another window: the trainer probes it from the next epoch
 * on, and a probe of the current weights answers now (between two steps, while training too).
 */
async function setProbe(window: number | null): Promise<void> {
  probeWindow = window;
  epochProbes.reset();
  const run = currentRun;
  if (!run || run.dataset.val.n === 0) return;
  const at = windowIn(run);
  run.trainer.setProbe(at);
  if (at === null) return;
  try {
    const activations = await run.trainer.probeNow({ window: at });
    if (activations && run === currentRun && at === windowIn(run)) {
      const when = { epoch: run.trainer.weightsEpoch, ...run.trainer.progress };
      postProbe(insideProbe(run.dataset, when, at, activations, run.trainer.gradNorms));
    }
  } catch (error) {
    post({ type: 'notice', level: 'warning', message: messageOf(error) });
  }
}

/**
 * Stops a run that the page left (a reset, a new run) and frees its engine: at once if its run()
 * has returned, else as soon as it does (its buffers may be in use by work it awaits).
 */
function retire(old: Trainer | null): void {
  if (!old) return;
  old.stop();
  if (!running.has(old)) old.dispose();
}

async function preview(config: Config, input?: CustomInput): Promise<void> {
  try {
    const custom = input ? await readCustomInput(input) : undefined;
    const files = await loadDataFiles(config.dataset.name, readBrowserDataFile);
    post({
      type: 'preview',
      dataset: summarizeDataset(buildDataset(config.dataset, config.seed, files, custom)),
    });
  } catch (error) {
    post({ type: 'error', message: messageOf(error) });
  }
}

/**
 * What a run tells the page: its epochs, state, notices, progress and a lost device as they come,
 * the epochs' probes through the throttle. `steps`: the training steps done so far.
 */
function trainerEvents(dataset: Dataset, steps: () => number): TrainerEvents {
  return {
    onEpoch: (report, valOutputs) => {
      buffersPerEpoch?.push(liveGpuBufferCount());
      post({
        type: 'epoch',
        report,
        ...(dataset.task === 'regression' ? { forecast: [forecastSample(dataset, valOutputs)] } : {}),
      });
    },
    onState: (state) => post({ type: 'state', state }),
    onNotice: (level, message) => post({ type: 'notice', level, message }),
    onProbe: (p) => {
      const when = { epoch: p.epoch, steps: steps(), midEpoch: false };
      epochProbes.offer(insideProbe(dataset, when, p.window, p.activations, p.gradNorms));
    },
    onProgress: (progress) => post({ type: 'progress', progress: { task: 'train', ...progress } }),
    onDeviceLost: (reason, epoch, backend) => post({ type: 'deviceLost', reason, epoch, backend }),
  };
}

/** The engine a run would take, for the badge before Train: nothing is built, no device is held. */
async function plan(engine: EnginePreference = 'auto'): Promise<void> {
  const choice = await planEngine(engine);
  post({
    type: 'plan',
    plan: {
      choice,
      threads: wasmPlatform.maxThreads,
      wasmBuild: wasmPlatform.build,
      ...(wasmPlatform.singleThreadReason ? { singleThreadReason: wasmPlatform.singleThreadReason } : {}),
    },
  });
}

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const { config, custom, engine = 'auto', oneEpoch = false } = message;
  const mine = ++generation;
  retire(trainer);
  trainer = null;
  currentRun = null;
  epochProbes.reset();
  post({ type: 'state', state: 'preparing' });
  post({ type: 'progress', progress: { task: 'dataset' } });
  let current: Trainer | null = null;
  try {
    const run = await prepareRun(config, readBrowserDataFile, custom && (await readCustomInput(custom)));
    if (message.initialWeights) {
      if (sameShape(message.initialWeights, run.weights)) run.weights = message.initialWeights;
      else
        post({
          type: 'notice',
          level: 'warning',
          message: 'The imported weights do not fit this model; it starts from new weights.',
        });
    }
    const planned = await planEngine(engine);
    if (planned.engine === 'webgpu') post({ type: 'progress', progress: { task: 'compile' } }); // the GPU's set-up
    const opened = await openBackend(config, run.dataset, run.weights, wasmPlatform, engine);
    if (mine !== generation) {
      opened.backend.dispose();
      return;
    }
    post({
      type: 'ready',
      backend: opened.backend.info,
      choice: opened.choice ?? planned,
      dataset: summarizeDataset(run.dataset),
    });
    current = new Trainer({
      config,
      dataset: run.dataset,
      backend: opened.backend,
      initialWeights: run.weights,
      fallback: async (weights) => (await openCpuBackend(config, run.dataset, weights, wasmPlatform)).backend,
      events: trainerEvents(run.dataset, () => current?.progress.steps ?? 0),
    });
    current.setDelay(delayMs);
    if (run.dataset.val.n > 0) current.setProbe(windowIn({ trainer: current, dataset: run.dataset }));
    if (pauseWhenReady) current.pause();
    pauseWhenReady = false;
    if (oneEpoch) current.stepEpoch();
    trainer = current;
    currentRun = { trainer: current, dataset: run.dataset };
    running.add(current);
    const summary = await current.run();
    if (mine === generation) {
      epochProbes.flush(); // the last epoch's probe, held back by the throttle, goes before 'done'
      post({ type: 'done', summary });
    }
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof ConfigTooHeavyError) {
      post({ type: 'tooHeavy', verdict: error.verdict, fallbackReason: error.fallbackReason });
      post({ type: 'state', state: 'idle' });
      return;
    }
    if (error instanceof WebGpuRequiredError) {
      post({ type: 'webgpuRequired', reason: error.reason });
      post({ type: 'state', state: 'failed' });
      return;
    }
    post({ type: 'state', state: 'failed' });
    post({ type: 'error', message: messageOf(error) });
  } finally {
    if (current) {
      running.delete(current);
      if (trainer !== current) current.dispose(); // retired while it ran
    }
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      pauseWhenReady = false;
      void start(message);
      break;
    case 'preview':
      void preview(message.config, message.custom);
      break;
    case 'plan':
      void plan(message.engine);
      break;
    case 'pause':
      if (trainer) trainer.pause();
      else pauseWhenReady = true;
      break;
    case 'resume':
      pauseWhenReady = false;
      trainer?.resume();
      break;
    case 'step':
      trainer?.stepEpoch();
      break;
    case 'stop':
      // A reset: the run ends and every GPU buffer it holds is given back.
      generation++;
      pauseWhenReady = false;
      retire(trainer);
      trainer = null;
      break;
    case 'regularization':
      trainer?.setRegularization(message.value);
      break;
    case 'earlyStopping':
      trainer?.setEarlyStopping(message.value);
      break;
    case 'mark':
      // Messages are handled between two steps: the changes before this one ran from the next
      // step on, which belongs to the epoch after the finished ones.
      post({ type: 'marked', id: message.id, epoch: (trainer?.history.length ?? 0) + 1 });
      break;
    case 'speed':
      delayMs = message.delayMs;
      trainer?.setDelay(delayMs);
      break;
    case 'probe':
      void setProbe(message.window);
      break;
    case 'snapshot':
    case 'checkImport':
    case 'sentence':
    case 'findWindow':
      void answer(message, currentRun).then((reply) => self.postMessage(reply, transferables(reply)));
      break;
  }
};

/**
 * For the end-to-end tests, which reach a worker's global scope through the browser's debugging
 * protocol (Playwright's worker.evaluate): the live GPU buffer count now and at each epoch's end,
 * and a way to lose the GPU mid-run. Nothing in the page, a link or a message can call these.
 */
Object.assign(self, {
  lstmTestHooks: {
    liveGpuBuffers: () => liveGpuBufferCount(),
    recordBuffersPerEpoch: () => {
      buffersPerEpoch = [];
    },
    buffersPerEpoch: () => buffersPerEpoch,
    loseGpuDevice: () => loseSharedDevice(),
  },
});
