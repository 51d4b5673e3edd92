import type { CellType, OptimizerName } from '../../model/config';
import type {
  AttentionDims,
  CellDims,
  DecoderDims,
  GatherDims,
  LastDims,
  LossDims,
  LossStep,
  MaskParams,
  MatmulDims,
  NormDims,
  OptParams,
  OptStep,
  PointwiseDims,
  RowsDims,
} from '../contracts/dims';
import type { DirectionTensors, Floats } from '../contracts/tensors';

/**
 * The kernels the one CPU step (cpu/model.ts, cpu/backend.ts) runs on, by their twins' names,
 * with their twins' dims and buffers in their twins' order (MATH.md). The reference engine
 * implements them in plain TS (reference/kernels.ts), the WebAssembly engine on SIMD threads
 * (wasm/kernels.ts); a buffer is an array of type A, or L for the losses (the reference keeps
 * them in f64). A cell kernel runs every step of one direction in one call, in the direction's
 * order (the forward) or its reverse (the backward).
 */
export interface CpuKernels<A extends Floats, L extends Floats = A> {
  matmul(dims: MatmulDims, a: A, b: A, c: A, bias: A | null): void;
  gather_batch(dims: GatherDims, idx: Uint32Array, x: A, y: A, x0: A, y0: A): void;
  mask_rows(dims: RowsDims, src: A, out: A, mask: A): void;
  sum_rows(dims: RowsDims, src: A, out: A): void;
  last_hidden(dims: LastDims, h: A, mask: A, hd: A): void;
  last_hidden_backward(dims: LastDims, dhd: A, mask: A, dH: A): void;
  dropout_mask(params: MaskParams, step: number, mask: A): void;
  grad_norm_steps(dims: NormDims, grad: A, acc: A): void;
  softmax_cross_entropy(...args: LossArgs<A, L>): void;
  mse_loss(...args: LossArgs<A, L>): void;
  grad_norm_sq(opt: OptParams, w: A, g: A, regularized: A, partials: Float64Array): void;
  grad_norm_total(opt: OptParams, partials: Float64Array): void;
  optimizer_update(
    opt: OptParams,
    step: OptStep,
    optimizer: OptimizerName,
    w: A,
    g: A,
    m: A,
    v: A,
    regularized: A,
    partials: Float64Array,
  ): void;
  lstm_sequence_forward(dims: CellDims, gates: A, U: A, c: A, mrec: A, hprev: A, h: A, probe: A): void;
  lstm_sequence_backward(
    dims: CellDims,
    gates: A,
    U: A,
    c: A,
    mrec: A,
    dH: A,
    dz: A,
    dc: A,
    dc_steps: A,
    dh_steps: A,
  ): void;
  gru_cell_forward_steps(
    dims: CellDims,
    gates: A,
    U: A,
    hrec: A,
    mrec: A,
    h: A,
    rbias: A,
    hprev: A,
    probe: A,
  ): void;
  gru_cell_backward_steps(
    dims: CellDims,
    gates: A,
    U: A,
    hrec: A,
    mrec: A,
    h: A,
    dH: A,
    dz: A,
    dzr: A,
    dc: A,
    dh_steps: A,
  ): void;
  simple_rnn_cell_forward_steps(dims: CellDims, gates: A, U: A, mrec: A, h: A, hprev: A, probe: A): void;
  simple_rnn_cell_backward_steps(dims: CellDims, gates: A, U: A, mrec: A, dH: A, dz: A, dh_steps: A): void;
  // Attention (reference/attention.ts): each backward in its two halves, `de` [T·B] between them.
  /** Text's padding mask [T·B] from x0 [T·B, F] (dims.width = F). */
  attention_padding_mask(dims: AttentionDims, x0: A, mask: A): void;
  additive_attention_forward(
    dims: AttentionDims,
    hs: A,
    W: A,
    bias: A,
    v: A,
    mask: A,
    pre: A,
    scores: A,
    alpha: A,
    context: A,
  ): void;
  additive_attention_backward_states(
    dims: AttentionDims,
    hs: A,
    W: A,
    v: A,
    pre: A,
    alpha: A,
    dcontext: A,
    de: A,
    dhs: A,
  ): void;
  additive_attention_backward_weights(
    dims: AttentionDims,
    hs: A,
    v: A,
    pre: A,
    de: A,
    dW: A,
    dbias: A,
    dv: A,
  ): void;
  dot_attention_forward(dims: AttentionDims, hs: A, q: A, mask: A, scores: A, alpha: A, context: A): void;
  dot_attention_backward_states(dims: AttentionDims, hs: A, q: A, alpha: A, dcontext: A, de: A, dhs: A): void;
  dot_attention_backward_weights(dims: AttentionDims, hs: A, de: A, dq: A): void;
  // The encoder–decoder (reference/seq2seq.ts).
  teacher_forcing(dims: DecoderDims, y0: A, ydec: A, xdec: A): void;
  greedy_tokens(dims: DecoderDims, step: number, outputs: A, pred: A): void;
  luong_attention_forward(dims: DecoderDims, q: A, hs: A, mask: A, scores: A, alpha: A, context: A): void;
  luong_attention_backward(dims: DecoderDims, q: A, hs: A, alpha: A, dcontext: A, de: A, dq: A, dhs: A): void;
  attentional_hidden(dims: PointwiseDims, za: A, zb: A, out: A): void;
  attentional_hidden_backward(dims: PointwiseDims, out: A, dout: A, dz: A): void;
}

/** A loss: outputs, dlogits, each row's loss and the batch mean at slot step.slot (reference/loss.ts). */
type LossArgs<A extends Floats, L extends Floats> = [
  dims: LossDims,
  step: LossStep,
  logits: A,
  y: A,
  dlogits: A,
  outputs: A,
  rowLoss: L,
  stepLoss: L,
];

/** One direction's buffers as the cell kernels read them (cpu/model.ts allocates them). */
export interface CellBuffers<A extends Floats> {
  dims: CellDims;
  gates: A;
  c: A;
  hrec: A;
  hprev: A;
  dz: A;
  dzr: A;
  probe: A;
  dcSteps: A;
  dhSteps: A;
}

/** What a cell call is given: the direction's buffers and weights, the layer's h and dH, the masks. */
export interface CellCall<A extends Floats> {
  dir: CellBuffers<A>;
  w: DirectionTensors<A>;
  /** m_rec [B, H], all ones without recurrent dropout. */
  mrec: A;
  /** [T·B, dirs·H] the layer's output and the gradient reaching it. */
  h: A;
  dH: A;
  /** [B, H_max] the gradient carried back through time (the LSTM's c, the GRU's h). */
  dc: A;
}

/** A cell kind's calls: every step of one direction, forward or backward. */
interface CpuCell {
  forward<A extends Floats, L extends Floats>(k: CpuKernels<A, L>, c: CellCall<A>): void;
  backward<A extends Floats, L extends Floats>(k: CpuKernels<A, L>, c: CellCall<A>): void;
}

/** The GRU's recurrent bias (contracts/cells.ts gives the GRU one; the check keeps it so). */
function recurrentBias<A extends Floats>(w: DirectionTensors<A>): A {
  if (!w.recurrentBias) throw new Error('a GRU direction without its recurrent bias');
  return w.recurrentBias;
}

/** Each kind's kernels, by kind: a kind missing here fails `tsc`. */
export const CPU_CELLS = {
  lstm: {
    forward: (k, { dir: d, w, mrec, h }) =>
      k.lstm_sequence_forward(d.dims, d.gates, w.recurrent, d.c, mrec, d.hprev, h, d.probe),
    backward: (k, { dir: d, w, mrec, dH, dc }) =>
      k.lstm_sequence_backward(d.dims, d.gates, w.recurrent, d.c, mrec, dH, d.dz, dc, d.dcSteps, d.dhSteps),
  },
  gru: {
    forward: (k, { dir: d, w, mrec, h }) =>
      k.gru_cell_forward_steps(
        d.dims,
        d.gates,
        w.recurrent,
        d.hrec,
        mrec,
        h,
        recurrentBias(w),
        d.hprev,
        d.probe,
      ),
    backward: (k, { dir: d, w, mrec, h, dH, dc }) =>
      k.gru_cell_backward_steps(
        d.dims,
        d.gates,
        w.recurrent,
        d.hrec,
        mrec,
        h,
        dH,
        d.dz,
        d.dzr,
        dc,
        d.dhSteps,
      ),
  },
  simple_rnn: {
    forward: (k, { dir: d, w, mrec, h }) =>
      k.simple_rnn_cell_forward_steps(d.dims, d.gates, w.recurrent, mrec, h, d.hprev, d.probe),
    backward: (k, { dir: d, w, mrec, dH }) =>
      k.simple_rnn_cell_backward_steps(d.dims, d.gates, w.recurrent, mrec, dH, d.dz, d.dhSteps),
  },
} satisfies Record<CellType, CpuCell>;
