import type { Config } from '../model/config';

/**
 * How a config change reaches a running model. Dropout, L1/L2 and early stopping can be swapped
 * between epochs (the worker has messages for them); anything else needs a fresh model.
 */
export type ChangeKind = 'none' | 'live' | 'restart';

const LIVE_KEYS = ['dropout', 'recurrentDropout', 'outputDropout', 'l1', 'l2', 'earlyStopping'] as const;

export function changeKind(prev: Config, next: Config): ChangeKind {
  const strip = (c: Config) => {
    const copy: Partial<Config> = { ...c };
    for (const key of LIVE_KEYS) delete copy[key];
    return JSON.stringify(copy);
  };
  if (strip(prev) !== strip(next)) return 'restart';
  const live = LIVE_KEYS.some((key) => JSON.stringify(prev[key]) !== JSON.stringify(next[key]));
  return live ? 'live' : 'none';
}

export function earlyStoppingChanged(prev: Config, next: Config): boolean {
  return JSON.stringify(prev.earlyStopping) !== JSON.stringify(next.earlyStopping);
}
