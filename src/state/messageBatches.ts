import type { FromWorker } from '../engine/host/protocol';
import type { ForecastSample } from '../engine/training/report';

const SETUP = new Set<FromWorker['type']>(['ready', 'preview', 'notice', 'error']);

export interface SplitBatch {
  /** Consecutive messages of one kind (setup, or run progress), in arrival order. */
  chunks: FromWorker[][];
  /** The latest forecast of the batch, taken off its epoch message (drawn in a task of its own). */
  forecast: ForecastSample[] | undefined;
}

/**
 * Splits one batch of worker messages into pieces the page applies in separate tasks. A run's
 * start brings the dataset summary and the backend (a new preview, a badge) next to the first
 * epochs (the charts); each redraws different panels, and one task holding all of them is the
 * kind that blocks input on a busy machine. Applied in order, the pieces give the same state as
 * the whole batch.
 */
export function splitBatch(batch: readonly FromWorker[]): SplitBatch {
  const chunks: FromWorker[][] = [];
  let forecast: ForecastSample[] | undefined;
  let lastSetup: boolean | undefined;
  for (const msg of batch) {
    let stripped = msg;
    if (msg.type === 'epoch' && msg.forecast) {
      forecast = msg.forecast;
      stripped = { type: 'epoch', report: msg.report };
    }
    const setup = SETUP.has(msg.type);
    if (setup !== lastSetup) chunks.push([]);
    chunks[chunks.length - 1].push(stripped);
    lastSetup = setup;
  }
  return { chunks, forecast };
}
