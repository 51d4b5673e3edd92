import type { FromWorker } from '../engine/protocol';
import { setTransport, usePlayground } from './store';

/**
 * Owns the training worker. Messages are queued and folded into the store once per animation
 * frame: a tiny model can finish dozens of epochs a second, and one render per frame keeps the
 * main thread free.
 */
let queue: FromWorker[] = [];
let scheduled = false;

function flush() {
  scheduled = false;
  const batch = queue;
  queue = [];
  if (batch.length > 0) usePlayground.getState().receive(batch);
}

function enqueue(msg: FromWorker) {
  queue.push(msg);
  if (scheduled) return;
  scheduled = true;
  // rAF does not fire in a hidden tab; a timer keeps the run's state current there.
  if (typeof document !== 'undefined' && document.hidden) setTimeout(flush, 100);
  else requestAnimationFrame(flush);
}

export function connectWorker(): Worker {
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => enqueue(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    enqueue({ type: 'error', message: event.message || 'the training worker failed to start' });
  };
  setTransport((msg) => worker.postMessage(msg));
  return worker;
}
