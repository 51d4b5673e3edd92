import { cellOfKerasClass } from '../model/cellKinds';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';
import { type KerasLayer, kerasLayers } from './kerasLayers';
import type { ModelSpec } from './modelSpec';
import { FUNCTIONAL_INPUT, isFunctional, TFJS_WEIGHTS_FILE } from './tfjsModel';

/**
 * `train_keras.py`: the seed article's style of Keras code (Sequential, LSTM(…, return_sequences=
 * True), compile, fit with EarlyStopping; with attention the functional API, as its Dot reads two
 * layers) building the same model, setting the weights of the
 * TF.js export (model.json + weights.bin beside it, read with numpy in manifest order) and
 * training on data.npz. Written from the same Keras layer list as the TF.js export, so the two
 * cannot disagree; TensorFlow is imported only inside main(), so the weight reading can be
 * checked where TensorFlow is not installed.
 */

/** A Python literal for a number, bool or null from JSON-like config values. */
function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string' && /^[\w./-]*$/.test(value)) return `'${value}'`;
  throw new Error(`no Python literal for ${JSON.stringify(value)}`);
}

function regularizer(config: Record<string, unknown>, key: string): string[] {
  const r = config[key] as { config: { l1: number; l2: number } } | null;
  return r ? [`${key}=regularizers.L1L2(l1=${py(r.config.l1)}, l2=${py(r.config.l2)})`] : [];
}

/** `layers.LSTM(8, return_sequences=True, ...)`: a recurrent layer with the arguments that differ from Keras's defaults. */
function recurrentCall(className: string, c: Record<string, unknown>): string {
  const args = [
    py(c.units),
    ...(c.return_sequences ? ['return_sequences=True'] : []),
    ...((c.dropout as number) > 0 ? [`dropout=${py(c.dropout)}`] : []),
    ...((c.recurrent_dropout as number) > 0 ? [`recurrent_dropout=${py(c.recurrent_dropout)}`] : []),
    ...regularizer(c, 'kernel_regularizer'),
    ...regularizer(c, 'recurrent_regularizer'),
    // Keras's default too, written out: the playground's GRU is this one (PyTorch's, ONNX's linear_before_reset).
    ...(c.reset_after ? ['reset_after=True'] : []),
    `name=${py(c.name)}`,
  ];
  return `layers.${className}(${args.join(', ')})`;
}

/** A recurrent class of the registry (model/cellKinds.ts): LSTM, GRU, SimpleRNN. */
const isRecurrent = (className: string) => cellOfKerasClass(className) !== undefined;

/** One `layers.X(...)` line per Keras layer, with the arguments that differ from Keras's defaults. */
function layerCall(layer: KerasLayer): string {
  const c = layer.config;
  if (isRecurrent(layer.className)) return recurrentCall(layer.className, c);
  switch (layer.className) {
    case 'Bidirectional': {
      const inner = c.layer as { class_name: string; config: Record<string, unknown> };
      if (!isRecurrent(inner.class_name)) throw new Error(`no Keras code for ${inner.class_name}`);
      // merge_mode='concat' is Keras's default: [forward h, reverse h].
      return `layers.Bidirectional(${recurrentCall(inner.class_name, inner.config)}, name=${py(c.name)})`;
    }
    case 'Dropout':
      return `layers.Dropout(${py(c.rate)}, name=${py(c.name)})`;
    case 'Dense': {
      const args = [
        py(c.units),
        `activation=${py(c.activation)}`,
        ...(c.use_bias === false ? ['use_bias=False'] : []),
        ...regularizer(c, 'kernel_regularizer'),
        `name=${py(c.name)}`,
      ];
      return `layers.Dense(${args.join(', ')})`;
    }
    case 'Reshape': {
      const shape = c.target_shape as number[];
      return `layers.Reshape((${shape.map(py).join(', ')}${shape.length === 1 ? ',' : ''}), name=${py(c.name)})`;
    }
    case 'Softmax':
      return `layers.Softmax(axis=${py(c.axis)}, name=${py(c.name)})`;
    case 'Dot':
      return `layers.Dot(axes=${py(c.axes)}, name=${py(c.name)})`;
    default:
      throw new Error(`no Keras code for layer class ${layer.className}`);
  }
}

/** The Python variable of a functional layer's output: the layer's name (Keras names are identifiers). */
const variable = (name: string) => (name === FUNCTIONAL_INPUT ? 'inputs' : name);

/**
 * build_model's model: Keras's Sequential list, or, when a layer reads more than the one before it
 * (the attention's Dot), the functional API: one line per layer, `name = layers.X(...)(inputs)`,
 * the same layers, names and inputs as the functional model.json.
 */
function modelCode(spec: ModelSpec, layers: readonly KerasLayer[]): string {
  const input = `keras.Input(shape=(${spec.timesteps}, ${spec.features})`;
  if (!isFunctional(layers)) {
    return `    model = keras.Sequential([
        ${input}),
${layers.map((l) => `        ${layerCall(l)},`).join('\n')}
    ])`;
  }
  const lines = layers.map((layer, i) => {
    const name = String(layer.config.name);
    const before = i === 0 ? FUNCTIONAL_INPUT : String(layers[i - 1].config.name);
    const inputs = (layer.inputs ?? [before]).map(variable);
    const args = inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`;
    return `    ${variable(name)} = ${layerCall(layer)}(${args})`;
  });
  const output = variable(String(layers[layers.length - 1].config.name));
  return `    inputs = ${input}, name=${py(FUNCTIONAL_INPUT)})
${lines.join('\n')}
    model = keras.Model(inputs, ${output}, name='model')`;
}

function optimizerCall(config: Config): string {
  const lr = `learning_rate=${py(config.learningRate)}`;
  const clip = config.clipnorm > 0 ? `, global_clipnorm=${py(config.clipnorm)}` : '';
  switch (config.optimizer) {
    case 'sgd':
      return `keras.optimizers.SGD(${lr}${clip})`;
    case 'momentum':
      return `keras.optimizers.SGD(${lr}, momentum=0.9${clip})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(${lr}, rho=0.9, epsilon=1e-7${clip})`;
    case 'adam':
      return `keras.optimizers.Adam(${lr}, beta_1=0.9, beta_2=0.999, epsilon=1e-7${clip})`;
  }
}

// Long because the function is the Python script it writes, one template read top to bottom as the
// file reads; its parts that vary (layers, optimizer, loss, callbacks) are computed by the helpers above.
export function kerasScript(spec: ModelSpec, config: Config, weights: Weights): string {
  const layers = kerasLayers(spec, weights);
  const expected = layers
    .flatMap((l) => l.weights)
    .map((w) => `    (${py(w.name)}, (${w.shape.join(', ')}${w.shape.length === 1 ? ',' : ''})),`);
  const classify = spec.task === 'classification';
  const es = config.earlyStopping;
  return `#!/usr/bin/env python3
"""The LSTM Playground's model in Keras: build it, set its trained weights, keep training.

Beside this script: model.json + ${TFJS_WEIGHTS_FILE} (the playground's TF.js export, whose weights are in
Keras's order) and data.npz (x_train, y_train, x_val, y_val as the model saw them, after scaling).

    python3 train_keras.py [--epochs N]

Keras reports its loss with the L1/L2 penalty added; the first line printed (val_loss of the
loaded weights) is the data loss alone, as the playground shows it. Keras's fit also keeps the
last, smaller batch of an epoch, which the playground drops.
"""

import argparse
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# (name in model.json, shape) of every weight, in model.get_weights() order.
EXPECTED_WEIGHTS = [
${expected.join('\n')}
]


def read_tfjs_weights(model_json=os.path.join(HERE, 'model.json')):
    """The TF.js export's weights as numpy arrays, in manifest order (numpy only)."""
    with open(model_json) as f:
        manifest = json.load(f)['weightsManifest']
    folder = os.path.dirname(os.path.abspath(model_json))
    found = []
    for group in manifest:
        data = b''.join(open(os.path.join(folder, path), 'rb').read() for path in group['paths'])
        offset = 0
        for weight in group['weights']:
            if weight['dtype'] != 'float32':
                raise SystemExit(f"{weight['name']} is {weight['dtype']}, not float32")
            count = int(np.prod(weight['shape']))
            values = np.frombuffer(data, dtype='<f4', count=count, offset=offset)
            found.append((weight['name'], tuple(weight['shape']), values.reshape(weight['shape'])))
            offset += 4 * count
    layout = [(name, shape) for name, shape, _ in found]
    if layout != EXPECTED_WEIGHTS:
        raise SystemExit(f'model.json does not hold this model: {layout} != {EXPECTED_WEIGHTS}')
    return [values for _, _, values in found]


def build_model():
    from tensorflow import keras
    from tensorflow.keras import layers, regularizers

${modelCode(spec, layers)}
    model.compile(
        optimizer=${optimizerCall(config)},
        loss=${classify ? "'categorical_crossentropy'" : "'mse'"},
        metrics=[${classify ? "'accuracy'" : "'mae'"}],
    )
    return model


def data_loss(predicted, y):
    """The loss without the L1/L2 penalty: ${classify ? 'cross-entropy of the softmax outputs' : 'mean squared error'}."""
${
  classify
    ? '    return float(np.mean(-np.sum(y * np.log(np.clip(predicted, 1e-12, 1.0)), axis=1)))'
    : '    return float(np.mean((predicted - y) ** 2))'
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\\n')[0])
    parser.add_argument('--epochs', type=int, default=${config.epochs}, help='epochs to train; 0 only evaluates')
    args = parser.parse_args()
    from tensorflow import keras

    with np.load(os.path.join(HERE, 'data.npz')) as data:
        x_train, y_train, x_val, y_val = (data[k] for k in ('x_train', 'y_train', 'x_val', 'y_val'))
    model = build_model()
    model.set_weights(read_tfjs_weights())
    print(f'val_loss: {data_loss(model.predict(x_val, verbose=0), y_val):.8g}')
    if args.epochs == 0:
        return
    callbacks = [${
      es.enabled
        ? `keras.callbacks.EarlyStopping(monitor='val_loss', patience=${es.patience}, min_delta=${py(es.minDelta)}, restore_best_weights=${py(es.restoreBestWeights)})`
        : ''
    }]
    model.fit(
        x_train,
        y_train,
        batch_size=${config.batchSize},
        epochs=args.epochs,
        validation_data=(x_val, y_val),
        shuffle=True,
        callbacks=callbacks,
    )


if __name__ == '__main__':
    main()
`;
}
