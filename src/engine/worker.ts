/// <reference lib="webworker" />
/**
 * Runs the trainer off the main thread. Speaks the protocol of protocol.ts: the page sends
 * configs and controls, the worker answers with the dataset summary, epochs, state and notices.
 */

import { buildDataset, loadDataFiles, summarizeDataset } from '../data';
import { readBrowserDataFile } from '../data/browserFiles';
import type { CustomData } from '../data/types';
import type { Config } from '../model/config';
import { forecastSample } from './metrics';
import { openBackend, openCpuBackend } from './openBackend';
import type { FromWorker, ToWorker } from './protocol';
import { prepareRun } from './session';
import { Trainer } from './trainer';
import { browserWasmPlatform } from './wasm/browserPlatform';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker) => self.postMessage(message);

let trainer: Trainer | null = null;
/** Bumped by each start: a run superseded while it was preparing stops at its next await. */
let generation = 0;
let delayMs = 0;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  const { config, custom, engine = 'auto', oneEpoch = false } = message;
  const mine = ++generation;
  trainer?.stop();
  trainer?.dispose();
  trainer = null;
  post({ type: 'state', state: 'preparing' });
  try {
    const run = await prepareRun(config, readBrowserDataFile, custom);
    const platform = browserWasmPlatform();
    const opened = await openBackend(config, run.dataset, run.weights, platform, engine);
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
      fallback: async (weights) => (await openCpuBackend(config, run.dataset, weights, platform)).backend,
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
      },
    });
    current.setDelay(delayMs);
    if (oneEpoch) current.stepEpoch();
    trainer = current;
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
  }
};
