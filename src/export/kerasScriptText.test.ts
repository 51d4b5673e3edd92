import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import { allocWeights, modelShapeOf } from '../model/params';
import { kerasScript } from './kerasScript';
import { modelSpecOf } from './modelSpec';

/**
 * train_keras.py's own lines for given knobs, written out by hand (kerasScript.test.ts runs the
 * script's Python where numpy and TensorFlow are there; these need neither).
 */
const script = (over: Partial<Config>, task: 'regression' | 'classification' = 'regression') => {
  const config = { ...DEFAULT_CONFIG, ...over };
  const outputs = task === 'classification' ? 3 : 1;
  const data = { task, timesteps: 20, features: 1, outputs };
  return kerasScript(modelSpecOf(config, data), config, allocWeights(modelShapeOf(config, 1, outputs)));
};

describe('train_keras.py, line by line', () => {
  it('each optimizer with its Keras arguments; global_clipnorm only when clipnorm is on', () => {
    expect(script({ optimizer: 'sgd', learningRate: 0.1 })).toContain(
      'optimizer=keras.optimizers.SGD(learning_rate=0.1),',
    );
    expect(script({ optimizer: 'momentum', learningRate: 0.1, clipnorm: 1 })).toContain(
      'optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, global_clipnorm=1),',
    );
    expect(script({ optimizer: 'rmsprop', learningRate: 0.001 })).toContain(
      'optimizer=keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7),',
    );
    expect(script({ optimizer: 'adam', learningRate: 0.01, clipnorm: 0.5 })).toContain(
      'optimizer=keras.optimizers.Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7, global_clipnorm=0.5),',
    );
  });

  it('the recurrent layer names its dropouts and L1/L2 only when they are on', () => {
    expect(script({ layers: [8] })).toContain("layers.LSTM(8, name='lstm'");
    const on = script({ layers: [8], dropout: 0.25, recurrentDropout: 0.5, l1: 0.01, l2: 0.02 });
    expect(on).toContain(
      "layers.LSTM(8, dropout=0.25, recurrent_dropout=0.5, kernel_regularizer=regularizers.L1L2(l1=0.01, l2=0.02), recurrent_regularizer=regularizers.L1L2(l1=0.01, l2=0.02), name='lstm'",
    );
    expect(script({ layers: [8] })).not.toMatch(/dropout=|regularizers\.L1L2/);
  });

  it('a classifier compiles with cross-entropy and accuracy; a regression with mse and mae', () => {
    const cls = script({}, 'classification');
    expect(cls).toContain("loss='categorical_crossentropy',");
    expect(cls).toContain("metrics=['accuracy'],");
    expect(cls).toContain(
      'return float(np.mean(-np.sum(y * np.log(np.clip(predicted, 1e-12, 1.0)), axis=1)))',
    );
    const reg = script({});
    expect(reg).toContain("loss='mse',");
    expect(reg).toContain("metrics=['mae'],");
    expect(reg).toContain('return float(np.mean((predicted - y) ** 2))');
  });

  it('early stopping: the callback with its patience, min_delta and restore_best_weights, or none', () => {
    const es = script({
      earlyStopping: { enabled: true, patience: 5, minDelta: 0.001, restoreBestWeights: false },
    });
    expect(es).toContain(
      "keras.callbacks.EarlyStopping(monitor='val_loss', patience=5, min_delta=0.001, restore_best_weights=False)",
    );
    expect(script({})).not.toContain('EarlyStopping(');
  });
});
