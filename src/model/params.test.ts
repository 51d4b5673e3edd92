import { describe, expect, it } from 'vitest';
import { allocWeights, modelShape, parameterCount, weightTensors } from './params';

/**
 * Parameter counts as Keras's model.summary() prints them, worked out by hand from Keras's own
 * formulas (F inputs, H units):
 *   LSTM       4 · (F·H + H·H + H)
 *   GRU        3 · (F·H + H·H + 2H)   reset_after=True: the recurrent product has its own bias
 *   SimpleRNN  F·H + H·H + H
 *   Bidirectional(layer)  2 × the layer; the next layer sees 2H inputs
 *   Dense      (inputs + 1) · outputs
 */
describe('parameterCount against Keras’s model.summary()', () => {
  it.each([
    {
      model: 'the seed article: LSTM(128, return_sequences) → LSTM(64) → Dense(10) on 8 channels',
      shape: modelShape([128, 64], 8, 10),
      // 4·(8·128 + 128·128 + 128) = 4·17,536 = 70,144
      // 4·(128·64 + 64·64 + 64) = 4·12,352 = 49,408
      // (64 + 1)·10 = 650
      total: 70_144 + 49_408 + 650, // 120,202
    },
    {
      model: 'GRU(32) → Dense(1) on 3 features',
      shape: modelShape([32], 3, 1, 'gru'),
      // 3·(3·32 + 32·32 + 2·32) = 3·1,184 = 3,552; (32 + 1)·1 = 33
      total: 3_552 + 33, // 3,585
    },
    {
      model: 'SimpleRNN(16) → Dense(2) on 5 features',
      shape: modelShape([16], 5, 2, 'simple_rnn'),
      // 5·16 + 16·16 + 16 = 352; (16 + 1)·2 = 34
      total: 352 + 34, // 386
    },
    {
      model: 'Bidirectional(LSTM(8)) → Bidirectional(LSTM(4)) → Dense(3) on 2 features',
      shape: modelShape([8, 4], 2, 3, 'lstm', true),
      // 2·4·(2·8 + 8·8 + 8) = 2·352 = 704
      // the second sees 2·8 = 16 inputs: 2·4·(16·4 + 4·4 + 4) = 2·336 = 672
      // the head sees 2·4 = 8: (8 + 1)·3 = 27
      total: 704 + 672 + 27, // 1,403
    },
    {
      model: 'Bidirectional(GRU(5)) → Dense(1) on 1 feature',
      shape: modelShape([5], 1, 1, 'gru', true),
      // 2·3·(1·5 + 5·5 + 2·5) = 2·120 = 240; (10 + 1)·1 = 11
      total: 240 + 11, // 251
    },
    {
      model: 'Bidirectional(SimpleRNN(6)) → Bidirectional(SimpleRNN(3)) → Dense(1) on 1 feature',
      shape: modelShape([6, 3], 1, 1, 'simple_rnn', true),
      // 2·(1·6 + 6·6 + 6) = 96; 2·(12·3 + 3·3 + 3) = 96; (6 + 1)·1 = 7
      total: 96 + 96 + 7, // 199
    },
  ])('$model', ({ shape, total }) => {
    expect(parameterCount(shape)).toBe(total);
    // The engines train exactly these: the tensors they allocate add up to the same count.
    expect(weightTensors(allocWeights(shape)).reduce((n, t) => n + t.length, 0)).toBe(total);
  });
});
