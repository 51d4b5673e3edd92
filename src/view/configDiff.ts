import type { Translate } from '../i18n';
import type { AttentionChoice, CellType, Config, DecoderScore } from '../model/config';
import { hasSequenceTarget } from '../model/sequenceTarget';
import { attentionClass, attentionOf, KERAS_CELL_NAMES } from './modelLine';

/**
 * What makes a past run different from the current settings, in the words a curve label needs:
 * "dropout 0.3" vs "no dropout". Only the past run's side is named: the legend reads "this run had…".
 */
export type Difference =
  | { kind: 'dataset'; value: string }
  | { kind: 'cell'; value: CellType }
  | { kind: 'bidirectional'; value: boolean }
  | { kind: 'attention'; value: AttentionChoice }
  /** A translation model's decoder score (only between two runs on a translation dataset). */
  | { kind: 'decoderAttention'; value: DecoderScore }
  | { kind: 'layers'; value: number[]; cell: CellType }
  | { kind: 'number'; key: NumberKey; value: number }
  | { kind: 'optimizer'; value: string }
  /** The three dropout knobs as one: a remedy is "dropout", however many places it acts. */
  | { kind: 'dropout'; value: Record<DropoutKey, number> }
  | { kind: 'earlyStopping'; enabled: boolean; patience: number };

const DROPOUT_KEYS = ['dropout', 'recurrentDropout', 'outputDropout'] as const;
type DropoutKey = (typeof DROPOUT_KEYS)[number];

const NUMBER_KEYS = ['l1', 'l2', 'learningRate', 'batchSize', 'epochs', 'clipnorm', 'seed'] as const;
type NumberKey = (typeof NUMBER_KEYS)[number];

const DATASET_KEYS = ['trainSize', 'noise', 'valFraction', 'timesteps'] as const;

export function configDiff(run: Config, current: Config): Difference[] {
  const out: Difference[] = [];
  const d = run.dataset;
  const c = current.dataset;
  if (d.name !== c.name || d.customName !== c.customName)
    out.push({ kind: 'dataset', value: d.customName ?? d.name });
  for (const key of DATASET_KEYS) {
    if (d[key] !== c[key]) out.push({ kind: 'dataset', value: `${key} ${d[key]}` });
  }
  if (run.cell !== current.cell) out.push({ kind: 'cell', value: run.cell });
  if (run.bidirectional !== current.bidirectional)
    out.push({ kind: 'bidirectional', value: run.bidirectional });
  if (run.attention !== current.attention) out.push({ kind: 'attention', value: run.attention });
  const translations = hasSequenceTarget(d.name) && hasSequenceTarget(c.name);
  if (translations && run.decoderAttention !== current.decoderAttention)
    out.push({ kind: 'decoderAttention', value: run.decoderAttention });
  if (run.layers.join() !== current.layers.join())
    out.push({ kind: 'layers', value: run.layers, cell: run.cell });
  if (run.optimizer !== current.optimizer) out.push({ kind: 'optimizer', value: run.optimizer });
  if (DROPOUT_KEYS.some((key) => run[key] !== current[key])) {
    const { dropout, recurrentDropout, outputDropout } = run;
    out.push({ kind: 'dropout', value: { dropout, recurrentDropout, outputDropout } });
  }
  for (const key of NUMBER_KEYS) {
    if (run[key] !== current[key]) out.push({ kind: 'number', key, value: run[key] });
  }
  const re = run.earlyStopping;
  const ce = current.earlyStopping;
  if (re.enabled !== ce.enabled || (re.enabled && re.patience !== ce.patience)) {
    out.push({ kind: 'earlyStopping', enabled: re.enabled, patience: re.patience });
  }
  return out;
}

const KERAS_NAMES: Record<NumberKey | DropoutKey, string> = {
  dropout: 'dropout',
  recurrentDropout: 'recurrent_dropout',
  outputDropout: 'output dropout',
  l1: 'L1',
  l2: 'L2',
  learningRate: 'lr',
  batchSize: 'batch',
  epochs: 'epochs',
  clipnorm: 'clipnorm',
  seed: 'seed',
};

/** Zero means "off" for these: the label says so instead of "dropout 0". */
const OFF_KEYS: Partial<Record<NumberKey, Parameters<Translate>[0]>> = {
  l1: 'noL1',
  l2: 'noL2',
  clipnorm: 'noClipnorm',
};

export function describeDifference(diff: Difference, t: Translate): string {
  switch (diff.kind) {
    case 'dataset':
      return diff.value;
    case 'cell':
      return KERAS_CELL_NAMES[diff.value];
    case 'bidirectional':
      return diff.value ? 'Bidirectional' : t('oneDirection');
    case 'attention': {
      const score = attentionOf(diff.value);
      return score ? attentionClass(score) : t('noAttention');
    }
    case 'decoderAttention':
      return `${t('modelDecoder')}: ${attentionClass(diff.value)}`;
    case 'layers':
      return `${KERAS_CELL_NAMES[diff.cell]}(${diff.value.join(', ')})`;
    case 'optimizer':
      return diff.value;
    case 'dropout': {
      const on = DROPOUT_KEYS.filter((key) => diff.value[key] > 0);
      if (on.length === 0) return t('noDropout');
      return on.map((key) => `${KERAS_NAMES[key]} ${formatNumber(diff.value[key])}`).join(' · ');
    }
    case 'earlyStopping':
      return diff.enabled ? t('earlyStoppingP', { p: diff.patience }) : t('noEarlyStopping');
    case 'number': {
      const off = OFF_KEYS[diff.key];
      if (diff.value === 0 && off) return t(off);
      return `${KERAS_NAMES[diff.key]} ${formatNumber(diff.value)}`;
    }
  }
}

/** Short, stable label for a run's curve; at most `max` differences, then "…". */
export function runLabel(run: Config, current: Config, t: Translate, max = 3): string {
  const diffs = configDiff(run, current);
  if (diffs.length === 0) return t('sameConfig');
  const parts = diffs.slice(0, max).map((d) => describeDifference(d, t));
  return diffs.length > max ? `${parts.join(', ')}, …` : parts.join(', ');
}

export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}
