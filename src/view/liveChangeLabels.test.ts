import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import type { LiveKnob } from '../state/liveChanges';
import { liveMarkShortText, liveMarkText, marksOnChart } from './liveChangeLabels';

const dropoutOn = {
  epoch: 12,
  changes: [
    { knob: 'dropout' as const, from: 0, to: 0.3 },
    { knob: 'l2' as const, from: 0, to: 0.001 },
  ],
};
const stoppingOn = {
  epoch: 20,
  changes: [
    { knob: 'earlyStopping' as const, from: false, to: true },
    { knob: 'patience' as const, from: 8, to: 6 },
  ],
};

describe('liveMarkText', () => {
  it('names each knob, its old and new value and the epoch, in English', () => {
    const t = translator('en');
    expect(liveMarkText(dropoutOn, t)).toBe('epoch 12: dropout 0 → 0.3, L2 0 → 0.001');
    expect(liveMarkText(stoppingOn, t)).toBe('epoch 20: EarlyStopping off → on, patience 8 → 6');
  });

  it('and in Chinese', () => {
    const t = translator('zh-CN');
    expect(liveMarkText(dropoutOn, t)).toBe('第 12 轮：dropout 0 → 0.3, L2 0 → 0.001');
    expect(liveMarkText(stoppingOn, t)).toBe('第 20 轮：EarlyStopping 关 → 开, patience 耐心 8 → 6');
  });
});

describe('liveMarkShortText', () => {
  it('names the remedies that changed, the three dropouts as one', () => {
    const threeDropouts = {
      epoch: 3,
      changes: [
        { knob: 'dropout' as const, from: 0, to: 0.2 },
        { knob: 'recurrentDropout' as const, from: 0, to: 0.2 },
        { knob: 'outputDropout' as const, from: 0, to: 0.3 },
      ],
    };
    expect(liveMarkShortText(threeDropouts, translator('en'))).toBe('dropout changed');
    expect(liveMarkShortText(dropoutOn, translator('en'))).toBe('dropout, L2 changed');
    expect(liveMarkShortText(stoppingOn, translator('zh-CN'))).toBe('EarlyStopping 已修改');
  });
});

describe('marksOnChart', () => {
  it('keeps a mark ahead of the curve while the run goes on, drops it once the run ended before it', () => {
    expect(marksOnChart([dropoutOn, stoppingOn], 19, false)).toEqual([dropoutOn, stoppingOn]);
    expect(marksOnChart([dropoutOn, stoppingOn], 19, true)).toEqual([dropoutOn]);
    expect(marksOnChart([dropoutOn, stoppingOn], 20, true)).toEqual([dropoutOn, stoppingOn]);
    // A new list either way: the caller's (the store's) is never handed back to be changed.
    const marks = [dropoutOn];
    expect(marksOnChart(marks, 19, false)).not.toBe(marks);
  });
});

describe('every live knob under its control’s name', () => {
  const t = translator('en');
  const mark = {
    epoch: 5,
    changes: [
      { knob: 'recurrentDropout' as const, from: 0, to: 0.2 },
      { knob: 'outputDropout' as const, from: 0.1, to: 0.4 },
      { knob: 'l1' as const, from: 0, to: 0.001 },
      { knob: 'minDelta' as const, from: 0, to: 0.01 },
      { knob: 'restoreBestWeights' as const, from: true, to: false },
    ],
  };

  it('the knobs the first tests leave out, Keras’s names, a switch as on and off', () => {
    expect(liveMarkText(mark, t)).toBe(
      'epoch 5: recurrent_dropout 0 → 0.2, output dropout 0.1 → 0.4, L1 0 → 0.001, min_delta 0 → 0.01, restore_best_weights on → off',
    );
  });

  it('the short line: each family once, in the order of the first change in it', () => {
    const one = (knob: LiveKnob) => ({
      epoch: 1,
      changes: [{ knob, from: 0, to: 1 }],
    });
    expect(
      (
        ['l1', 'patience', 'minDelta', 'restoreBestWeights', 'earlyStopping', 'outputDropout', 'l2'] as const
      ).map((knob) => liveMarkShortText(one(knob), t)),
    ).toEqual([
      'L1 changed',
      'EarlyStopping changed',
      'EarlyStopping changed',
      'EarlyStopping changed',
      'EarlyStopping changed',
      'dropout changed',
      'L2 changed',
    ]);
    expect(liveMarkShortText(mark, t)).toBe('dropout, L1, EarlyStopping changed');
  });
});
