import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import { allocWeights, modelShapeOf } from '../model/params';
import { kerasLayers, kerasRegularizer } from './kerasLayers';
import { modelSpecOf } from './modelSpec';
import { tfjsModelFiles } from './tfjsModel';

/**
 * The layer configs Keras's and TF.js's loaders read, as Keras 2.15 writes them for the same
 * layers (written out here by hand from Keras's get_config()).
 */
const layersOf = (over: Partial<Config>) => {
  const config = { ...DEFAULT_CONFIG, ...over };
  const spec = modelSpecOf(config, { task: 'regression', timesteps: 20, features: 2, outputs: 1 });
  const weights = allocWeights(modelShapeOf(config, 2, 1));
  return { spec, weights, layers: kerasLayers(spec, weights) };
};
const glorot = { class_name: 'GlorotUniform', config: { seed: null } };
const orthogonal = { class_name: 'Orthogonal', config: { gain: 1, seed: null } };
const zeros = { class_name: 'Zeros', config: {} };

describe('Keras layer configs, as Keras writes them', () => {
  it('LSTM: initializers, unit_forget_bias, implementation 2, not unrolled, float32, trainable', () => {
    const [lstm] = layersOf({ layers: [4] }).layers;
    expect(lstm.config).toMatchObject({
      units: 4,
      activation: 'tanh',
      recurrent_activation: 'sigmoid',
      use_bias: true,
      kernel_initializer: glorot,
      recurrent_initializer: orthogonal,
      bias_initializer: zeros,
      unit_forget_bias: true,
      implementation: 2,
      unroll: false,
      trainable: true,
      dtype: 'float32',
      batch_input_shape: [null, 20, 2],
    });
  });

  it('only the first layer names the input shape; GRU and SimpleRNN have their own initializers', () => {
    const [first, second] = layersOf({ layers: [4, 3], cell: 'gru' }).layers;
    expect(first.config).toHaveProperty('batch_input_shape', [null, 20, 2]);
    expect(second.config).not.toHaveProperty('batch_input_shape');
    expect(first.config).toMatchObject({
      kernel_initializer: glorot,
      recurrent_initializer: orthogonal,
      bias_initializer: zeros,
      reset_after: true,
    });
    const [rnn] = layersOf({ cell: 'simple_rnn' }).layers;
    expect(rnn.config).toMatchObject({
      kernel_initializer: glorot,
      recurrent_initializer: orthogonal,
      bias_initializer: zeros,
    });
  });

  it('Bidirectional wraps a trainable float32 layer; Dropout and Dense are trainable float32 with Keras initializers', () => {
    const { layers } = layersOf({ bidirectional: true, outputDropout: 0.2 });
    expect(layers.map((l) => l.className)).toEqual(['Bidirectional', 'Dropout', 'Dense']);
    const [bi, drop, dense] = layers;
    expect(bi.config).toMatchObject({ trainable: true, dtype: 'float32', merge_mode: 'concat' });
    expect(bi.config.layer).toMatchObject({ config: { trainable: true, dtype: 'float32' } });
    expect(drop.config).toMatchObject({ name: 'dropout', trainable: true, dtype: 'float32', rate: 0.2 });
    expect(dense.config).toMatchObject({
      trainable: true,
      dtype: 'float32',
      kernel_initializer: glorot,
      bias_initializer: zeros,
    });
  });

  it('the head weights are copies: changing the model after export leaves the export', () => {
    const { weights, layers } = layersOf({});
    const head = layers.at(-1)!.weights;
    weights.headKernel.fill(9);
    weights.headBias.fill(9);
    expect(head.flatMap((w) => [...w.values])).not.toContain(9);
  });

  it('L1L2 when either is on, with both values; none when both are 0', () => {
    expect(kerasRegularizer(0, 0)).toBeNull();
    expect(kerasRegularizer(0.01, 0)).toEqual({ class_name: 'L1L2', config: { l1: 0.01, l2: 0 } });
    expect(kerasRegularizer(0, 0.02)).toEqual({ class_name: 'L1L2', config: { l1: 0, l2: 0.02 } });
  });

  it('model.json: a TF.js layers model of a Keras 2.15 Sequential, with the playground’s metadata key', () => {
    const { spec, weights } = layersOf({});
    const json = JSON.parse(tfjsModelFiles(spec, weights, { link: 'x', epochsTrained: 1 }).modelJson);
    expect(json).toMatchObject({
      format: 'layers-model',
      generatedBy: 'LSTM Playground',
      modelTopology: {
        class_name: 'Sequential',
        config: { name: 'sequential' },
        keras_version: '2.15.0',
        backend: 'tensorflow',
      },
    });
    expect(Object.keys(json.userDefinedMetadata)).toEqual(['lstmPlayground']);
  });
});
