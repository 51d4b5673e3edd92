import { describe, expect, it } from 'vitest';
import { initWeights } from '../engine/reference/init';
import { DEFAULT_CONFIG } from './config';
import {
  type DecoderLayerSpec,
  type DenseShape,
  describedStepFlops,
  describeModel,
  type RecurrentLayerSpec,
  validateLayers,
} from './layers';
import {
  allocWeights,
  engineShapeOf,
  isRegularized,
  layersOf,
  modelShape,
  parameterCount,
  shapeOf,
  weightTensors,
} from './params';

/** A dates-like dataset: 63 one-hot characters in, 10 steps of 11 symbols out (data/dates.ts). */
const dates = {
  features: 63,
  outputs: 110,
  task: 'classification' as const,
  vocabulary: Array.from({ length: 63 }, (_, i) => String(i)),
  target: { steps: 10, vocabulary: [...'0123456789-'] },
};
const config = { ...DEFAULT_CONFIG, layers: [64], decoderAttention: 'general' as const };

describe('an encoder–decoder is a layer list (issue 23)', () => {
  it('describes LSTM(64, return_sequences) → decoder LSTM(64) + general attention → Dense(11, softmax)', () => {
    expect(describeModel(config, dates)).toEqual([
      { kind: 'recurrent', cell: 'lstm', directions: 1, inputSize: 63, units: 64, returnSequences: true },
      {
        kind: 'decoder',
        cell: 'lstm',
        score: 'general',
        inputSize: 64,
        units: 64,
        steps: 10,
        vocabulary: 11,
        maskPadding: true,
      },
      { kind: 'dense', inputSize: 64, units: 11, activation: 'softmax' },
    ]);
  });

  it('makes the decoder as wide as a Bidirectional encoder (D = 2H), so the dot score fits', () => {
    const shape = engineShapeOf(
      { ...config, layers: [8, 16], bidirectional: true, decoderAttention: 'dot' },
      dates,
    );
    expect(shape.decoder).toMatchObject({ score: 'dot', inputSize: 32, units: 32 });
    expect(shape.layers.map((l) => l.returnSequences)).toEqual([true, true]);
    expect(shape.outputs).toBe(11);
    expect(layersOf(shape).map((l) => l.kind)).toEqual(['recurrent', 'recurrent', 'decoder', 'dense']);
  });

  it('refuses attention pooling over a translation model’s encoder, by name', () => {
    expect(() => describeModel({ ...config, attention: 'additive' }, dates)).toThrow(/decoder attends/);
  });

  it('refuses a decoder out of place or of the wrong width, naming the layer', () => {
    const [enc, dec, head] = describeModel(config, dates) as [
      RecurrentLayerSpec,
      DecoderLayerSpec,
      DenseShape,
    ];
    expect(() => validateLayers([enc, { ...dec, units: 32 }, { ...head, inputSize: 32 }], 63)).toThrow(
      /layer 2 \(decoder\).*must match/,
    );
    expect(() => validateLayers([enc, dec, { ...head, units: 12 }], 63)).toThrow(
      /11 symbols but the head has 12/,
    );
    expect(() => validateLayers([enc, dec], 63)).toThrow(/followed by the Dense head/);
    expect(() => validateLayers([{ ...enc, returnSequences: false }, dec, head], 63)).toThrow(
      /must return sequences to the decoder/,
    );
    expect(() => validateLayers([enc, { ...dec, steps: 0 }, head], 63)).toThrow(/at least 1 output step/);
  });

  it.each(['dot', 'general'] as const)('counts its %s parameters as the engines allocate them', (score) => {
    const shape = engineShapeOf({ ...config, layers: [16], decoderAttention: score }, dates);
    const floats = weightTensors(allocWeights(shape)).reduce((n, t) => n + t.length, 0);
    expect(parameterCount(shape)).toBe(floats);
    // By hand, H = D = 16, V = 11: LSTM 4·(12·16 + 16·16 + 16) = 1,856; general Wa 256; combine
    // (32 + 1)·16 = 528; the encoder 4·(63·16 + 16·16 + 16) = 5,120; the head (16 + 1)·11 = 187.
    expect(parameterCount(shape)).toBe(5_120 + 1_856 + (score === 'general' ? 256 : 0) + 528 + 187);
  });

  it('regularises the decoder’s kernels (W, U, Wa, Wc), not its biases', () => {
    const w = allocWeights(engineShapeOf(config, dates));
    // Encoder W, U, b; decoder W, U, b, Wa, Wc, bc; head kernel, bias.
    expect(isRegularized(w)).toEqual([true, true, false, true, true, false, true, true, false, true, false]);
  });

  it('draws a model without a decoder exactly as before (the decoder draws after the encoder)', () => {
    const plain = modelShape([8], 3, 2);
    const a = weightTensors(initWeights(plain, 5));
    const b = weightTensors(initWeights(shapeOf(layersOf(plain)), 5));
    expect(a).toEqual(b);
    const w = initWeights(engineShapeOf({ ...config, layers: [8] }, dates), 5);
    expect(w.decoder?.bias.filter((_, i) => i % 4 === 1).every((v) => v === 1)).toBe(true); // forget gates
    expect(w.decoder?.combineBias.every((v) => v === 0)).toBe(true);
    expect(Math.max(...(w.decoder?.attentionKernel ?? []).map(Math.abs))).toBeGreaterThan(0);
  });

  it('counts the decoder’s step FLOPs over its own steps', () => {
    const layers = describeModel(
      { ...config, layers: [4] },
      { ...dates, target: { steps: 2, vocabulary: ['a', 'b'] } },
    );
    const dec = layers[1] as DecoderLayerSpec;
    // B 1, T_in 3, rows 2: LSTM 2·2·16·(2·3 + 3·4) = 1,152; general 3·2·2·4·4 = 192; attention
    // 2·2·3·4·6 = 288; combine 3·2·2·8·4 = 384; the head's one extra step 3·2·1·1·4·2 = 48.
    const flops = describedStepFlops([dec], 1, 3);
    expect(flops).toBe(1_152 + 192 + 288 + 384 + 48);
  });
});
