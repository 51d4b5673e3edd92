import type { ToWorker } from '../../../src/engine/host/protocol';
import type { EpochReport } from '../../../src/engine/training/report';
import { setTransport } from '../../../src/state/store';

/** A regression epoch's report whose losses fall as 1/epoch (validation 1.2/epoch), always the best. */
export const epochReport = (epoch: number): EpochReport => ({
  epoch,
  step: epoch * 4,
  trainLoss: 1 / epoch,
  valLoss: 1.2 / epoch,
  metrics: { task: 'regression', mae: 0.1, rmse: 0.2 },
  stepsPerSec: 100,
  elapsedMs: epoch * 10,
  bestEpoch: epoch,
  bestValLoss: 1.2 / epoch,
});

/** The messages the store sends to the worker, captured in place of a worker; emptied per call. */
export function captureWorkerMessages(sent: ToWorker[]): void {
  sent.length = 0;
  setTransport((m) => sent.push(m));
}
