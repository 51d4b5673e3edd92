import type { Config } from '../model/config';

/**
 * The changes applied to a running model (changeKind 'live'): which knob, from what to what, and
 * the epoch they took effect, so the loss chart can mark where the run changed course. Kept with
 * the run: they stay on the chart when it is paused or finished, and leave with it.
 */
export type LiveKnob =
  | 'dropout'
  | 'recurrentDropout'
  | 'outputDropout'
  | 'l1'
  | 'l2'
  | 'earlyStopping'
  | 'patience'
  | 'minDelta'
  | 'restoreBestWeights';

export interface LiveChange {
  knob: LiveKnob;
  from: number | boolean;
  to: number | boolean;
}

/** Changes that took effect at one epoch: its first training step ran with them. */
export interface LiveMark {
  epoch: number;
  changes: LiveChange[];
}

const knobValue = (c: Config, knob: LiveKnob): number | boolean => {
  switch (knob) {
    case 'earlyStopping':
      return c.earlyStopping.enabled;
    case 'patience':
      return c.earlyStopping.patience;
    case 'minDelta':
      return c.earlyStopping.minDelta;
    case 'restoreBestWeights':
      return c.earlyStopping.restoreBestWeights;
    default:
      return c[knob];
  }
};

const KNOBS: readonly LiveKnob[] = [
  'dropout',
  'recurrentDropout',
  'outputDropout',
  'l1',
  'l2',
  'earlyStopping',
  'patience',
  'minDelta',
  'restoreBestWeights',
];

/** The live knobs that differ between two configs, in the controls' order. */
export function liveChanges(prev: Config, next: Config): LiveChange[] {
  return KNOBS.filter((knob) => knobValue(prev, knob) !== knobValue(next, knob)).map((knob) => ({
    knob,
    from: knobValue(prev, knob),
    to: knobValue(next, knob),
  }));
}

/**
 * Adds changes that took effect at `epoch`. Changes at the epoch of the last mark join it (a knob
 * changed twice keeps its first "from" and its last "to"; one changed back is no change at all).
 */
export function addLiveMark(
  marks: readonly LiveMark[],
  epoch: number,
  changes: readonly LiveChange[],
): LiveMark[] {
  const last = marks[marks.length - 1];
  if (!last || last.epoch !== epoch) {
    return changes.length > 0 ? [...marks, { epoch, changes: [...changes] }] : marks.slice();
  }
  const merged = last.changes.map((c) => ({ ...c }));
  for (const change of changes) {
    const same = merged.find((c) => c.knob === change.knob);
    if (same) same.to = change.to;
    else merged.push({ ...change });
  }
  const kept = merged.filter((c) => c.from !== c.to);
  const before = marks.slice(0, -1);
  return kept.length > 0 ? [...before, { epoch, changes: kept }] : before;
}
