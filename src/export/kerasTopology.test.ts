import { describe, expect, it } from 'vitest';
import { ImportError } from './importError';
import { readKerasTopology } from './kerasTopology';

/**
 * Reading a Keras Sequential topology (TF.js model.json) by hand-made topologies: what it takes,
 * and each refusal naming the layer, the setting, what was found and what the playground supports.
 * The limits are written as numbers: units 1–512, layers 1–4, timesteps 2–200, rates 0–0.9,
 * L1/L2 0–1.
 */
type Layer = { class_name: string; config: Record<string, unknown> };
const lstm = (name: string, more: Record<string, unknown> = {}): Layer => ({
  class_name: 'LSTM',
  config: { name, units: 4, activation: 'tanh', recurrent_activation: 'sigmoid', ...more },
});
const dense = (more: Record<string, unknown> = {}): Layer => ({
  class_name: 'Dense',
  config: { name: 'head', units: 1, activation: 'linear', ...more },
});
const model = (...layers: Layer[]) => ({ model_config: { class_name: 'Sequential', config: { layers } } });
/** The seed: LSTM(4) on 12 steps × 3 features, then Dense(1). */
const first = (more: Record<string, unknown> = {}) =>
  lstm('rnn', { batch_input_shape: [null, 12, 3], ...more });

const refusal = (top: unknown): { code: string; vars: Record<string, string> } => {
  try {
    readKerasTopology(top);
  } catch (e) {
    if (e instanceof ImportError) return { code: e.code, vars: e.vars };
    throw e;
  }
  throw new Error('read without a refusal');
};
const setting = (top: unknown) => {
  const { code, vars } = refusal(top);
  expect(code).toBe('unsupportedSetting');
  return vars;
};

describe('readKerasTopology: what it takes', () => {
  it('the seed shape, with its regularizers, dropouts and a Dropout before the head', () => {
    const reg = { class_name: 'L1L2', config: { l1: 0.01, l2: 0.02 } };
    const top = model(
      first({ return_sequences: true, kernel_regularizer: reg, recurrent_regularizer: reg, dropout: 0.1 }),
      lstm('rnn2', {
        kernel_regularizer: reg,
        recurrent_regularizer: reg,
        dropout: 0.1,
        recurrent_dropout: 0.2,
      }),
      { class_name: 'Dropout', config: { name: 'drop', rate: 0.3 } },
      dense({ units: 3, activation: 'softmax', kernel_regularizer: reg }),
    );
    const rd = setting(top); // recurrent_dropout differs: 0 on the first layer, 0.2 on the second
    expect(rd).toMatchObject({ layer: 'rnn2', setting: 'recurrent_dropout', found: '0.2' });
    const same = model(
      first({ return_sequences: true, kernel_regularizer: reg, recurrent_regularizer: reg, dropout: 0.1 }),
      lstm('rnn2', { kernel_regularizer: reg, recurrent_regularizer: reg, dropout: 0.1 }),
      { class_name: 'Dropout', config: { name: 'drop', rate: 0.3 } },
      dense({ units: 3, activation: 'softmax', kernel_regularizer: reg }),
    );
    expect(readKerasTopology(same)).toEqual({
      cell: 'lstm',
      cellClass: 'LSTM',
      bidirectional: false,
      layers: [
        { cell: 'lstm', bidirectional: false, name: 'rnn', units: 4 },
        { cell: 'lstm', bidirectional: false, name: 'rnn2', units: 4 },
      ],
      denseName: 'head',
      attention: null,
      timesteps: 12,
      features: 3,
      outputs: 3,
      task: 'classification',
      dropout: 0.1,
      recurrentDropout: 0,
      outputDropout: 0.3,
      l1: 0.01,
      l2: 0.02,
    });
  });

  it('an L1 or L2 regularizer alone keeps the other at 0; a rate or an L1/L2 of exactly the maximum is taken', () => {
    const with_ = (r: unknown) => {
      const t = readKerasTopology(
        model(first({ kernel_regularizer: r, recurrent_regularizer: r }), dense({ kernel_regularizer: r })),
      );
      return [t.l1, t.l2];
    };
    expect(with_({ class_name: 'L1', config: { l1: 0.5, l2: 0.25 } })).toEqual([0.5, 0]);
    expect(with_({ class_name: 'L2', config: { l1: 0.5, l2: 0.25 } })).toEqual([0, 0.25]);
    expect(with_({ class_name: 'l1_l2', config: { l1: 1, l2: 1 } })).toEqual([1, 1]);
    expect(with_({ class_name: 'L1L2', config: {} })).toEqual([0, 0]);
    expect(with_(null)).toEqual([0, 0]);
    const rate = readKerasTopology(model(first({ dropout: 0.9, recurrent_dropout: 0.9 }), dense()));
    expect([rate.dropout, rate.recurrentDropout]).toEqual([0.9, 0.9]);
  });

  it('the model may be the topology itself, its layers a bare list, an InputLayer first; no length: any', () => {
    const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, null, 2] } };
    const t = readKerasTopology({ class_name: 'Sequential', config: [input, lstm('a'), dense()] });
    expect([t.timesteps, t.features, t.layers[0].name]).toEqual([null, 2, 'a']);
    // Keras 3: batch_shape; or the layer's build_config.
    expect(readKerasTopology(model(lstm('a', { batch_shape: [null, 5, 1] }), dense())).timesteps).toBe(5);
    const built = { ...lstm('a'), build_config: { input_shape: [null, 7, 1] } };
    expect(readKerasTopology(model(built, dense())).timesteps).toBe(7);
    // A layer without a name is named by its place, from 1.
    const nameless = { class_name: 'LSTM', config: { ...first().config, name: undefined } };
    expect(readKerasTopology(model(nameless, dense())).layers[0].name).toBe('layer 1');
  });
});

describe('readKerasTopology: each refusal names what it found', () => {
  it('not a layers model, not Sequential, a malformed layer list, no head, an empty model', () => {
    expect(refusal(null)).toEqual({ code: 'notLayersModel', vars: { found: 'no modelTopology' } });
    expect(refusal({ class_name: 'MyModel', config: {} })).toEqual({
      code: 'notSequential',
      vars: { found: 'MyModel' },
    });
    // A functional model is read as a chain (the attention export, kerasFunctional.ts): it needs its layers.
    expect(refusal({ class_name: 'Functional', config: {} })).toEqual({
      code: 'notLayersModel',
      vars: { found: 'its layer list is missing or malformed' },
    });
    expect(refusal({ config: {} }).vars).toEqual({ found: 'model of unknown kind' });
    expect(refusal({ class_name: 'Sequential', config: { layers: [{ config: {} }] } }).vars.found).toBe(
      'its layer list is missing or malformed',
    );
    expect(refusal(model(first())).vars).toMatchObject({ layer: 'rnn', found: 'LSTM at the end' });
    expect(refusal(model()).vars).toMatchObject({ layer: '(none)', found: 'an empty model' });
    expect(refusal(model(first(), dense(), lstm('late'))).code).toBe('unsupportedLayer');
  });

  it('units 1–512, whole; a head of at least 1 whole unit', () => {
    for (const units of [1, 512])
      expect(readKerasTopology(model(first({ units }), dense())).layers[0].units).toBe(units);
    for (const units of [0, 513, 2.5]) {
      expect(setting(model(first({ units }), dense()))).toEqual({
        layer: 'rnn',
        setting: 'units',
        found: String(units),
        supported: '1–512',
      });
    }
    expect(setting(model(first(), dense({ units: 0 })))).toMatchObject({ layer: 'head', setting: 'units' });
    expect(setting(model(first(), dense({ units: 1.5 })))).toMatchObject({ setting: 'units' });
  });

  it('at most 4 recurrent layers, each but the last returning sequences', () => {
    const seq = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        i === 0 ? first({ return_sequences: n > 1 }) : lstm(`r${i}`, { return_sequences: i < n - 1 }),
      );
    expect(readKerasTopology(model(...seq(4), dense())).layers).toHaveLength(4);
    expect(setting(model(...seq(5), dense()))).toEqual({
      layer: 'r4',
      setting: 'number of recurrent layers',
      found: '5',
      supported: '1–4',
    });
    expect(setting(model(first(), lstm('b'), dense()))).toMatchObject({
      layer: 'rnn',
      setting: 'return_sequences',
      supported: 'true',
    });
    expect(setting(model(first({ return_sequences: true }), dense()))).toMatchObject({
      setting: 'return_sequences',
      supported: 'false',
    });
  });

  it('timesteps 2–200 or any; features a whole number ≥ 1; an input shape at all', () => {
    for (const t of [2, 200])
      expect(readKerasTopology(model(first({ batch_input_shape: [null, t, 3] }), dense())).timesteps).toBe(t);
    for (const t of [1, 201, 2.5]) {
      expect(setting(model(first({ batch_input_shape: [null, t, 3] }), dense()))).toEqual({
        layer: 'rnn',
        setting: 'timesteps',
        found: String(t),
        supported: '2–200',
      });
    }
    expect(refusal(model(lstm('a'), dense())).code).toBe('noInputShape');
    expect(refusal(model(first({ batch_input_shape: [null, 12, 0] }), dense())).code).toBe('noInputShape');
    expect(refusal(model(first({ batch_input_shape: [12, 3] }), dense())).code).toBe('noInputShape');
  });

  it('rates 0–0.9; L1 and L2 0–1 of a known class, the same on every kernel', () => {
    for (const rate of [-0.1, 0.91]) {
      expect(setting(model(first({ dropout: rate }), dense()))).toMatchObject({
        setting: 'dropout',
        supported: 'a rate from 0 to 0.9',
      });
    }
    expect(
      setting(model(first(), { class_name: 'Dropout', config: { name: 'd', rate: 0.95 } }, dense())),
    ).toMatchObject({
      layer: 'd',
      setting: 'rate',
    });
    expect(
      setting(
        model(
          first(),
          { class_name: 'Dropout', config: { name: 'd', rate: 0.5, noise_shape: [1] } },
          dense(),
        ),
      ),
    ).toMatchObject({ setting: 'noise_shape', supported: 'none' });
    for (const r of [
      { class_name: 'L1L2', config: { l1: 1.01, l2: 0 } },
      { class_name: 'L1L2', config: { l1: 0, l2: 1.01 } },
      { class_name: 'L1L2', config: { l1: -0.1, l2: 0 } },
      { class_name: 'L1L2', config: { l1: 0, l2: -0.1 } },
      { class_name: 'OrthogonalRegularizer', config: {} },
    ]) {
      expect(setting(model(first({ kernel_regularizer: r }), dense())), JSON.stringify(r)).toMatchObject({
        setting: 'kernel_regularizer',
        supported: 'L1/L2 with l1 and l2 from 0 to 1',
      });
    }
    const r = { class_name: 'L2', config: { l2: 0.1 } };
    expect(setting(model(first({ kernel_regularizer: r, recurrent_regularizer: r }), dense()))).toMatchObject(
      {
        layer: 'head',
        setting: 'L1/L2 regularizer',
      },
    );
  });

  it('the head: softmax or linear, with a bias, no constraint; a recurrent layer with none of the rest', () => {
    expect(setting(model(first(), dense({ activation: 'relu' })))).toEqual({
      layer: 'head',
      setting: 'activation',
      found: '"relu"',
      supported: '"softmax" or "linear"',
    });
    expect(readKerasTopology(model(first(), dense({ activation: undefined }))).task).toBe('regression');
    expect(setting(model(first(), dense({ use_bias: false })))).toMatchObject({
      setting: 'use_bias',
      found: 'false',
      supported: 'true',
    });
    expect(setting(model(first(), dense({ bias_constraint: { class_name: 'NonNeg' } })))).toMatchObject({
      setting: 'bias_constraint',
      supported: 'none',
    });
    expect(setting(model(first({ bias_regularizer: { class_name: 'L2' } }), dense()))).toMatchObject({
      setting: 'bias_regularizer',
      supported: 'none',
    });
    expect(setting(model(first({ activation: 'relu' }), dense()))).toMatchObject({
      setting: 'activation',
      found: '"relu"',
      supported: '"tanh"',
    });
    expect(setting(model(first({ go_backwards: true }), dense()))).toMatchObject({
      setting: 'go_backwards',
      supported: 'false',
    });
    expect(setting(model(first({ activation: undefined }), dense()))).toMatchObject({ found: 'not set' });
  });

  it('Bidirectional: a known cell inside, concatenated, any backward layer only the forward one run backwards', () => {
    const bi = (layer: unknown, more: Record<string, unknown> = {}) => ({
      class_name: 'Bidirectional',
      config: { name: 'bi', layer, merge_mode: 'concat', batch_input_shape: [null, 12, 3], ...more },
    });
    expect(readKerasTopology(model(bi(lstm('inner')), dense())).bidirectional).toBe(true);
    expect(refusal(model(bi(undefined), dense())).vars).toEqual({
      found: 'Bidirectional layer “bi” holds no layer',
    });
    expect(refusal(model(bi({ class_name: 'Conv1D', config: {} }), dense()))).toMatchObject({
      code: 'unsupportedLayer',
      vars: { layer: 'bi', found: 'Bidirectional(Conv1D)' },
    });
    expect(setting(model(bi(lstm('inner'), { merge_mode: 'sum' }), dense()))).toMatchObject({
      setting: 'merge_mode',
    });
    const back = { ...lstm('back'), config: { ...lstm('back').config, go_backwards: true } };
    expect(readKerasTopology(model(bi(lstm('inner'), { backward_layer: back }), dense())).bidirectional).toBe(
      true,
    );
    const other = { ...back, config: { ...back.config, units: 8 } };
    expect(setting(model(bi(lstm('inner'), { backward_layer: other }), dense()))).toMatchObject({
      setting: 'backward_layer',
    });
    expect(setting(model(bi(lstm('inner'), { backward_layer: lstm('back') }), dense()))).toMatchObject({
      setting: 'backward_layer',
    });
    expect(
      setting(
        model(bi(lstm('inner'), { backward_layer: { class_name: 'GRU', config: back.config } }), dense()),
      ),
    ).toMatchObject({
      setting: 'backward_layer',
    });
    expect(
      setting(model(bi(lstm('inner'), { backward_layer: { class_name: 'LSTM' } }), dense())),
    ).toMatchObject({
      setting: 'backward_layer',
    });
    // Bidirectional on one layer only: the playground has one flag for all.
    expect(setting(model(bi(lstm('inner', { return_sequences: true })), lstm('r2'), dense()))).toMatchObject({
      layer: 'r2',
      setting: 'Bidirectional wrapper',
    });
  });
});
