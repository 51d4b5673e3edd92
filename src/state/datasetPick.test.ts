import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { pickDataset } from './datasetPick';

describe('picking a dataset in the page', () => {
  it('the dates dataset turns the encoder’s attention off, and a notice names the score', () => {
    const { config, notice } = pickDataset({ ...DEFAULT_CONFIG, attention: 'dot' }, 'dates');
    expect(config.dataset.name).toBe('dates');
    expect(config.attention).toBe('none');
    expect(config.decoderAttention).toBe(DEFAULT_CONFIG.decoderAttention);
    expect(notice).toMatchObject({ key: 'encoderAttentionOff', level: 'info', vars: { score: 'dot' } });
  });

  it('keeps attention for other datasets, and says nothing when there was none to turn off', () => {
    const attended = { ...DEFAULT_CONFIG, attention: 'additive' as const };
    expect(pickDataset(attended, 'adding')).toEqual({
      config: { ...attended, dataset: { ...attended.dataset, name: 'adding' } },
      notice: null,
    });
    expect(pickDataset(DEFAULT_CONFIG, 'dates').notice).toBeNull();
  });

  it('a built-in set forgets the own data’s name; the given config is left as it was', () => {
    const own = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom' as const, customName: 'mine.csv' },
    };
    expect(pickDataset(own, 'dates').config.dataset.customName).toBeUndefined();
    expect(own.dataset).toMatchObject({ name: 'custom', customName: 'mine.csv' });
  });
});
