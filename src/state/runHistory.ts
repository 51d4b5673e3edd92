import type { EpochReport } from '../engine/training/report';
import type { Config } from '../model/config';

/** A finished or abandoned run, kept for the compare overlay: its config and validation curve. */
export interface PastRun {
  id: number;
  config: Config;
  curve: { epoch: number; valLoss: number }[];
  bestValLoss: number;
}

export const MAX_PAST_RUNS = 5;

/** Adds the run to the front of the history (newest first), dropping the oldest past the cap. */
export function archiveRun(
  history: readonly PastRun[],
  id: number,
  config: Config | null,
  reports: readonly EpochReport[],
): PastRun[] {
  if (!config || reports.length === 0) return history.slice();
  const curve = reports.map((r) => ({ epoch: r.epoch, valLoss: r.valLoss }));
  const bestValLoss = reports.reduce((best, r) => Math.min(r.valLoss, best), Number.POSITIVE_INFINITY);
  return [{ id, config, curve, bestValLoss }, ...history].slice(0, MAX_PAST_RUNS);
}
