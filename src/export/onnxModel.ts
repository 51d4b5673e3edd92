import type { LayerWeights, Weights } from '../model/params';
import { interleavedToBlocks, transpose } from './gateLayout';
import { type CellKind, headInputSize, type ModelSpec, type RecurrentLayerSpec } from './modelSpec';
import { onnx } from './onnx/onnxProto.js';

/**
 * The ONNX export (`model.onnx`): each recurrent layer as ONNX's own operator (LSTM), the Dense
 * head as Gemm, and Softmax for classification. Encoded by protobuf.js from the ONNX schema subset
 * in onnx/onnx.proto (static code: no eval, so it also runs under the page's CSP).
 *
 * Graph, B the batch, T timesteps, D directions (1; 2 for a bidirectional layer). ONNX's LSTM is
 * time-major (layout = 0: onnxruntime's CPU kernels refuse the batch-first layout = 1), so:
 *   input [B, T, F] → Transpose → [T, B, F] → LSTM → Y [T, D, B, H] → Transpose [T, B, D, H]
 *   → Reshape [T, B, D·H] → LSTM → … → LSTM → Y_h [D, B, H] → Transpose [B, D, H]
 *   → Reshape [B, D·H] → Gemm (W_d [D·H, K], b_d) → output [B, K] (→ Softmax for classification).
 * The head reads Y_h, the last layer's hidden state after its last timestep: the same h_{T−1}
 * that our engine's head reads (and, for a bidirectional layer, Keras's concatenation of the
 * forward state after t = T−1 and the backward state after t = 0), without a Gather or Slice.
 */

/** ONNX IR version 10 (ONNX 1.16+) with opset 21 (LSTM-14, Gemm-13, Softmax-13, Transpose-21, Reshape-21). */
export const ONNX_IR_VERSION = 10;
export const ONNX_OPSET = 21;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

type Attribute = onnx.AttributeProto.$Properties;
type Tensor = onnx.TensorProto.$Properties;

const intAttr = (name: string, i: number): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i,
});
const intsAttr = (name: string, ints: number[]): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints,
});
const transposeNode = (name: string, input: string, output: string, perm: number[]) => ({
  name,
  opType: 'Transpose',
  input: [input],
  output: [output],
  attribute: [intsAttr('perm', perm)],
});
const stringAttr = (name: string, s: string): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.STRING,
  s: new TextEncoder().encode(s),
});

function floatTensor(name: string, dims: number[], values: Float32Array): Tensor {
  return {
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function int64Tensor(name: string, values: number[]): Tensor {
  const data = BigInt64Array.from(values.map(BigInt));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

/** One row per cell kind: the ONNX operator, its attributes and its W, R, B initializers. */
interface OnnxCellWriter {
  opType: string;
  attributes(layer: RecurrentLayerSpec): Attribute[];
  /** W [dirs, G·H, F], R [dirs, G·H, H], B [dirs, 2·G·H], in the operator's gate order. */
  weights(layer: RecurrentLayerSpec, w: LayerWeights): { W: Float32Array; R: Float32Array; B: Float32Array };
  gates: number;
}

/** ONNX's LSTM gate blocks are i, o, f, c: our gates 0, 3, 1, 2. */
export const ONNX_LSTM_GATE_ORDER = [0, 3, 1, 2] as const;

export const ONNX_CELLS: Record<CellKind, OnnxCellWriter> = {
  lstm: {
    opType: 'LSTM',
    gates: 4,
    attributes: (layer) => [intAttr('hidden_size', layer.units), stringAttr('direction', 'forward')],
    weights: ({ inputSize, units }, w) => {
      const order = ONNX_LSTM_GATE_ORDER;
      const B = new Float32Array(8 * units);
      // Wb = our bias; Rb = 0 (ONNX adds both, our engine has one bias).
      B.set(interleavedToBlocks(w.bias, 1, units, order));
      return {
        W: transpose(interleavedToBlocks(w.kernel, inputSize, units, order), inputSize, 4 * units),
        R: transpose(interleavedToBlocks(w.recurrent, units, units, order), units, 4 * units),
        B,
      };
    },
  },
};

function valueInfo(name: string, dims: (number | string)[]): onnx.ValueInfoProto.$Properties {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface OnnxMetadata {
  /** The run's link query, so a reader can find the data and knobs the model was trained with. */
  link: string;
  epochsTrained: number;
}

export function onnxModel(spec: ModelSpec, weights: Weights, metadata: OnnxMetadata): Uint8Array {
  const nodes: onnx.NodeProto.$Properties[] = [];
  const initializers: Tensor[] = [int64Tensor('state_shape', [0, -1])]; // [B, D, H] → [B, D·H]
  if (spec.layers.length > 1) initializers.push(int64Tensor('sequence_shape', [0, 0, -1])); // [T, B, D, H] → [T, B, D·H]
  nodes.push(transposeNode('time_major', ONNX_INPUT, 'input_time_major', [1, 0, 2]));
  let x = 'input_time_major';
  spec.layers.forEach((layer, l) => {
    if (layer.bidirectional) throw new Error('Bidirectional export arrives with the cell-types issue');
    const writer = ONNX_CELLS[layer.cell];
    const G = writer.gates * layer.units;
    const { W, R, B } = writer.weights(layer, weights.layers[l]);
    const name = `${writer.opType.toLowerCase()}_${l}`;
    initializers.push(
      floatTensor(`${name}_W`, [1, G, layer.inputSize], W),
      floatTensor(`${name}_R`, [1, G, layer.units], R),
      floatTensor(`${name}_B`, [1, 2 * G], B),
    );
    const last = l === spec.layers.length - 1;
    nodes.push({
      name,
      opType: writer.opType,
      // Inputs X, W, R, B; outputs Y (every timestep) and Y_h (the last).
      input: [x, `${name}_W`, `${name}_R`, `${name}_B`],
      output: last ? ['', `${name}_Y_h`] : [`${name}_Y`],
      attribute: writer.attributes(layer),
    });
    if (last) {
      nodes.push(transposeNode(`${name}_state_batch_major`, `${name}_Y_h`, `${name}_state`, [1, 0, 2]));
      nodes.push({
        name: 'last_state',
        opType: 'Reshape',
        input: [`${name}_state`, 'state_shape'],
        output: ['last_h'],
      });
    } else {
      nodes.push(transposeNode(`${name}_directions_inner`, `${name}_Y`, `${name}_Y_tbdh`, [0, 2, 1, 3]));
      x = `${name}_sequence`;
      nodes.push({
        name: `${name}_concat_directions`,
        opType: 'Reshape',
        input: [`${name}_Y_tbdh`, 'sequence_shape'],
        output: [x],
      });
    }
  });
  initializers.push(
    floatTensor('dense_kernel', [headInputSize(spec), spec.outputs], weights.headKernel),
    floatTensor('dense_bias', [spec.outputs], weights.headBias),
  );
  const classify = spec.task === 'classification';
  nodes.push({
    name: 'dense',
    opType: 'Gemm',
    input: ['last_h', 'dense_kernel', 'dense_bias'],
    output: [classify ? 'logits' : ONNX_OUTPUT],
  });
  if (classify) {
    nodes.push({
      name: 'softmax',
      opType: 'Softmax',
      input: ['logits'],
      output: [ONNX_OUTPUT],
      attribute: [intAttr('axis', -1)],
    });
  }
  const model: onnx.ModelProto.$Properties = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'LSTM Playground',
    producerVersion: '1',
    docString: classify ? 'Class probabilities from a sequence.' : 'Scaled forecast from a sequence.',
    graph: {
      name: 'lstm_playground',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, ['batch', spec.timesteps, spec.features])],
      output: [valueInfo(ONNX_OUTPUT, ['batch', spec.outputs])],
    },
    metadataProps: [
      { key: 'lstm_playground_link', value: metadata.link },
      { key: 'epochs_trained', value: String(metadata.epochsTrained) },
    ],
  };
  return onnx.ModelProto.encode(model).finish();
}
