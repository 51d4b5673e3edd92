import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { changeKind } from './changeKind';

const base = DEFAULT_CONFIG;

describe('changeKind', () => {
  it('applies dropout, L2 and early stopping live', () => {
    expect(changeKind(base, { ...base, dropout: 0.2 })).toBe('live');
    expect(changeKind(base, { ...base, l2: 0.01 })).toBe('live');
    expect(changeKind(base, { ...base, earlyStopping: { ...base.earlyStopping, enabled: true } })).toBe(
      'live',
    );
  });

  it('restarts for model, optimizer and data changes, even when mixed with a live one', () => {
    expect(changeKind(base, { ...base, layers: [16] })).toBe('restart');
    expect(changeKind(base, { ...base, learningRate: 0.1, dropout: 0.2 })).toBe('restart');
    expect(changeKind(base, { ...base, dataset: { ...base.dataset, noise: 1 } })).toBe('restart');
  });

  it('restarts for attention on, off or another score: the model gains or loses layers', () => {
    expect(changeKind(base, { ...base, attention: 'additive' })).toBe('restart');
    expect(changeKind({ ...base, attention: 'additive' }, { ...base, attention: 'dot' })).toBe('restart');
    expect(changeKind({ ...base, attention: 'dot' }, { ...base, attention: 'dot', l2: 0.01 })).toBe('live');
  });

  it('restarts for another decoder score: general has a weight matrix dot has not', () => {
    const dates = { ...base, dataset: { ...base.dataset, name: 'dates' as const, timesteps: 30 } };
    expect(changeKind(dates, { ...dates, decoderAttention: 'dot' })).toBe('restart');
    expect(changeKind({ ...dates, decoderAttention: 'dot' }, { ...dates, decoderAttention: 'general' })).toBe(
      'restart',
    );
  });

  it('sees no change in an equal copy', () => {
    expect(changeKind(base, structuredClone(base))).toBe('none');
  });
});
