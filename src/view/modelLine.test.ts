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

  it('a translation model names both halves: the encoder’s stack, the decoder and its attention, the per-step head', () => {
    const target = { steps: 10, vocabulary: [...'0123456789-'] };
    const dates = { layers: [64], cell: 'lstm' as const, bidirectional: false };
    expect(modelLine({ ...dates, decoderAttention: 'general' }, 110, target)).toBe(
      'Encoder: LSTM(64, return_sequences) → Decoder: LSTM(64) + Attention(general) → TimeDistributed(Dense(11, softmax))',
    );
    // The decoder is as wide as the encoder's states; the encoder's own attention does not apply.
    const bi = {
      layers: [32, 16],
      cell: 'gru' as const,
      bidirectional: true,
      attention: 'additive' as const,
    };
    expect(
      modelLine({ ...bi, decoderAttention: 'dot' }, 110, target, { encoder: '编码器', decoder: '解码器' }),
    ).toBe(
      '编码器: Bidirectional(GRU(32, return_sequences)) → Bidirectional(GRU(16, return_sequences)) → 解码器: LSTM(32) + Attention(dot) → TimeDistributed(Dense(11, softmax))',
    );
  });
});
