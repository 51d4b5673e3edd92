/// <reference lib="webworker" />
/**
 * Runs the trainer off the main thread. Speaks the protocol of protocol.ts: the page sends
 * configs and controls, the worker answers with the dataset summary, epochs, state and notices.
 */

import { buildDataset, loadDataFiles, summarizeDataset } from '../data';
import { readBrowserDataFile } from '../data/browserFiles';
import type { CustomData } from '../data/types';
import type { Config } from '../model/config';
import { sameShape } from '../model/params';
import { type InsideProbe, insideProbe, insideTransferables } from './inside';
import { forecastSample } from './metrics';
import { answer, type CurrentRun, transferables } from './modelRequests';
import { openBackend } from './openBackend';
import { ProbeThrottle } from './probeThrottle';
import type { FromWorker, ToWorker } from './protocol';
import { createReferenceBackend } from './reference/backend';
import { prepareRun } from './session';
import { Trainer } from './trainer';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker) => self.postMessage(message);

let trainer: Trainer | null = null;
/** The run whose weights an export reads (kept after it ends, until the next start). */
let currentRun: CurrentRun | null = null;
/** Bumped by each start: a run superseded while it was preparing stops at its next await. */
let generation = 0;
let delayMs = 0;
/** The inside views' validation window (null: closed), kept for the next run too. */
let probeWindow: number | null = null;

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

async function preview(config: Config, custom?: CustomData): Promise<void> {
  try {
    const files = await loadDataFiles(config.dataset.name, readBrowserDataFile);
    post({
      type: 'preview',
      dataset: summarizeDataset(buildDataset(config.dataset, config.seed, files, custom)),
    });
  } catch (error) {
    post({ type: 'error', message: messageOf(error) });
  }
}

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const { config, custom, preferCpu = false, oneEpoch = false } = message;
  const mine = ++generation;
  trainer?.stop();
  trainer?.dispose();
  trainer = null;
  currentRun = null;
  epochProbes.reset();
  post({ type: 'state', state: 'preparing' });
  try {
    const run = await prepareRun(config, readBrowserDataFile, custom);
    if (message.initialWeights) {
      if (sameShape(message.initialWeights, run.weights)) run.weights = message.initialWeights;
      else
        post({
          type: 'notice',
          level: 'warning',
          message: 'The imported weights do not fit this model; it starts from new weights.',
        });
    }
    const opened = await openBackend(config, run.dataset, run.weights, preferCpu);
    if (mine !== generation) {
      opened.backend.dispose();
      return;
    }
    post({
      type: 'ready',
      backend: opened.backend.info,
      dataset: summarizeDataset(run.dataset),
      ...(opened.fallbackReason ? { fallbackReason: opened.fallbackReason } : {}),
    });
    const current = new Trainer({
      config,
      dataset: run.dataset,
      backend: opened.backend,
      initialWeights: run.weights,
      fallback: async (weights) => createReferenceBackend(config, run.dataset, weights),
      events: {
        onEpoch: (report, valOutputs) =>
          post({
            type: 'epoch',
            report,
            ...(run.dataset.task === 'regression'
              ? { forecast: [forecastSample(run.dataset, valOutputs)] }
              : {}),
          }),
        onState: (state) => post({ type: 'state', state }),
        onNotice: (level, message) => post({ type: 'notice', level, message }),
        onProbe: (p) => {
          const when = { epoch: p.epoch, steps: current.progress.steps, midEpoch: false };
          epochProbes.offer(insideProbe(run.dataset, when, p.window, p.activations, p.gradNorms));
        },
      },
    });
    current.setDelay(delayMs);
    if (run.dataset.val.n > 0) current.setProbe(windowIn({ trainer: current, dataset: run.dataset }));
    if (oneEpoch) current.stepEpoch();
    trainer = current;
    currentRun = { trainer: current, dataset: run.dataset };
    const summary = await current.run();
    if (mine === generation) post({ type: 'done', summary });
  } catch (error) {
    if (mine !== generation) return;
    post({ type: 'state', state: 'failed' });
    post({ type: 'error', message: messageOf(error) });
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      void start(message);
      break;
    case 'preview':
      void preview(message.config, message.custom);
      break;
    case 'pause':
      trainer?.pause();
      break;
    case 'resume':
      trainer?.resume();
      break;
    case 'step':
      trainer?.stepEpoch();
      break;
    case 'stop':
      trainer?.stop();
      break;
    case 'regularization':
      trainer?.setRegularization(message.value);
      break;
    case 'earlyStopping':
      trainer?.setEarlyStopping(message.value);
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
      void answer(message, currentRun).then((reply) => self.postMessage(reply, transferables(reply)));
      break;
  }
};
