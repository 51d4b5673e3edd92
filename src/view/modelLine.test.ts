import { describe, expect, it } from 'vitest';
import { modelLine } from './modelLine';

describe('the model line reads like Keras', () => {
  it('an LSTM stack, as the seed article writes it', () => {
    expect(modelLine({ layers: [128, 64], cell: 'lstm', bidirectional: false }, 10)).toBe(
      'LSTM(128, return_sequences) → LSTM(64) → Dense(10)',
    );
  });
  it('Bidirectional GRU layers, the head left out until the data is known', () => {
    expect(modelLine({ layers: [64, 32], cell: 'gru', bidirectional: true })).toBe(
      'Bidirectional(GRU(64, return_sequences)) → Bidirectional(GRU(32))',
    );
  });
  it('SimpleRNN', () => {
    expect(modelLine({ layers: [16], cell: 'simple_rnn', bidirectional: false }, 1)).toBe(
      'SimpleRNN(16) → Dense(1)',
    );
  });
  it('attention: the last layer returns its sequences to it, then the head reads the context', () => {
    expect(modelLine({ layers: [32], cell: 'lstm', bidirectional: false, attention: 'additive' }, 1)).toBe(
      'LSTM(32, return_sequences) → Attention(additive) → Dense(1)',
    );
    expect(modelLine({ layers: [4, 3], cell: 'gru', bidirectional: true, attention: 'dot' }, 3)).toBe(
      'Bidirectional(GRU(4, return_sequences)) → Bidirectional(GRU(3, return_sequences)) → Attention(dot) → Dense(3)',
    );
    expect(modelLine({ layers: [32], cell: 'lstm', bidirectional: false, attention: 'none' }, 1)).toBe(
      'LSTM(32) → Dense(1)',
    );
  });
});
