import type { EpochReport, RunSummary } from '../engine/training/report';
import type { PastRun } from '../state/runHistory';
import { tintedCell } from './contrast';
import { decimate } from './decimate';
import { type EpochRange, overfittingStretches } from './overfitting';

/** Points per chart line: enough to look smooth, few enough to redraw well inside a frame. */
export const MAX_CHART_POINTS = 300;

export interface LossRow {
  epoch: number;
  train: number;
  val: number;
}

/** Losses that are not finite (a diverging run) are dropped from the lines, not drawn as spikes to ∞. */
export function lossRows(reports: readonly EpochReport[], maxPoints = MAX_CHART_POINTS): LossRow[] {
  const rows = reports
    .filter((r) => Number.isFinite(r.trainLoss) && Number.isFinite(r.valLoss))
    .map((r) => ({ epoch: r.epoch, train: r.trainLoss, val: r.valLoss }));
  return decimate(rows, maxPoints, (r) => r.val);
}

export interface RunMarkers {
  bestEpoch: number | null;
  bestValLoss: number | null;
  /** The epoch where early stopping ended the run; null if it ran its course or still runs. */
  stoppedEpoch: number | null;
}

export function runMarkers(reports: readonly EpochReport[], summary: RunSummary | null): RunMarkers {
  const last = reports[reports.length - 1];
  const bestEpoch = summary?.bestEpoch ?? last?.bestEpoch ?? null;
  const bestValLoss = summary?.bestValLoss ?? last?.bestValLoss ?? null;
  const stoppedEpoch = summary?.stoppedEarly && last ? last.epoch : null;
  return {
    bestEpoch: bestEpoch && bestEpoch > 0 ? bestEpoch : null,
    bestValLoss: bestValLoss !== null && Number.isFinite(bestValLoss) ? bestValLoss : null,
    stoppedEpoch,
  };
}

export function overfittingRanges(reports: readonly EpochReport[]): EpochRange[] {
  return overfittingStretches(
    reports.filter((r) => Number.isFinite(r.trainLoss) && Number.isFinite(r.valLoss)),
  );
}

export interface CompareLine {
  id: string;
  label: string;
  current: boolean;
  points: { epoch: number; valLoss: number }[];
}

/** The current run first, then past runs newest first; each line decimated on its own. */
export function compareLines(
  pastRuns: readonly PastRun[],
  current: readonly EpochReport[],
  currentLabel: string,
  labelOf: (run: PastRun) => string,
  maxPoints = MAX_CHART_POINTS,
): CompareLine[] {
  const finite = (p: { valLoss: number }) => Number.isFinite(p.valLoss);
  const lines: CompareLine[] = [];
  if (current.length > 0) {
    const points = current.filter(finite).map((r) => ({ epoch: r.epoch, valLoss: r.valLoss }));
    lines.push({
      id: 'current',
      label: currentLabel,
      current: true,
      points: decimate(points, maxPoints, (p) => p.valLoss),
    });
  }
  for (const run of pastRuns) {
    lines.push({
      id: `run${run.id}`,
      label: labelOf(run),
      current: false,
      points: decimate(run.curve.filter(finite), maxPoints, (p) => p.valLoss),
    });
  }
  return lines;
}

/** Share of a confusion row in one cell, 0..1, for the cell's shade. */
export function confusionShares(confusion: readonly number[][]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count) => (total > 0 ? count / total : 0));
  });
}

const CORRECT_TINT = [21, 128, 61] as const; // green-700
const WRONG_TINT = [185, 28, 28] as const; // red-700

/** A confusion cell's shade (its share of the row) and the ink that stays readable on it. */
export function confusionCellStyle(
  share: number,
  onDiagonal: boolean,
): { background: string; color: string } {
  return tintedCell(onDiagonal ? CORRECT_TINT : WRONG_TINT, share * 0.85);
}

/** SVG path of a small line plot of `values` in a width×height box (y up). */
export function sparklinePath(values: readonly number[], width: number, height: number, pad = 2): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const dx = (width - 2 * pad) / (values.length - 1);
  return values
    .map((v, i) => {
      const y = height - pad - ((Number.isFinite(v) ? v - min : 0) / span) * (height - 2 * pad);
      return `${i === 0 ? 'M' : 'L'}${(pad + i * dx).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Metrics in a fixed, readable precision: 0.8731 → "0.873", 1234.5 → "1235". */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 0.001 || abs === 0) return value.toPrecision(3);
  return value.toExponential(2);
}
