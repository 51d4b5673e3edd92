import { describe, expect, it } from 'vitest';
import {
  allocWeights,
  cloneWeights,
  interleavedToKeras,
  isRegularized,
  kerasToInterleaved,
  modelShape,
  parameterCount,
  sameShape,
  weightTensors,
} from './params';

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

describe('the weight layout, worked by hand', () => {
  it('kerasToInterleaved moves Keras column g·H + j to G·j + g, row by row, and back', () => {
    // 2 rows, H = 2 units, G = 3 gates (a GRU): Keras's row is [z0 z1 r0 r1 h0 h1], the
    // interleaved row [z0 r0 h0 z1 r1 h1]. Row 2 is row 1 plus 10.
    const keras = Float32Array.from([1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16]);
    const interleaved = [1, 3, 5, 2, 4, 6, 11, 13, 15, 12, 14, 16];
    expect([...kerasToInterleaved(keras, 2, 2, 3)]).toEqual(interleaved);
    expect([...interleavedToKeras(Float32Array.from(interleaved), 2, 2, 3)]).toEqual([...keras]);
    // The LSTM's 4 gates are the default: one row, H = 2: [i0 i1 f0 f1 g0 g1 o0 o1].
    expect([...kerasToInterleaved(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 1, 2)]).toEqual([
      1, 3, 5, 7, 2, 4, 6, 8,
    ]);
    expect([...interleavedToKeras(Float32Array.from([1, 3, 5, 7, 2, 4, 6, 8]), 1, 2)]).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });

  it('isRegularized: kernels and recurrent kernels yes, biases no, in weightTensors order', () => {
    // LSTM, 2 layers: [W U b] [W U b], then the head's kernel and bias.
    expect(isRegularized(allocWeights(modelShape([3, 2], 1, 1)))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
    // Bidirectional GRU, 1 layer: forward [W U b rb], reverse [W U b rb], head.
    expect(isRegularized(allocWeights(modelShape([2], 1, 1, 'gru', true)))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
  });

  it('cloneWeights copies every tensor, the reverse direction and the GRU bias included', () => {
    const w = allocWeights(modelShape([2], 1, 1, 'gru', true));
    for (const [i, t] of weightTensors(w).entries()) t.fill(i + 1);
    const copy = cloneWeights(w);
    expect(weightTensors(copy).map((t) => [...t])).toEqual(weightTensors(w).map((t) => [...t]));
    expect(copy.layers[0].backward?.recurrentBias).toBeDefined();
    // A copy, not the same arrays: writing one leaves the other.
    for (const t of weightTensors(copy)) t.fill(0);
    expect(weightTensors(w).map((t) => t[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // An LSTM has no recurrent bias and no reverse direction, and its copy gets none.
    const lstm = cloneWeights(allocWeights(modelShape([2], 1, 1)));
    expect('recurrentBias' in lstm.layers[0]).toBe(false);
    expect('backward' in lstm.layers[0]).toBe(false);
  });

  it('sameShape: the same layers and tensor sizes, not the same numbers', () => {
    const a = allocWeights(modelShape([4, 2], 3, 1));
    const b = allocWeights(modelShape([4, 2], 3, 1));
    b.headBias[0] = 7;
    expect(sameShape(a, b)).toBe(true);
    expect(sameShape(a, allocWeights(modelShape([4, 3], 3, 1)))).toBe(false); // one tensor wider
    expect(sameShape(a, allocWeights(modelShape([4], 3, 1)))).toBe(false); // one layer fewer
    expect(sameShape(allocWeights(modelShape([4], 3, 1)), a)).toBe(false);
    // SimpleRNN(4) on 3 features: W 12, U 16, b 4, head 4 + 1. SimpleRNN(4) → SimpleRNN(1) starts
    // with the same five sizes (W 12, U 16, b 4, W₂ 4, U₂ 1), but it has one layer more.
    const one = allocWeights(modelShape([4], 3, 1, 'simple_rnn'));
    const two = allocWeights(modelShape([4, 1], 3, 1, 'simple_rnn'));
    expect(
      weightTensors(two)
        .slice(0, 5)
        .map((t) => t.length),
    ).toEqual([12, 16, 4, 4, 1]);
    expect(sameShape(one, two)).toBe(false);
  });
});
