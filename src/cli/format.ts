import type { EpochReport, RunSummary } from '../engine/training/report';

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

/** One human-readable line per epoch, Keras-like. */
export function formatEpoch(r: EpochReport): string {
  const metrics =
    r.metrics.task === 'classification'
      ? r.metrics.characterAccuracy !== undefined
        ? // A translation model: whole outputs right, and characters right.
          `exact ${fmt(r.metrics.accuracy)}  char_acc ${fmt(r.metrics.characterAccuracy)}  f1 ${fmt(r.metrics.f1)}`
        : `acc ${fmt(r.metrics.accuracy)}  f1 ${fmt(r.metrics.f1)}`
      : `mae ${fmt(r.metrics.mae)}  rmse ${fmt(r.metrics.rmse)}`;
  const best = r.bestEpoch === r.epoch ? ' *' : '';
  return `epoch ${String(r.epoch).padStart(3)}  loss ${fmt(r.trainLoss)}  val_loss ${fmt(r.valLoss)}${best}  ${metrics}  ${r.stepsPerSec.toFixed(1)} steps/s`;
}

export function formatSummary(s: RunSummary & { finalValLoss: number; elapsedMs: number }): string {
  const why = {
    epochs: 'all epochs done',
    'early-stopping': 'early stopping',
    diverged: `diverged: ${s.message ?? ''}`,
    stopped: 'stopped',
  }[s.reason];
  return `done (${why}) in ${(s.elapsedMs / 1000).toFixed(1)} s: best val_loss ${fmt(s.bestValLoss)} at epoch ${s.bestEpoch}; final val_loss ${fmt(s.finalValLoss)}`;
}
