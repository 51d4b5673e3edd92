import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { DEFAULT_CONFIG } from '../model/config';
import { configDiff, formatNumber, runLabel } from './configDiff';

const t = translator('en');
const base = DEFAULT_CONFIG;

describe('runLabel', () => {
  it('names a dropout the past run had', () => {
    expect(runLabel({ ...base, dropout: 0.3 }, base, t)).toBe('dropout 0.3');
  });

  it('names the three dropout knobs as one difference', () => {
    const remedy = { ...base, dropout: 0.3, recurrentDropout: 0.3, outputDropout: 0.4 };
    expect(runLabel(base, remedy, t)).toBe('no dropout');
    expect(runLabel(remedy, base, t)).toBe('dropout 0.3 · recurrent_dropout 0.3 · output dropout 0.4');
  });

  it('says "no dropout" when the past run had none and the current one has some', () => {
    expect(runLabel(base, { ...base, dropout: 0.3 }, t)).toBe('no dropout');
  });

  it('says "same settings" for identical configs', () => {
    expect(runLabel(base, structuredClone(base), t)).toBe('same settings');
  });

  it('names layers in Keras style and cuts long lists', () => {
    const run = { ...base, layers: [64, 32], l2: 0.001, learningRate: 0.003, seed: 1 };
    expect(runLabel(run, base, t)).toBe('LSTM(64, 32), L2 0.001, lr 0.003, …');
  });

  it('describes early stopping on and off', () => {
    const on = { ...base, earlyStopping: { ...base.earlyStopping, enabled: true, patience: 5 } };
    expect(runLabel(on, base, t)).toBe('early stopping (patience 5)');
    expect(runLabel(base, on, t)).toBe('no early stopping');
  });

  it('speaks the chosen language', () => {
    expect(runLabel(base, { ...base, dropout: 0.3 }, translator('zh-CN'))).toBe('无 dropout');
  });
});

describe('configDiff', () => {
  it('lists dataset knob changes and ignores patience while early stopping is off on both', () => {
    const run = {
      ...base,
      dataset: { ...base.dataset, noise: 0.9 },
      earlyStopping: { ...base.earlyStopping, patience: 99 },
    };
    expect(configDiff(run, base)).toEqual([{ kind: 'dataset', value: 'noise 0.9' }]);
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits and uses exponents for tiny values', () => {
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(0.0001)).toBe('1.0e-4');
    expect(formatNumber(32)).toBe('32');
  });
});
