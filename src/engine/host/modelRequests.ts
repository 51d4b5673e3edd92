import { buildDataset, loadDataFiles, summarizeDataset } from '../../data';
import { readBrowserDataFile } from '../../data/browserFiles';
import { readCustomInput } from '../../data/customInput';
import { findWindowByWords, phraseWords } from '../../data/sentence';
import type { Dataset } from '../../data/types';
import { sameShape } from '../../model/params';
import { createReferenceBackend } from '../reference/backend';
import type { Trainer } from '../training/trainer';
import { sentenceAnswer } from './inside';
import type { WorkerReply, WorkerRequest } from './protocol';
import { prepareRun } from './session';

/**
 * The worker's answers to the page's one-off requests about the model (export, import), beside the
 * run it trains. Each request gets exactly one reply with its id.
 */

export interface CurrentRun {
  trainer: Trainer;
  dataset: Dataset;
}

/** A reply without its envelope (each member of the union on its own). */
type Reply = WorkerReply extends infer R ? (R extends WorkerReply ? Omit<R, 'id' | 'type'> : never) : never;

const copySplit = (s: Dataset['train']) => ({ n: s.n, x: s.x.slice(), y: s.y.slice() });

async function snapshotReply(
  request: Extract<WorkerRequest, { type: 'snapshot' }>,
  run: CurrentRun | null,
): Promise<Reply> {
  if (request.fromRun && run) {
    const { weights, epochsTrained } = await run.trainer.snapshot();
    // A copy: the reply's buffers are transferred, and the run goes on training on its own.
    const dataset = { ...run.dataset, train: copySplit(run.dataset.train), val: copySplit(run.dataset.val) };
    return { ok: true, origin: 'run', snapshot: { config: request.config, dataset, weights, epochsTrained } };
  }
  // No run: the model the next run would start from, which is a valid model too.
  const prepared = await prepareRun(
    request.config,
    readBrowserDataFile,
    request.custom && (await readCustomInput(request.custom)),
  );
  const imported = request.weights && sameShape(request.weights, prepared.weights) ? request.weights : null;
  return {
    ok: true,
    origin: imported ? 'imported' : 'initial',
    snapshot: {
      config: request.config,
      dataset: prepared.dataset,
      weights: imported ?? prepared.weights,
      epochsTrained: 0,
    },
  };
}

async function checkImportReply(request: Extract<WorkerRequest, { type: 'checkImport' }>): Promise<Reply> {
  const { config, model, weights } = request;
  const prepared = await prepareRun(
    config,
    readBrowserDataFile,
    request.custom && (await readCustomInput(request.custom)),
  );
  const { dataset } = prepared;
  if (
    dataset.features !== model.features ||
    dataset.outputs !== model.outputs ||
    dataset.task !== model.task
  ) {
    return {
      ok: false,
      code: 'datasetShape',
      message: `the model does not fit the dataset ${dataset.name}`,
      vars: {
        modelFeatures: String(model.features),
        modelOutputs: String(model.outputs),
        modelTask: model.task,
        dataset: dataset.name,
        features: String(dataset.features),
        outputs: String(dataset.outputs),
        task: dataset.task,
      },
    };
  }
  if (!sameShape(weights, prepared.weights))
    return { ok: false, message: 'the weights do not fit the model' };
  const backend = createReferenceBackend(config, dataset, weights);
  try {
    const { loss } = await backend.evaluate('val');
    return { ok: true, valLoss: loss, dataset: summarizeDataset(dataset) };
  } finally {
    backend.dispose();
  }
}

async function sentenceReply(text: string, run: CurrentRun | null): Promise<Reply> {
  const answer = await sentenceAnswer(text, run);
  if (answer.ok) return answer;
  const { code, ...vars } = answer;
  const values = Object.fromEntries(
    Object.entries(vars)
      .filter(([k]) => k !== 'ok')
      .map(([k, v]) => [k, String(v)]),
  );
  return { ok: false, code, message: code, vars: values };
}

/** Finds a validation example by its words, in the dataset the config builds (as a run would). */
async function findWindowReply(request: Extract<WorkerRequest, { type: 'findWindow' }>): Promise<Reply> {
  const { config } = request;
  const files = await loadDataFiles(config.dataset.name, readBrowserDataFile);
  const custom = request.custom && (await readCustomInput(request.custom));
  const dataset = buildDataset(config.dataset, config.seed, files, custom);
  if (!dataset.vocabulary) return { ok: false, code: 'sentenceNotText', message: 'not a text dataset' };
  const { val, timesteps } = dataset;
  const window = findWindowByWords(val.x, val.n, timesteps, dataset.vocabulary, request.phrase);
  return { ok: true, window, phrase: phraseWords(request.phrase).join(' '), valSize: val.n };
}

/** The reply to a request; a failure (a dataset that cannot be built…) is a reply too. */
export async function answer(request: WorkerRequest, run: CurrentRun | null): Promise<WorkerReply> {
  try {
    const reply =
      request.type === 'snapshot'
        ? await snapshotReply(request, run)
        : request.type === 'sentence'
          ? await sentenceReply(request.text, run)
          : request.type === 'findWindow'
            ? await findWindowReply(request)
            : await checkImportReply(request);
    return { type: 'reply', id: request.id, ...reply } as WorkerReply;
  } catch (error) {
    return {
      type: 'reply',
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The ArrayBuffers of a reply, to transfer rather than copy (a dataset can be tens of MB). */
export function transferables(reply: WorkerReply): ArrayBuffer[] {
  if (reply.ok && 'sentence' in reply)
    return reply.sentence.readout ? [reply.sentence.readout.buffer as ArrayBuffer] : [];
  if (!reply.ok || !('snapshot' in reply)) return [];
  const { dataset, weights } = reply.snapshot;
  const buffers = [
    dataset.train.x,
    dataset.train.y,
    dataset.val.x,
    dataset.val.y,
    weights.headKernel,
    weights.headBias,
  ];
  for (const l of weights.layers) buffers.push(l.kernel, l.recurrent, l.bias);
  return [...new Set(buffers.map((b) => b.buffer as ArrayBuffer))];
}
