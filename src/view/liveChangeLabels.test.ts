import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
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
  });
});
