import type { ForecastSample, FromWorker } from '../engine/protocol';
import { setTransport, usePlayground } from './store';

/**
 * Owns the training worker. Messages are queued and folded into the store a few times a second:
 * a tiny model finishes dozens of epochs a second, and redrawing the charts for each would keep
 * the main thread busy. Five updates a second still reads as live.
 */
const FLUSH_MS = 250;
let queue: FromWorker[] = [];
let scheduled = false;

function flush() {
  scheduled = false;
  const batch = queue;
  queue = [];
  if (batch.length === 0) return;
  // The forecast plot is a second chart: redraw it in its own task so no one task holds both.
  let forecast: ForecastSample[] | undefined;
  const stripped = batch.map((msg) => {
    if (msg.type !== 'epoch' || !msg.forecast) return msg;
    forecast = msg.forecast;
    return { type: msg.type, report: msg.report };
  });
  usePlayground.getState().receive(stripped);
  if (forecast) {
    const latest = forecast;
    setTimeout(() => usePlayground.getState().showForecast(latest), 0);
  }
}

function enqueue(msg: FromWorker) {
  queue.push(msg);
  if (scheduled) return;
  scheduled = true;
  // Paint-aligned where the tab is visible; rAF does not fire in a hidden tab, the timer alone does.
  setTimeout(() => {
    if (document.hidden) flush();
    else requestAnimationFrame(flush);
  }, FLUSH_MS);
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
