import type { MessageKey, Translate } from '../i18n';
import type { LiveChange, LiveKnob, LiveMark } from '../state/liveChanges';

/** Each live knob under the name its control shows (Keras's, where Keras has one). */
const KNOB_NAMES: Record<LiveKnob, MessageKey> = {
  dropout: 'dropout',
  recurrentDropout: 'recurrentDropout',
  outputDropout: 'outputDropout',
  l1: 'l1',
  l2: 'l2',
  earlyStopping: 'earlyStoppingName',
  patience: 'patience',
  minDelta: 'minDelta',
  restoreBestWeights: 'restoreBest',
};

const valueText = (value: number | boolean, t: Translate) =>
  typeof value === 'boolean' ? t(value ? 'switchedOn' : 'switchedOff') : String(value);

const changeText = (c: LiveChange, t: Translate) =>
  `${t(KNOB_NAMES[c.knob])} ${valueText(c.from, t)} → ${valueText(c.to, t)}`;

/** "epoch 12: dropout 0 → 0.3, L2 0 → 0.001": what changed, and from which epoch. */
export function liveMarkText(mark: LiveMark, t: Translate): string {
  return t('liveChangeAt', {
    epoch: mark.epoch,
    changes: mark.changes.map((c) => changeText(c, t)).join(', '),
  });
}

/** The knobs a change belongs to, as the remedies name them: the three dropouts are one. */
const FAMILY: Record<LiveKnob, MessageKey> = {
  dropout: 'dropout',
  recurrentDropout: 'dropout',
  outputDropout: 'dropout',
  l1: 'l1',
  l2: 'l2',
  earlyStopping: 'earlyStoppingName',
  patience: 'earlyStoppingName',
  minDelta: 'earlyStoppingName',
  restoreBestWeights: 'earlyStoppingName',
};

/** "dropout, L2 changed": short enough to stand at the mark's line (the list says the rest). */
export function liveMarkShortText(mark: LiveMark, t: Translate): string {
  const names = [...new Set(mark.changes.map((c) => FAMILY[c.knob]))].map((key) => t(key));
  return t('liveChangeShort', { knobs: names.join(', ') });
}

/**
 * The marks the loss chart draws: all of them while the run goes on (a change made now marks the
 * next epoch, ahead of the curve), only those inside it once it has ended (a change that came
 * after its last epoch changed nothing).
 */
export function marksOnChart(marks: readonly LiveMark[], lastEpoch: number, ended: boolean): LiveMark[] {
  return ended ? marks.filter((m) => m.epoch <= lastEpoch) : marks.slice();
}
