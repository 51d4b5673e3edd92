import type {
  FromWorker,
  ToWorker,
  WorkerReply,
  WorkerRequest,
  WorkerRequestBody,
} from '../engine/host/protocol';
import { splitBatch } from './messageBatches';
import { setTransport, usePlayground } from './store';

/**
 * Owns the training worker. Messages are queued and folded into the store a few times a second:
 * a tiny model finishes dozens of epochs a second, and redrawing the charts for each would keep
 * the main thread busy. Four updates a second still read as live.
 *
 * Each batch is applied as a few short tasks (see splitBatch), from timers rather than inside an
 * animation frame: the browser's own style, layout and paint then run in a task of their own, and
 * no single task holds the update and the redraw together. On a machine whose cores are busy with
 * the training itself, a task's wall time is several times its CPU time, so short tasks matter.
 */
const FLUSH_MS = 250;
let queue: FromWorker[] = [];
let scheduled = false;
const steps: (() => void)[] = [];

function runNextStep() {
  steps.shift()?.();
  if (steps.length > 0) setTimeout(runNextStep, 0);
}

function inTasks(work: (() => void)[]) {
  const idle = steps.length === 0;
  steps.push(...work);
  if (idle && steps.length > 0) setTimeout(runNextStep, 0);
}

function flush() {
  scheduled = false;
  const batch = queue;
  queue = [];
  if (batch.length === 0) return;
  const { chunks, forecast } = splitBatch(batch);
  const store = usePlayground.getState;
  inTasks([
    ...chunks.map((chunk) => () => store().receive(chunk)),
    ...(forecast ? [() => store().showForecast(forecast)] : []),
  ]);
}

function enqueue(msg: FromWorker) {
  queue.push(msg);
  if (scheduled) return;
  scheduled = true;
  setTimeout(flush, FLUSH_MS);
}

/** Requests waiting for their reply, by id. Replies skip the batching queue: nothing draws them. */
const pending = new Map<number, (reply: WorkerReply) => void>();
let nextId = 1;
let requestSender: ((msg: WorkerRequest) => void) | null = null;

/** Sends a one-off request (export snapshot, import check) and resolves with the worker's reply. */
export function requestWorker(request: WorkerRequestBody): Promise<WorkerReply> {
  const send = requestSender;
  if (!send) return Promise.reject(new Error('the training worker is not running'));
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    send({ ...request, id } as WorkerRequest);
  });
}

export function connectWorker(): Worker {
  const worker = new Worker(new URL('../engine/host/worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const msg = event.data;
    if (msg.type !== 'reply') return enqueue(msg);
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  };
  requestSender = (msg) => worker.postMessage(msg);
  worker.onerror = (event) => {
    event.preventDefault();
    enqueue({ type: 'error', message: event.message || 'the training worker failed to start' });
  };
  setTransport((msg) => worker.postMessage(msg));
  // The badge names the engine before Train: the worker says which one a run would take here.
  const { engine } = usePlayground.getState();
  worker.postMessage({ type: 'plan', ...(engine !== 'auto' ? { engine } : {}) } satisfies ToWorker);
  return worker;
}
