import type { WorkProgress } from '../engine/training/report';
import type { MessageKey } from '../i18n';

/**
 * Every long wait in the page, said the same way: what is happening, how far it has got when that
 * is known (a bar with a count), and the time left when there is a pace to go by.
 */
export interface ProgressView {
  label: { key: MessageKey; vars: Record<string, number> };
  /** Steps done and to do; absent: the bar moves without a count. */
  done?: number;
  total?: number;
  left?: { key: MessageKey; vars: { n: number } };
}

/** "about 40 s left", "about 12 min left", "about 3 h left": rounded as a person would say it. */
export function timeLeft(ms: number): { key: MessageKey; vars: { n: number } } {
  const s = ms / 1000;
  if (s < 90) return { key: 'progressLeftS', vars: { n: Math.max(5, Math.round(s / 5) * 5) } };
  if (s < 90 * 60) return { key: 'progressLeftMin', vars: { n: Math.round(s / 60) } };
  return { key: 'progressLeftH', vars: { n: Math.round(s / 3600) } };
}

/**
 * The wait to show, or null. Training progress is shown only for the epoch under way: once its
 * report is in (`lastEpoch`), the epoch counter says it.
 */
export function progressView(progress: WorkProgress | null, lastEpoch: number): ProgressView | null {
  if (!progress) return null;
  if (progress.task !== 'train') {
    return { label: { key: progress.task === 'dataset' ? 'progressDataset' : 'progressCompile', vars: {} } };
  }
  if (progress.epoch <= lastEpoch) return null;
  const { epoch, step, steps, etaMs } = progress;
  return {
    label: { key: 'progressTrain', vars: { epoch, step, steps } },
    done: step,
    total: steps,
    ...(etaMs !== null ? { left: timeLeft(etaMs) } : {}),
  };
}
