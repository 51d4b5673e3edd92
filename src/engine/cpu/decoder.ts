import type { DecoderLayerSpec } from '../../model/layers';
import { type DecoderDims, matmulDims, type PointwiseDims, rowsDims } from '../contracts/dims';
import type { DecoderTensors, Floats } from '../contracts/tensors';
import { allocateDirection, type DirectionBuffers } from './directionBuffers';
import { CPU_CELLS, type CpuKernels } from './kernels';

/**
 * The decoder of the one CPU step's encoder–decoder (issue 23; reference/seq2seq.ts has the
 * equations): its buffers and the kernel calls, in the order the step runs them. The encoder is
 * the model's recurrent stack; the decoder reads its last layer's states `hs` [T_in·B, D] and
 * hands the head h̃ [T_out·B, H]; its backward writes the whole of that layer's dH.
 *   forward   teacher_forcing → X·W + b → the LSTM over T_out steps → (general: q = s·Wa) →
 *             luong_attention_forward → za = c·Wc_c + bc, zb = s·Wc_s → attentional_hidden
 *   backward  attentional_hidden_backward → dWc, dbc, dc, ds → luong_attention_backward →
 *             (general: dWa, ds += dq·Waᵀ; dot: ds += dq) → the LSTM back → dW, dU, db
 * The decoder has no dropout (the knobs act on the encoder) and starts from zeros.
 */
export interface DecoderBuffers<A extends Floats> {
  spec: DecoderLayerSpec;
  dims: DecoderDims;
  /** The LSTM's buffers; its xd [T_out·B, V+1] is the decoder's input (teacher_forcing writes it). */
  dir: DirectionBuffers<A>;
  ydec: A; // [T_out·B, V] the loss's targets, time-major
  s: A; // [T_out·B, H] the decoder's states
  ds: A; // [T_out·B, H]
  q: A; // [T_out·B, D] general's query (dot reads s)
  dq: A; // [T_out·B, D]
  dqs: A; // [T_out·B, H] general's dq·Waᵀ
  mask: A; // [T_in·B] 1 a real encoder step
  scores: A; // [T_out·B·T_in]
  alpha: A; // [T_out·B·T_in]
  de: A; // [T_out·B·T_in]
  context: A; // [T_out·B, D]
  dcontext: A; // [T_out·B, D]
  za: A; // [T_out·B, H] c·Wc_c + bc
  zb: A; // [T_out·B, H] s·Wc_s
  htilde: A; // [T_out·B, H] what the head reads
  dhtilde: A; // [T_out·B, H]
  dz: A; // [T_out·B, H]
  dc: A; // [B, H] the LSTM's gradient carried back through time
  ones: A; // [B, H] "no dropout", and mask_rows' operand for a plain sum
  /** [B, T_out·V] greedy decoding's choices so far, and its own targets' scratch. */
  pred: A;
  predTargets: A;
}

export function allocateDecoder<A extends Floats>(
  spec: DecoderLayerSpec,
  B: number,
  T: number,
  training: boolean,
  floats: (n: number) => A,
): DecoderBuffers<A> {
  const { inputSize: D, units: H, steps: S, vocabulary: V } = spec;
  const grad = (n: number) => floats(training ? n : 0);
  const rows = S * B;
  const dir = allocateDirection('lstm', { B, T: S, F: V + 1, H, d: 0, dirs: 1 }, training, floats);
  return {
    spec,
    dims: { batch: B, steps: T, out_steps: S, width: D, vocab: V },
    dir,
    ydec: floats(rows * V),
    s: floats(rows * H),
    ds: grad(rows * H),
    q: floats(spec.score === 'general' ? rows * D : 0),
    dq: grad(rows * D),
    dqs: grad(spec.score === 'general' ? rows * H : 0),
    mask: floats(T * B).fill(1) as A,
    scores: floats(rows * T),
    alpha: floats(rows * T),
    de: grad(rows * T),
    context: floats(rows * D),
    dcontext: grad(rows * D),
    za: floats(rows * H),
    zb: floats(rows * H),
    htilde: floats(rows * H),
    dhtilde: grad(rows * H),
    dz: grad(rows * H),
    dc: grad(B * H),
    ones: floats(B * H).fill(1) as A,
    pred: floats(B * S * V),
    predTargets: floats(rows * V),
  };
}

/** Text's padding mask over the encoder's steps, from x0 [T_in·B, F] (once per forward). */
export function decoderMask<A extends Floats, L extends Floats>(
  k: CpuKernels<A, L>,
  dec: DecoderBuffers<A>,
  x0: A,
  features: number,
): void {
  if (!dec.spec.maskPadding) return;
  const { batch, steps } = dec.dims;
  k.attention_padding_mask({ batch, steps, width: features, hidden: 0 }, x0, dec.mask);
}

/**
 * The decoder's forward from targets y0 [B, T_out·V] (the batch's, or greedy decoding's own
 * choices) over the encoder's states hs: fills h̃, which the head reads.
 */
export function decoderForward<A extends Floats, L extends Floats>(
  k: CpuKernels<A, L>,
  dec: DecoderBuffers<A>,
  y0: A,
  targets: A,
  hs: A,
  w: DecoderTensors<A>,
): void {
  const { dims, dir, spec } = dec;
  const { width: D, vocab: V } = dims;
  const { units: H } = spec;
  const rows = dims.out_steps * dims.batch;
  k.teacher_forcing(dims, y0, targets, dir.xd);
  k.matmul(matmulDims(rows, 4 * H, V + 1), dir.xd, w.kernel, dir.gates, w.bias);
  CPU_CELLS.lstm.forward(k, { dir, w, mrec: dec.ones, h: dec.s, dH: dec.ds, dc: dec.dc });
  const q = queryOf(dec, w);
  if (w.attentionKernel) k.matmul(matmulDims(rows, D, H), dec.s, w.attentionKernel, q, null);
  k.luong_attention_forward(dims, q, hs, dec.mask, dec.scores, dec.alpha, dec.context);
  k.matmul(matmulDims(rows, H, D), dec.context, w.combineKernel, dec.za, w.combineBias);
  k.matmul({ ...matmulDims(rows, H, H), b_off: D * H }, dec.s, w.combineKernel, dec.zb, null);
  k.attentional_hidden(pointwise(rows, H), dec.za, dec.zb, dec.htilde);
}

/**
 * From dh̃ (the head's backward wrote it): the decoder's gradients into g, and the encoder's last
 * layer's whole gradient into dhs.
 */
export function decoderBackward<A extends Floats, L extends Floats>(
  k: CpuKernels<A, L>,
  dec: DecoderBuffers<A>,
  hs: A,
  dhs: A,
  w: DecoderTensors<A>,
  g: DecoderTensors<A>,
): void {
  const { dims, dir, spec } = dec;
  const { batch: B, width: D, vocab: V } = dims;
  const { units: H } = spec;
  const rows = dims.out_steps * B;
  k.attentional_hidden_backward(pointwise(rows, H), dec.htilde, dec.dhtilde, dec.dz);
  k.matmul(matmulDims(D, H, rows, true), dec.context, dec.dz, g.combineKernel, null);
  k.matmul({ ...matmulDims(H, H, rows, true), c_off: D * H }, dec.s, dec.dz, g.combineKernel, null);
  k.sum_rows(rowsDims(rows, H, B), dec.dz, g.combineBias);
  k.matmul(matmulDims(rows, D, H, false, true), dec.dz, w.combineKernel, dec.dcontext, null);
  k.matmul({ ...matmulDims(rows, H, H, false, true), b_off: D * H }, dec.dz, w.combineKernel, dec.ds, null);
  const q = queryOf(dec, w);
  k.luong_attention_backward(dims, q, hs, dec.alpha, dec.dcontext, dec.de, dec.dq, dhs);
  const add = { ...rowsDims(rows, H, B), accumulate: 1 };
  if (w.attentionKernel && g.attentionKernel) {
    k.matmul(matmulDims(H, D, rows, true), dec.s, dec.dq, g.attentionKernel, null);
    k.matmul(matmulDims(rows, H, D, false, true), dec.dq, w.attentionKernel, dec.dqs, null);
    k.mask_rows(add, dec.dqs, dec.ds, dec.ones);
  } else k.mask_rows(add, dec.dq, dec.ds, dec.ones);
  CPU_CELLS.lstm.backward(k, { dir, w, mrec: dec.ones, h: dec.s, dH: dec.ds, dc: dec.dc });
  k.matmul(matmulDims(V + 1, 4 * H, rows, true), dir.xd, dir.dz, g.kernel, null);
  // The first step's block of hprev is zero (the decoder starts from zeros): skipped, as the encoder's.
  const dU = { ...matmulDims(H, 4 * H, rows - B, true), a_off: B * H, b_off: B * 4 * H };
  k.matmul(dU, dir.hprev, dir.dz, g.recurrent, null);
  k.sum_rows(rowsDims(rows, 4 * H, B), dir.dz, g.bias);
}

/** The query: general's q = s·Wa, dot's the state itself. */
const queryOf = <A extends Floats>(dec: DecoderBuffers<A>, w: DecoderTensors<A>): A =>
  w.attentionKernel ? dec.q : dec.s;

const pointwise = (rows: number, cols: number): PointwiseDims => ({ rows, cols });
