import type { DecoderLayerSpec } from '../model/layers';
import type { DecoderWeights, Weights } from '../model/params';
import { onnx } from './onnx/onnxProto.js';
import {
  type Attribute,
  floatTensor,
  INT64,
  int64Tensor,
  intAttr,
  maskScores,
  ONNX_INPUT,
  ONNX_OUTPUT,
  onnxLayerWeights,
  pushPaddingKept,
  type Tensor,
  valueInfo,
} from './onnxNodes';

/** The translation graph's second output: the chosen symbols [B, T_out] (int64). */
export const ONNX_SYMBOLS = 'symbols';

type Node = onnx.NodeProto.$Properties;

/**
 * An encoder–decoder's decoder (issue 23; engine/reference/seq2seq.ts) in ONE graph with greedy
 * decoding UNROLLED over the output steps: step i's ArgMax → OneHot is step i+1's input, so one
 * onnxruntime run returns the whole translation. Unrolled rather than a Loop or a separate
 * decoder-step graph because T_out is fixed by the data (10 for dates), the steps are few, no
 * Loop op or control flow is needed, and a page needs one file and one run, not its own loop
 * feeding states back between runs.
 * From `states` [B, T_in, D] (the encoder's last layer, batch-major), per step i:
 *   x_i [B, V+1] (OneHot of the start symbol V, then of the last choice) → Unsqueeze [1, B, V+1]
 *   → LSTM (seq_length 1; step 0 from zeros, then the last step's Y_h, Y_c) → s_i [B, H]
 *   → q_i = s_i (dot) or MatMul(s_i, Wa [H, D]) (general) → scores MatMul(states, q_i [B, D, 1])
 *   [B, T_in, 1] (text: the padding's set to f32's lowest, as the attention's) → Softmax over the
 *   steps → context ReduceSum(α·states) [B, D] → h̃ = Tanh(Gemm(Concat(context, s_i), Wc, bc))
 *   → Gemm(h̃, Wo, bo) → Softmax → p_i [B, V] → ArgMax (the first of equals, as the engines').
 * Outputs: `output` [B, T_out, V] each step's probabilities as decoded, `symbols` [B, T_out].
 */
export function pushDecoder(
  decoder: DecoderLayerSpec,
  weights: Weights,
  nodes: Node[],
  initializers: Tensor[],
): onnx.ValueInfoProto.$Properties[] {
  const w = weights.decoder;
  if (!w) throw new Error('a decoder without its weights');
  const { steps: S, vocabulary: V } = decoder;
  pushDecoderWeights(decoder, w, weights, initializers);
  if (decoder.maskPadding) pushPaddingKept(nodes, initializers);
  const node = (name: string, opType: string, input: string[], attribute: Attribute[] = []) =>
    nodes.push({ name, opType, input, output: [name], attribute });
  // The start symbol V for every row of the batch: [B] from the input's shape.
  node('decoder_batch', 'Shape', [ONNX_INPUT], [intAttr('start', 0), intAttr('end', 1)]);
  node(
    'decoder_start',
    'ConstantOfShape',
    ['decoder_batch'],
    [tensorAttr('value', int64Tensor('value', [V]))],
  );
  node('decoder_input_0', 'OneHot', ['decoder_start', 'decoder_depth', 'decoder_one_hot']);
  for (let i = 0; i < S; i++) pushStep(decoder, i, nodes);
  const each = (kind: string) => Array.from({ length: S }, (_, i) => `decoder_${i}_${kind}_step`);
  nodes.push({
    name: 'decoder_output',
    opType: 'Concat',
    input: each('p'),
    output: [ONNX_OUTPUT],
    attribute: [intAttr('axis', 1)],
  });
  nodes.push({
    name: 'decoder_symbols',
    opType: 'Concat',
    input: each('symbol'),
    output: [ONNX_SYMBOLS],
    attribute: [intAttr('axis', 1)],
  });
  return [valueInfo(ONNX_OUTPUT, ['batch', S, V]), valueInfo(ONNX_SYMBOLS, ['batch', S], INT64)];
}

const tensorAttr = (name: string, t: Tensor): Attribute => ({
  name,
  type: onnx.AttributeProto.AttributeType.TENSOR,
  t,
});

/** The decoder's LSTM in ONNX's layout (one direction), Wa, Wc, bc, the head, and the constants its steps read. */
function pushDecoderWeights(
  decoder: DecoderLayerSpec,
  w: DecoderWeights,
  weights: Weights,
  initializers: Tensor[],
) {
  const { inputSize: D, units: H, vocabulary: V } = decoder;
  const lstm = {
    kind: 'recurrent',
    cell: 'lstm',
    directions: 1,
    inputSize: V + 1,
    units: H,
    returnSequences: true,
  } as const;
  const { W, R, B, G } = onnxLayerWeights(lstm, w);
  initializers.push(
    floatTensor('decoder_W', [1, G, V + 1], W),
    floatTensor('decoder_R', [1, G, H], R),
    floatTensor('decoder_B', [1, 2 * G], B),
    floatTensor('decoder_Wc', [D + H, H], w.combineKernel),
    floatTensor('decoder_bc', [H], w.combineBias),
    floatTensor('decoder_Wo', [H, V], weights.headKernel),
    floatTensor('decoder_bo', [V], weights.headBias),
    int64Tensor('decoder_depth', [V + 1]),
    floatTensor('decoder_one_hot', [2], Float32Array.of(0, 1)), // OneHot's off and on values
    int64Tensor('axis_0', [0]),
    int64Tensor('time_axis', [1]),
    int64Tensor('axis_2', [2]),
  );
  if (decoder.score === 'general') {
    if (!w.attentionKernel) throw new Error('a general-score decoder without Wa');
    initializers.push(floatTensor('decoder_Wa', [H, D], w.attentionKernel));
  }
}

/** One output step i of greedy decoding (pushDecoder lists the operators). */
function pushStep(decoder: DecoderLayerSpec, i: number, nodes: Node[]): void {
  const at = (what: string) => `decoder_${i}_${what}`;
  const node = (what: string, opType: string, input: string[], attribute: Attribute[] = []) =>
    nodes.push({ name: at(what), opType, input, output: [at(what)], attribute });
  node('x', 'Unsqueeze', [`decoder_input_${i}`, 'axis_0']);
  const state = i === 0 ? [] : ['', `decoder_${i - 1}_h`, `decoder_${i - 1}_c`];
  nodes.push({
    name: at('lstm'),
    opType: 'LSTM',
    input: [at('x'), 'decoder_W', 'decoder_R', 'decoder_B', ...state],
    output: ['', at('h'), at('c')],
    attribute: [intAttr('hidden_size', decoder.units)],
  });
  node('s', 'Squeeze', [at('h'), 'axis_0']);
  if (decoder.score === 'general') node('q', 'MatMul', [at('s'), 'decoder_Wa']);
  node('q_column', 'Unsqueeze', [decoder.score === 'general' ? at('q') : at('s'), 'axis_2']);
  node('scores', 'MatMul', ['states', at('q_column')]);
  const scores = decoder.maskPadding ? maskScores(nodes, at('scores')) : at('scores');
  node('alpha', 'Softmax', [scores], [intAttr('axis', 1)]);
  node('weighted', 'Mul', [at('alpha'), 'states']);
  node('context', 'ReduceSum', [at('weighted'), 'time_axis'], [intAttr('keepdims', 0)]);
  node('joined', 'Concat', [at('context'), at('s')], [intAttr('axis', 1)]);
  node('combined', 'Gemm', [at('joined'), 'decoder_Wc', 'decoder_bc']);
  node('htilde', 'Tanh', [at('combined')]);
  node('logits', 'Gemm', [at('htilde'), 'decoder_Wo', 'decoder_bo']);
  node('p', 'Softmax', [at('logits')], [intAttr('axis', -1)]);
  node('symbol', 'ArgMax', [at('p')], [intAttr('axis', 1), intAttr('keepdims', 0)]);
  if (i + 1 < decoder.steps) {
    nodes.push({
      name: `decoder_input_${i + 1}`,
      opType: 'OneHot',
      input: [at('symbol'), 'decoder_depth', 'decoder_one_hot'],
      output: [`decoder_input_${i + 1}`],
    });
  }
  node('p_step', 'Unsqueeze', [at('p'), 'time_axis']);
  node('symbol_step', 'Unsqueeze', [at('symbol'), 'time_axis']);
}
