import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import {
  type AttentionLayerSpec,
  type DenseShape,
  describedStepFlops,
  describeModel,
  type LayerSpec,
  type RecurrentLayerSpec,
  type ShapeLayer,
  validateLayers,
} from './layers';
import {
  allocWeights,
  layersOf,
  modelShape,
  modelShapeOf,
  parameterCount,
  shapeOf,
  weightTensors,
} from './params';
import { PRESETS } from './presets';

const seed = PRESETS['keras-seed'].config;
const biGru = { layers: [4, 3], cell: 'gru', bidirectional: true } as const;

describe('describeModel', () => {
  it("describes the seed article's model: LSTM(128, return_sequences) → LSTM(64) → Dense(10, softmax)", () => {
    expect(describeModel(seed, { features: 8, outputs: 10, task: 'classification' })).toEqual([
      { kind: 'recurrent', cell: 'lstm', directions: 1, inputSize: 8, units: 128, returnSequences: true },
      { kind: 'recurrent', cell: 'lstm', directions: 1, inputSize: 128, units: 64, returnSequences: false },
      { kind: 'dense', inputSize: 64, units: 10, activation: 'softmax' },
    ]);
  });

  it('describes a stacked Bidirectional GRU: each layer above reads both directions below, the head 2H', () => {
    expect(describeModel(biGru, { features: 2, outputs: 1, task: 'regression' })).toEqual([
      { kind: 'recurrent', cell: 'gru', directions: 2, inputSize: 2, units: 4, returnSequences: true },
      { kind: 'recurrent', cell: 'gru', directions: 2, inputSize: 8, units: 3, returnSequences: false },
      { kind: 'dense', inputSize: 6, units: 1, activation: 'linear' },
    ]);
  });

  it('is the list the engines walk: the shape is its recurrent layers, and layersOf gives it back', () => {
    const description = describeModel(biGru, { features: 2, outputs: 1, task: 'regression' });
    const shape = modelShapeOf({ ...DEFAULT_CONFIG, ...biGru, layers: [...biGru.layers] }, 2, 1);
    expect(shape).toEqual(shapeOf(description));
    expect(shape).toEqual({
      features: 2,
      outputs: 1,
      cell: 'gru',
      directions: 2,
      layers: description.slice(0, 2),
    });
    expect(layersOf(shape)).toEqual([...description.slice(0, 2), { kind: 'dense', inputSize: 6, units: 1 }]);
  });
});

describe('attention between the last recurrent layer and the head', () => {
  it('describes LSTM(16, return_sequences) → additive attention (A = 16) → Dense(1)', () => {
    const config = { layers: [16], cell: 'lstm', bidirectional: false, attention: 'additive' } as const;
    expect(
      describeModel({ ...config, layers: [16] }, { features: 2, outputs: 1, task: 'regression' }),
    ).toEqual([
      { kind: 'recurrent', cell: 'lstm', directions: 1, inputSize: 2, units: 16, returnSequences: true },
      { kind: 'attention', score: 'additive', inputSize: 16, hidden: 16 },
      { kind: 'dense', inputSize: 16, units: 1, activation: 'linear' },
    ]);
  });

  it('reads both directions of a Bidirectional layer: D = 2H; a dot score has no hidden width', () => {
    const shape = modelShapeOf({ ...DEFAULT_CONFIG, ...biGru, layers: [4, 3], attention: 'dot' }, 2, 1);
    expect(shape.attention).toEqual({ kind: 'attention', score: 'dot', inputSize: 6, hidden: 0 });
    expect(shape.layers.map((l) => l.returnSequences)).toEqual([true, true]);
    expect(layersOf(shape).map((l) => l.kind)).toEqual(['recurrent', 'recurrent', 'attention', 'dense']);
    expect(modelShapeOf({ ...DEFAULT_CONFIG, attention: 'none' }, 2, 1).attention).toBeUndefined();
  });

  const lstm = (inputSize: number, units: number, returnSequences: boolean): RecurrentLayerSpec => ({
    kind: 'recurrent',
    cell: 'lstm',
    directions: 1,
    inputSize,
    units,
    returnSequences,
  });
  const att = (inputSize: number, score: 'additive' | 'dot' = 'dot', hidden = 0): AttentionLayerSpec => ({
    kind: 'attention',
    score,
    inputSize,
    hidden,
  });
  const head = (inputSize: number): DenseShape => ({ kind: 'dense', inputSize, units: 1 });

  it('is refused anywhere but between the last recurrent layer and the head, or with a wrong width', () => {
    expect(() => validateLayers([lstm(3, 4, true), att(4), head(4)], 3)).not.toThrow();
    expect(() => validateLayers([lstm(3, 4, false), att(4), head(4)], 3)).toThrow(
      'layer 1 (recurrent): must return sequences to the attention layer above',
    );
    expect(() => validateLayers([lstm(3, 4, true), att(4), lstm(4, 2, false), head(2)], 3)).toThrow(
      'layer 2 (attention): attention must be followed by the Dense head',
    );
    expect(() => validateLayers([lstm(3, 4, true), att(4), att(4), head(4)], 3)).toThrow(
      'layer 2 (attention): attention must be followed by the Dense head',
    );
    expect(() => validateLayers([lstm(3, 4, true), att(5), head(5)], 3)).toThrow(
      'layer 2 (attention): reads 5 inputs but the layer below gives 4',
    );
    expect(() => validateLayers([lstm(3, 4, true), att(4, 'additive', 0), head(4)], 3)).toThrow(
      'layer 2 (attention): a additive score cannot have a hidden width of 0',
    );
    expect(() => validateLayers([lstm(3, 4, true), att(4, 'dot', 3), head(4)], 3)).toThrow(
      'layer 2 (attention): a dot score cannot have a hidden width of 3',
    );
  });

  // By hand: additive W [D, A] + b [A] + v [A]; dot q [D].
  it.each([
    // LSTM(16) on 2: 4·(2·16 + 16·16 + 16) = 1216; additive D = A = 16: 256 + 32 = 288; Dense(1): 17.
    { score: 'additive', layers: [16], bi: false, f: 2, total: 1216 + 288 + 17 },
    // … dot: q [16] = 16.
    { score: 'dot', layers: [16], bi: false, f: 2, total: 1216 + 16 + 17 },
    // Bi-GRU(4)→Bi-GRU(3) (426, above) then additive D = 6, A = 3: 18 + 6 = 24; Dense(1) on 6: 7.
    { score: 'additive', layers: [4, 3], bi: true, f: 2, total: 426 + 24 + 7 },
  ] as const)(
    'counts $score attention over $layers: $total, as allocWeights allocates',
    ({ score, layers, bi, f, total }) => {
      const shape = modelShape([...layers], f, 1, bi ? 'gru' : 'lstm', bi, score);
      expect(parameterCount(shape)).toBe(total);
      expect(weightTensors(allocWeights(shape)).reduce((n, t) => n + t.length, 0)).toBe(total);
    },
  );

  it('counts its step FLOPs: dot over D 4, B 2, T 3 is 2·6·4 (scores) + 2·6·4 (sum) + 4·6·4 + 4·6·4 = 288', () => {
    expect(describedStepFlops([att(4)], 2, 3)).toBe(288);
    // additive, A 2: 2·6·(8 + 2) + 48 + 96 + 2·6·(16 + 2) = 120 + 144 + 216 = 480.
    expect(describedStepFlops([att(4, 'additive', 2)], 2, 3)).toBe(480);
  });
});

describe('an impossible description is refused, naming the layer and what is wrong', () => {
  const data = { features: 3, outputs: 2, task: 'regression' } as const;
  const lstm = (inputSize: number, units: number, returnSequences = false): RecurrentLayerSpec => ({
    kind: 'recurrent',
    cell: 'lstm',
    directions: 1,
    inputSize,
    units,
    returnSequences,
  });
  const head = (inputSize: number, units = 2): DenseShape => ({ kind: 'dense', inputSize, units });
  const refusal =
    (layers: ShapeLayer[], features = 3) =>
    () =>
      validateLayers(layers, features);

  it('no recurrent layer', () => {
    expect(() => describeModel({ ...seed, layers: [] }, data)).toThrow(
      'a model needs at least one recurrent layer',
    );
    expect(refusal([head(3)])).toThrow('a model needs at least one recurrent layer');
  });

  it('a layer of 0 units, or a head of 0 outputs', () => {
    expect(() => describeModel({ ...seed, layers: [4, 0] }, data)).toThrow(
      'layer 2 (recurrent): needs at least 1 unit, not 0',
    );
    expect(() => describeModel(seed, { ...data, outputs: 0 })).toThrow(
      'layer 3 (dense): needs at least 1 unit, not 0',
    );
  });

  it('an input of no features', () => {
    expect(() => describeModel(seed, { ...data, features: 0 })).toThrow(
      "the model's input must be at least 1 feature wide, not 0",
    );
  });

  it('a head that is not last, and a model without one', () => {
    expect(refusal([lstm(3, 4), head(4, 4), lstm(4, 2)])).toThrow(
      'layer 2 (dense): the Dense head must be the last layer',
    );
    expect(refusal([lstm(3, 4, true), lstm(4, 2)])).toThrow(
      'layer 2 (recurrent): the model ends without a Dense head',
    );
    expect(refusal([head(3), lstm(3, 4)])).toThrow('layer 1 (dense): the first layer must be recurrent');
  });

  it('widths that do not chain', () => {
    expect(refusal([lstm(3, 4, true), lstm(5, 2), head(2)])).toThrow(
      'layer 2 (recurrent): reads 5 inputs but the layer below gives 4',
    );
    expect(refusal([lstm(3, 4), head(8)])).toThrow(
      'layer 2 (dense): reads 8 inputs but the layer below gives 4',
    );
    expect(refusal([lstm(1, 4), head(4)])).toThrow(
      'layer 1 (recurrent): reads 1 inputs but the layer below gives 3',
    );
  });

  it('return sequences where the layer above does not read them, or none where it does', () => {
    expect(refusal([lstm(3, 4), lstm(4, 2), head(2)])).toThrow(
      'layer 1 (recurrent): must return sequences to the recurrent layer above',
    );
    expect(refusal([lstm(3, 4, true), head(4)])).toThrow(
      'layer 1 (recurrent): must not return sequences to the head',
    );
  });

  it('cells or directions that differ between layers (each engine runs one of each per model)', () => {
    const gru: RecurrentLayerSpec = { ...lstm(4, 2), cell: 'gru' };
    expect(refusal([lstm(3, 4, true), gru, head(2)])).toThrow(
      'layer 2 (recurrent): is gru but layer 1 is lstm: one cell kind per model',
    );
    const reverse: RecurrentLayerSpec = { ...lstm(4, 2), directions: 2 };
    expect(refusal([lstm(3, 4, true), reverse, head(4)])).toThrow(
      'layer 2 (recurrent): every recurrent layer must have the same directions',
    );
  });

  it('shapeOf refuses one too', () => {
    expect(() => shapeOf([lstm(3, 4), head(5)])).toThrow(
      'layer 2 (dense): reads 5 inputs but the layer below gives 4',
    );
  });

  it('takes a possible one', () => {
    expect(refusal([lstm(3, 4, true), lstm(4, 2), head(2)])).not.toThrow();
  });
});

/**
 * Keras's model.summary() "Total params", by hand (F inputs, H units; GRU reset_after=True):
 *   LSTM 4·(F·H + H·H + H), GRU 3·(F·H + H·H + 2H), SimpleRNN F·H + H·H + H,
 *   Bidirectional 2 × the layer, Dense (inputs + 1)·outputs.
 */
describe('parameterCount of a description against Keras’s model.summary()', () => {
  it.each([
    // LSTM(32) on 1 feature: 4·(1·32 + 32·32 + 32) = 4·32·34 = 4352; Dense(1): 33. Total 4385.
    {
      name: 'LSTM(32) → Dense(1)',
      config: { layers: [32], cell: 'lstm', bidirectional: false },
      f: 1,
      k: 1,
      total: 4385,
    },
    // 4·(8·128 + 128·128 + 128) = 70,144; 4·(128·64 + 64·64 + 64) = 49,408; (64 + 1)·10 = 650.
    { name: 'the seed article', config: seed, f: 8, k: 10, total: 120_202 },
    // Bi-GRU(4) on 2: 2·3·(2·4 + 4·4 + 2·4) = 2·96 = 192; Bi-GRU(3) on 8: 2·3·(8·3 + 3·3 + 2·3) = 2·117
    // = 234; Dense(1) on 6: 7. Total 433.
    { name: 'Bidirectional GRU(4) → Bidirectional GRU(3) → Dense(1)', config: biGru, f: 2, k: 1, total: 433 },
    // SimpleRNN(5) on 3: 3·5 + 5·5 + 5 = 45; Dense(2) on 5: 12. Total 57.
    {
      name: 'SimpleRNN(5) → Dense(2)',
      config: { layers: [5], cell: 'simple_rnn', bidirectional: false },
      f: 3,
      k: 2,
      total: 57,
    },
  ] as const)('$name: $total', ({ config, f, k, total }) => {
    const description = describeModel(
      { ...config, layers: [...config.layers] },
      { features: f, outputs: k, task: 'regression' },
    );
    expect(parameterCount(description)).toBe(total);
  });

  it('equals the floats allocWeights gives the engines, for every kind, stacked and Bidirectional', () => {
    const cases = [
      { layers: [32], cell: 'lstm', bi: false, f: 1, k: 1 },
      { layers: [7, 5, 3], cell: 'lstm', bi: true, f: 4, k: 3 },
      { layers: [4, 3], cell: 'gru', bi: true, f: 2, k: 1 },
      { layers: [6, 2], cell: 'gru', bi: false, f: 5, k: 4 },
      { layers: [5], cell: 'simple_rnn', bi: true, f: 3, k: 2 },
      { layers: [9, 9], cell: 'simple_rnn', bi: false, f: 1, k: 10 },
    ] as const;
    for (const c of cases) {
      const config = { layers: [...c.layers], cell: c.cell, bidirectional: c.bi };
      const description: LayerSpec[] = describeModel(config, {
        features: c.f,
        outputs: c.k,
        task: 'regression',
      });
      const floats = weightTensors(allocWeights(shapeOf(description))).reduce((n, t) => n + t.length, 0);
      expect(parameterCount(description), JSON.stringify(c)).toBe(floats);
      expect(parameterCount(modelShape(c.layers, c.f, c.k, c.cell, c.bi)), JSON.stringify(c)).toBe(floats);
    }
  });
});

describe('describedStepFlops', () => {
  it('counts the head by its own width: Dense(1) on 6 inputs over a batch of 2 is 3·2·2·6·1 = 72', () => {
    // The head alone is no model, but its kind's count is the same wherever it sits.
    expect(describedStepFlops([{ kind: 'dense', inputSize: 6, units: 1 }], 2, 3)).toBe(72);
  });
});
