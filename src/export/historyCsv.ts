import type { EpochReport } from '../engine/training/report';

/**
 * A run's epoch history as CSV (one row per epoch, a header naming each column and its unit), for
 * spreadsheets and slides. Numbers are written as JavaScript prints them: full precision, a dot
 * for the decimal point, whatever the page's language.
 */
export function historyCsv(reports: readonly EpochReport[]): string {
  const task = reports[0]?.metrics.task ?? 'regression';
  const metricColumns =
    task === 'classification'
      ? ['val_accuracy', 'val_precision', 'val_recall', 'val_f1']
      : ['val_mae', 'val_rmse'];
  const header = [
    'epoch',
    'loss',
    'val_loss',
    ...metricColumns,
    'best_epoch',
    'best_val_loss',
    'steps_per_sec',
    'elapsed_s',
  ];
  const rows = reports.map((r) => {
    const m = r.metrics;
    const metrics = m.task === 'classification' ? [m.accuracy, m.precision, m.recall, m.f1] : [m.mae, m.rmse];
    return [
      r.epoch,
      r.trainLoss,
      r.valLoss,
      ...metrics,
      r.bestEpoch,
      r.bestValLoss,
      r.stepsPerSec,
      r.elapsedMs / 1000,
    ];
  });
  return `${[header, ...rows].map((row) => row.map(String).join(',')).join('\n')}\n`;
}
