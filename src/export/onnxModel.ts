import { CELL_KINDS } from '../model/cellKinds';
import type { AttentionLayerSpec, DecoderLayerSpec } from '../model/layers';
import type { Weights } from '../model/params';
import { headInputSize, type ModelSpec } from './modelSpec';
import { onnx } from './onnx/onnxProto.js';
import { pushDecoder } from './onnxDecoder';
import {
  floatTensor,
  int64Tensor,
  intAttr,
  ONNX_INPUT,
  ONNX_OUTPUT,
  onnxLayerWeights,
  pushPaddingMask,
  stringAttr,
  type Tensor,
  transposeNode,
  valueInfo,
} from './onnxNodes';

export { ONNX_INPUT, ONNX_OUTPUT } from './onnxNodes';

/**
 * The ONNX export (`model.onnx`): each recurrent layer as ONNX's own operator (LSTM, GRU with
 * linear_before_reset = 1, or RNN; direction "bidirectional" for a Bidirectional layer), the Dense
 * head as Gemm, and Softmax for classification. Encoded by protobuf.js from the ONNX schema subset
 * in onnx/onnx.proto (static code: no eval, so it also runs under the page's CSP).
 *
 * Graph, B the batch, T timesteps, D directions (1; 2 for a bidirectional layer), CELL the layer's
 * operator. ONNX's recurrent operators are time-major (layout = 0: onnxruntime's CPU kernels refuse
 * the batch-first layout = 1), so:
 *   input [B, T, F] → Transpose → [T, B, F] → CELL → Y [T, D, B, H] → Transpose [T, B, D, H]
 *   → Reshape [T, B, D·H] → CELL → … → CELL → Y_h [D, B, H] → Transpose [B, D, H]
 *   → Reshape [B, D·H] → Gemm (W_d [D·H, K], b_d) → output [B, K] (→ Softmax for classification).
 * The head reads Y_h, the last layer's hidden state after its last timestep: the same h_{T−1}
 * that our engine's head reads (and, for a bidirectional layer, Keras's concatenation of the
 * forward state after t = T−1 and the backward state after t = 0), without a Gather or Slice.
 * With attention the last layer's Y instead becomes `states` [B, T, D·H] (Transpose, Reshape), and
 * the head reads the attention's context (pushAttention).
 */

/**
 * ONNX IR version 10 (ONNX 1.16+) with opset 21 (LSTM-14, GRU-14, RNN-14, Gemm-13, Softmax-13,
 * Transpose-21, Reshape-21; for attention MatMul-13, Add-14, Tanh-13, Mul-14, ReduceSum-13, and
 * for text's padding mask Abs-13, ReduceMax-20, Greater-13, Cast-21, Equal-19, Or-7, Where-16).
 */
export const ONNX_IR_VERSION = 10;
export const ONNX_OPSET = 21;

export interface OnnxMetadata {
  /** The run's link query, so a reader can find the data and knobs the model was trained with. */
  link: string;
  epochsTrained: number;
}

/**
 * Each recurrent layer as one ONNX LSTM/GRU/RNN node over the time-major sequence, its weights as
 * initializers; between layers the directions are joined as Keras concatenates them, and the last
 * layer's final state becomes `last_h`, the head's input.
 */
function pushRecurrentLayers(
  spec: ModelSpec,
  weights: Weights,
  nodes: onnx.NodeProto.$Properties[],
  initializers: Tensor[],
): void {
  let x = 'input_time_major';
  const attention = attentionOf(spec);
  spec.layers.forEach((layer, l) => {
    const writer = CELL_KINDS[layer.cell].onnx;
    const { W, R, B, D, G } = onnxLayerWeights(layer, weights.layers[l]);
    if (D !== layer.directions) throw new Error(`layer ${l + 1} has ${D} directions of weights`);
    const name = `${writer.opType.toLowerCase()}_${l}`;
    initializers.push(
      floatTensor(`${name}_W`, [D, G, layer.inputSize], W),
      floatTensor(`${name}_R`, [D, G, layer.units], R),
      floatTensor(`${name}_B`, [D, 2 * G], B),
    );
    // With attention or a decoder the last layer hands on its whole sequence.
    const last = l === spec.layers.length - 1 && !attention && !decoderOf(spec);
    nodes.push({
      name,
      opType: writer.opType,
      // Inputs X, W, R, B; outputs Y (every timestep) and Y_h (the last).
      input: [x, `${name}_W`, `${name}_R`, `${name}_B`],
      output: last ? ['', `${name}_Y_h`] : [`${name}_Y`],
      attribute: [
        intAttr('hidden_size', layer.units),
        stringAttr('direction', layer.directions === 2 ? 'bidirectional' : 'forward'),
        ...Object.entries(writer.intAttributes).map(([key, i]) => intAttr(key, i)),
      ],
    });
    if (last) {
      nodes.push(transposeNode(`${name}_state_batch_major`, `${name}_Y_h`, `${name}_state`, [1, 0, 2]));
      nodes.push({
        name: 'last_state',
        opType: 'Reshape',
        input: [`${name}_state`, 'state_shape'],
        output: ['last_h'],
      });
    } else if (l === spec.layers.length - 1) {
      // The states for the attention, batch-major: Y [T, D, B, H] → [B, T, D, H] → [B, T, D·H].
      nodes.push(transposeNode(`${name}_batch_major`, `${name}_Y`, `${name}_Y_btdh`, [2, 0, 1, 3]));
      nodes.push({
        name: `${name}_states`,
        opType: 'Reshape',
        input: [`${name}_Y_btdh`, 'sequence_shape'],
        output: ['states'],
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
}

/** The model's attention layer, if it has one. */
const attentionOf = (spec: ModelSpec): AttentionLayerSpec | undefined =>
  spec.model.find((l): l is AttentionLayerSpec => l.kind === 'attention');

/**
 * The attention over `states` [B, T, D] in standard operators, into `last_h` (the context) for
 * the head: scores e [B, T, 1] = MatMul(Tanh(MatMul(states, W [D, A]) + b), v [A, 1]) (additive)
 * or MatMul(states, q [D, 1]) (dot); Softmax over axis 1 (the steps) gives α [B, T, 1]; the
 * context is ReduceSum over the steps of α·states (Mul broadcasts α over D). Text's padding
 * (attention.maskPadding) is masked before the Softmax as the engines mask it (pushPaddingMask).
 */
function pushAttention(
  attention: AttentionLayerSpec,
  weights: Weights,
  nodes: onnx.NodeProto.$Properties[],
  initializers: Tensor[],
): void {
  const w = weights.attention;
  if (!w) throw new Error('an attention layer without its weights');
  const { inputSize: D, hidden: A } = attention;
  const node = (name: string, opType: string, input: string[], output = name) =>
    nodes.push({ name, opType, input, output: [output] });
  if (attention.score === 'additive') {
    if (!w.kernel || !w.bias) throw new Error('an additive attention layer without W and b');
    // W [D, A] row-major is MatMul's right operand as it is.
    initializers.push(
      floatTensor('attention_W', [D, A], w.kernel),
      floatTensor('attention_b', [A], w.bias),
      floatTensor('attention_v', [A, 1], w.vector),
    );
    node('attention_projection', 'MatMul', ['states', 'attention_W']);
    node('attention_biased', 'Add', ['attention_projection', 'attention_b']);
    node('attention_hidden', 'Tanh', ['attention_biased']);
    node('attention_scores', 'MatMul', ['attention_hidden', 'attention_v']);
  } else {
    initializers.push(floatTensor('attention_q', [D, 1], w.vector));
    node('attention_scores', 'MatMul', ['states', 'attention_q']);
  }
  initializers.push(int64Tensor('time_axis', [1]));
  const scores = attention.maskPadding ? pushPaddingMask(nodes, initializers) : 'attention_scores';
  nodes.push({
    name: 'attention_weights',
    opType: 'Softmax',
    input: [scores],
    output: ['attention_weights'],
    attribute: [intAttr('axis', 1)],
  });
  node('attention_weighted', 'Mul', ['attention_weights', 'states']);
  nodes.push({
    name: 'attention_context',
    opType: 'ReduceSum',
    input: ['attention_weighted', 'time_axis'],
    output: ['last_h'],
    attribute: [intAttr('keepdims', 0)],
  });
}

/** The model's decoder (an encoder–decoder, issue 23), if it has one. */
const decoderOf = (spec: ModelSpec): DecoderLayerSpec | undefined =>
  spec.model.find((l): l is DecoderLayerSpec => l.kind === 'decoder');

/** The Dense head on `last_h` (Gemm, then Softmax for classification); returns the graph's output. */
function pushHead(
  spec: ModelSpec,
  weights: Weights,
  nodes: onnx.NodeProto.$Properties[],
  initializers: Tensor[],
) {
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
  return [valueInfo(ONNX_OUTPUT, ['batch', spec.outputs])];
}

export function onnxModel(spec: ModelSpec, weights: Weights, metadata: OnnxMetadata): Uint8Array {
  const nodes: onnx.NodeProto.$Properties[] = [];
  const initializers: Tensor[] = [int64Tensor('state_shape', [0, -1])]; // [B, D, H] → [B, D·H]
  const attention = attentionOf(spec);
  const decoder = decoderOf(spec);
  if (spec.layers.length > 1 || attention || decoder)
    initializers.push(int64Tensor('sequence_shape', [0, 0, -1])); // [T, B, D, H] → [T, B, D·H]
  nodes.push(transposeNode('time_major', ONNX_INPUT, 'input_time_major', [1, 0, 2]));
  pushRecurrentLayers(spec, weights, nodes, initializers);
  if (attention) pushAttention(attention, weights, nodes, initializers);
  const outputs = decoder
    ? pushDecoder(decoder, weights, nodes, initializers)
    : pushHead(spec, weights, nodes, initializers);
  const docString = decoder
    ? 'A greedy translation: each output step’s probabilities and chosen symbol.'
    : spec.task === 'classification'
      ? 'Class probabilities from a sequence.'
      : 'Scaled forecast from a sequence.';
  const model: onnx.ModelProto.$Properties = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'LSTM Playground',
    producerVersion: '1',
    docString,
    graph: {
      name: 'lstm_playground',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, ['batch', spec.timesteps, spec.features])],
      output: outputs,
    },
    metadataProps: [
      { key: 'lstm_playground_link', value: metadata.link },
      { key: 'epochs_trained', value: String(metadata.epochsTrained) },
    ],
  };
  return onnx.ModelProto.encode(model).finish();
}
