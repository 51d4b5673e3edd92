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

describe('every kind of difference, as its label says it', () => {
  const label = (run: typeof base, max = 9) => runLabel(run, base, t, max);

  it('the data: another set by name, own data by its name, one knob with its value', () => {
    expect(label({ ...base, dataset: { ...base.dataset, name: 'adding' } })).toBe('adding');
    expect(label({ ...base, dataset: { ...base.dataset, name: 'custom', customName: 'mine.csv' } })).toBe(
      'mine.csv',
    );
    // The same set, only another own file's name.
    const mine = { ...base.dataset, name: 'custom' as const, customName: 'a.csv' };
    expect(
      runLabel({ ...base, dataset: mine }, { ...base, dataset: { ...mine, customName: 'b.csv' } }, t),
    ).toBe('a.csv');
    expect(label({ ...base, dataset: { ...base.dataset, timesteps: 40 } })).toBe('timesteps 40');
  });

  it('the cell, the direction, the optimizer, in Keras’s words', () => {
    expect(label({ ...base, cell: 'gru' })).toBe('GRU');
    expect(label({ ...base, bidirectional: true })).toBe('Bidirectional');
    expect(runLabel(base, { ...base, bidirectional: true }, t)).toBe('one direction');
    expect(label({ ...base, optimizer: 'sgd' })).toBe('sgd');
  });

  it('the attention a past run had, or "no attention"', () => {
    expect(label({ ...base, attention: 'additive' })).toBe('Attention(additive)');
    expect(runLabel({ ...base, attention: 'dot' }, { ...base, attention: 'additive' }, t)).toBe(
      'Attention(dot)',
    );
    expect(runLabel(base, { ...base, attention: 'dot' }, t)).toBe('no attention');
    expect(runLabel(base, { ...base, attention: 'dot' }, translator('zh-CN'))).toBe('无 attention');
  });

  it('a translation run’s decoder score, in the page’s language; none where no decoder was trained', () => {
    const dates = { ...base, dataset: { ...base.dataset, name: 'dates' as const } };
    const dot = { ...dates, decoderAttention: 'dot' as const };
    expect(runLabel(dot, dates, t)).toBe('Decoder: Attention(dot)');
    expect(runLabel(dates, dot, translator('zh-CN'))).toBe('解码器: Attention(general)');
    // Two runs on the sine data: the knob built nothing, so it names nothing.
    expect(runLabel({ ...base, decoderAttention: 'dot' }, base, t)).toBe(t('sameConfig'));
  });

  it('every number knob by its short name; 0 of L1, L2 and clipnorm says "no …"', () => {
    const run = {
      ...base,
      l1: 0.01,
      l2: 0.02,
      learningRate: 0.5,
      batchSize: 64,
      epochs: 7,
      clipnorm: 1,
      seed: 3,
    };
    expect(label(run)).toBe('L1 0.01, L2 0.02, lr 0.5, batch 64, epochs 7, clipnorm 1, seed 3');
    expect(runLabel(base, run, t, 9)).toBe(
      'no L1, no L2, lr 0.01, batch 32, epochs 60, no clipnorm, seed 42',
    );
  });

  it('early stopping on both with another patience is a difference; "…" only past `max`', () => {
    const es = (patience: number) => ({
      ...base,
      earlyStopping: { ...base.earlyStopping, enabled: true, patience },
    });
    expect(runLabel(es(5), es(8), t)).toBe('early stopping (patience 5)');
    expect(runLabel(es(5), es(5), t)).toBe('same settings');
    const three = { ...base, seed: 1, epochs: 2, batchSize: 16 };
    expect(label(three, 3)).toBe('batch 16, epochs 2, seed 1');
    expect(label(three, 2)).toBe('batch 16, epochs 2, …');
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits and uses exponents for tiny values', () => {
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(0.0001)).toBe('1.0e-4');
    expect(formatNumber(32)).toBe('32');
  });

  it('switches to exponents at 10,000 and below 0.001, both signs; 0 is 0', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(9999)).toBe('10000');
    expect(formatNumber(10_000)).toBe('1.0e+4');
    expect(formatNumber(-12_345)).toBe('-1.2e+4');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(0.000999)).toBe('1.0e-3');
  });
});
