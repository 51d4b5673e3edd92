import { CELL_KINDS } from '../model/cellKinds';
import { directionsOf, type LayerWeights, type RecurrentWeights } from '../model/params';
import { interleavedToBlocks, transpose } from './gateLayout';
import type { CellKind, RecurrentLayerSpec } from './modelSpec';
import { onnx } from './onnx/onnxProto.js';

/** The ONNX export's building blocks (onnxModel.ts, onnxDecoder.ts): attributes, tensors, nodes. */

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;

export type Attribute = onnx.AttributeProto.$Properties;
export type Tensor = onnx.TensorProto.$Properties;

export const intAttr = (name: string, i: number): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i,
});
export const intsAttr = (name: string, ints: number[]): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints,
});
export const transposeNode = (name: string, input: string, output: string, perm: number[]) => ({
  name,
  opType: 'Transpose',
  input: [input],
  output: [output],
  attribute: [intsAttr('perm', perm)],
});
export const stringAttr = (name: string, s: string): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.STRING,
  s: new TextEncoder().encode(s),
});

export function floatTensor(name: string, dims: number[], values: Float32Array): Tensor {
  return {
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

export function int64Tensor(name: string, values: number[]): Tensor {
  const data = BigInt64Array.from(values.map(BigInt));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

export function valueInfo(
  name: string,
  dims: (number | string)[],
  elemType: number = FLOAT,
): onnx.ValueInfoProto.$Properties {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/**
 * The operator's two biases Wb and Rb [G·H] each, in our interleaved layout: ONNX adds them, so
 * a kind with one bias per gate writes Rb = 0, and one with a recurrent bias (the GRU's
 * linear_before_reset = 1) writes it as Rb.
 */
function onnxBiases(cell: CellKind, w: RecurrentWeights): [Float32Array, Float32Array] {
  if (!CELL_KINDS[cell].recurrentBias) return [w.bias, new Float32Array(w.bias.length)];
  if (!w.recurrentBias)
    throw new Error(`a ${CELL_KINDS[cell].keras.className} layer without its recurrent bias`);
  return [w.bias, w.recurrentBias];
}

/** W [D, G·H, F], R [D, G·H, H], B [D, 2·G·H] of a layer's directions, forward first, in the operator's layout. */
export function onnxLayerWeights(layer: RecurrentLayerSpec, w: LayerWeights) {
  const { inputSize, units } = layer;
  const { order } = CELL_KINDS[layer.cell].onnx;
  const G = order.length * units;
  const directions = directionsOf(w);
  const D = directions.length;
  const W = new Float32Array(D * G * inputSize);
  const R = new Float32Array(D * G * units);
  const B = new Float32Array(D * 2 * G);
  directions.forEach((dir, d) => {
    W.set(
      transpose(interleavedToBlocks(dir.kernel, inputSize, units, order), inputSize, G),
      d * G * inputSize,
    );
    R.set(transpose(interleavedToBlocks(dir.recurrent, units, units, order), units, G), d * G * units);
    const [wb, rb] = onnxBiases(layer.cell, dir);
    B.set(interleavedToBlocks(wb, 1, units, order), d * 2 * G);
    B.set(interleavedToBlocks(rb, 1, units, order), d * 2 * G + G);
  });
  return { W, R, B, D, G };
}

/**
 * The engines' attention_padding_mask in standard operators, on the model's input [B, T, F]: a step
 * is real where ReduceMax(Abs(x)) over the features > 0; a batch row with no real step keeps every
 * step (Equal(ReduceMax over the steps, 0)), as the engines do rather than divide by zero. A masked
 * step's score becomes f32's lowest value (Where), so the Softmax gives it exactly 0 and the real
 * steps the engines' weights. Returns the masked scores' name (`time_axis` must exist).
 */
export function pushPaddingMask(
  nodes: onnx.NodeProto.$Properties[],
  initializers: Tensor[],
  scores = 'attention_scores',
): string {
  pushPaddingKept(nodes, initializers);
  return maskScores(nodes, scores);
}

/** `padding_kept` [B, T, 1] (bool): the steps pushPaddingMask keeps in the softmax. */
export function pushPaddingKept(nodes: onnx.NodeProto.$Properties[], initializers: Tensor[]): void {
  const node = (name: string, opType: string, input: string[], attribute: Attribute[] = []) =>
    nodes.push({ name, opType, input, output: [name], attribute });
  initializers.push(
    int64Tensor('feature_axis', [2]),
    floatTensor('padding_zero', [], Float32Array.of(0)),
    floatTensor('padding_score', [], Float32Array.of(-3.4028234663852886e38)),
  );
  node('padding_abs', 'Abs', [ONNX_INPUT]);
  node('padding_largest', 'ReduceMax', ['padding_abs', 'feature_axis'], [intAttr('keepdims', 1)]);
  node('padding_real', 'Greater', ['padding_largest', 'padding_zero']); // [B, T, 1] bool
  node('padding_real_float', 'Cast', ['padding_real'], [intAttr('to', FLOAT)]);
  node('padding_any', 'ReduceMax', ['padding_real_float', 'time_axis'], [intAttr('keepdims', 1)]);
  node('padding_none_real', 'Equal', ['padding_any', 'padding_zero']); // [B, 1, 1]
  node('padding_kept', 'Or', ['padding_real', 'padding_none_real']); // [B, T, 1]
}

/** `scores` [B, T, 1] with the padding's lowest (after pushPaddingMask made padding_kept); returns the name. */
export function maskScores(nodes: onnx.NodeProto.$Properties[], scores: string): string {
  const masked = scores.replace(/scores$/, 'masked_scores');
  nodes.push({
    name: masked,
    opType: 'Where',
    input: ['padding_kept', scores, 'padding_score'],
    output: [masked],
  });
  return masked;
}
