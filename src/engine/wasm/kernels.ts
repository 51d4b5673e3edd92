import type { OptimizerName } from '../../model/config';
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
import { ADAM_BETA1, ADAM_BETA2, EPSILON, MOMENTUM, RMSPROP_RHO } from '../contracts/optimizerConstants';
import type { CpuKernels } from '../cpu/kernels';
import type { KernelPool } from './kernelPool';

/**
 * The WebAssembly kernels (wasm/*.ts), each under the name of its twin in src/engine/reference/
 * and taking the twin's dims and buffers in the twin's order: a buffer here is a typed-array view
 * on the engine's WebAssembly memory (KernelPool.arena) instead of any array. A call is one kernel
 * call, on this thread or shared by every thread (`parallel` below: where the work is large enough
 * to pay for waking the helpers). The per-call tests (kernels.test.ts) hold each to its twin.
 * The one CPU step (cpu/model.ts) runs on them through CpuKernels.
 */

type F32 = Float32Array;

/** Below these amounts of work a call stays on the calling thread. */
const PARALLEL = { flops: 32_768, floats: 8_192 };

export class WasmKernels implements CpuKernels<Float32Array> {
  constructor(readonly pool: KernelPool) {}

  private at(view: Float32Array | Float64Array | Uint32Array, offset = 0): number {
    return this.pool.address(view, offset);
  }

  matmul(dims: MatmulDims, a: F32, b: F32, c: F32, bias: F32 | null): void {
    const { m, n, k } = dims;
    const ints = [
      m,
      n,
      k,
      dims.transA ? 1 : 0,
      dims.transB ? 1 : 0,
      this.at(a, dims.a_off),
      this.at(b, dims.b_off),
      this.at(c, dims.c_off),
      bias ? this.at(bias, dims.bias_off) : 0,
    ];
    this.pool.run('MATMUL', ints, [], 2 * m * n * k >= PARALLEL.flops);
  }

  lstm_cell_forward(
    dims: CellDims,
    t: number,
    gates: F32,
    U: F32,
    c: F32,
    mrec: F32,
    hprev: F32,
    h: F32,
    hprevIn: F32,
    hprevOut: F32,
    probe: F32,
  ): void {
    this.cell('LSTM_CELL_FORWARD', dims, t, [gates, U, c, mrec, hprev, h, hprevIn, hprevOut, probe]);
  }

  lstm_cell_backward(
    dims: CellDims,
    t: number,
    gates: F32,
    U: F32,
    c: F32,
    mrec: F32,
    dH: F32,
    dz: F32,
    dc: F32,
    dc_steps: F32,
    dh_steps: F32,
  ) {
    this.cell('LSTM_CELL_BACKWARD', dims, t, [gates, U, c, mrec, dH, dz, dc, dc_steps, dh_steps]);
  }

  /**
   * lstm_cell_forward over every step of the direction in one job (the twin of
   * reference/lstmSequence.ts): each thread runs every timestep of its own batch rows (rows never
   * wait on each other), so the threads meet once per layer and direction instead of once per t.
   * Its carry is hprev's blocks themselves (wasm/lstmCell.ts says why that is the same).
   */
  lstm_sequence_forward(
    dims: CellDims,
    gates: F32,
    U: F32,
    c: F32,
    mrec: F32,
    hprev: F32,
    h: F32,
    probe: F32,
  ): void {
    this.cell('LSTM_CELL_FORWARD', dims, -1, [gates, U, c, mrec, hprev, h, null, null, probe]);
  }

  /** lstm_cell_backward over every step in one job, in the reverse of the forward's order. */
  lstm_sequence_backward(
    dims: CellDims,
    gates: F32,
    U: F32,
    c: F32,
    mrec: F32,
    dH: F32,
    dz: F32,
    dc: F32,
    dc_steps: F32,
    dh_steps: F32,
  ) {
    this.cell('LSTM_CELL_BACKWARD', dims, -1, [gates, U, c, mrec, dH, dz, dc, dc_steps, dh_steps]);
  }

  gru_cell_forward(
    dims: CellDims,
    t: number,
    gates: F32,
    U: F32,
    hrec: F32,
    mrec: F32,
    h: F32,
    rbias: F32,
    hprev: F32,
    probe: F32,
  ): void {
    this.cell('GRU_CELL_FORWARD', dims, t, [gates, U, hrec, mrec, h, rbias, hprev, probe]);
  }

  gru_cell_backward(
    dims: CellDims,
    t: number,
    gates: F32,
    U: F32,
    hrec: F32,
    mrec: F32,
    h: F32,
    dH: F32,
    dz: F32,
    dzr: F32,
    dc: F32,
    dh_steps: F32,
  ): void {
    this.cell('GRU_CELL_BACKWARD', dims, t, [gates, U, hrec, mrec, h, dH, dz, dzr, dc, dh_steps]);
  }

  /** gru_cell_forward for every step of the direction in one job, as lstm_sequence_forward. */
  gru_cell_forward_steps(
    dims: CellDims,
    gates: F32,
    U: F32,
    hrec: F32,
    mrec: F32,
    h: F32,
    rbias: F32,
    hprev: F32,
    probe: F32,
  ) {
    this.cell('GRU_CELL_FORWARD', dims, -1, [gates, U, hrec, mrec, h, rbias, hprev, probe]);
  }

  /** gru_cell_backward for every step, in the reverse of the forward's order, in one job. */
  gru_cell_backward_steps(
    dims: CellDims,
    gates: F32,
    U: F32,
    hrec: F32,
    mrec: F32,
    h: F32,
    dH: F32,
    dz: F32,
    dzr: F32,
    dc: F32,
    dh_steps: F32,
  ): void {
    this.cell('GRU_CELL_BACKWARD', dims, -1, [gates, U, hrec, mrec, h, dH, dz, dzr, dc, dh_steps]);
  }

  simple_rnn_cell_forward(
    dims: CellDims,
    t: number,
    gates: F32,
    U: F32,
    mrec: F32,
    h: F32,
    hprev: F32,
    probe: F32,
  ) {
    this.cell('SIMPLE_RNN_CELL_FORWARD', dims, t, [gates, U, mrec, h, hprev, probe]);
  }

  simple_rnn_cell_backward(
    dims: CellDims,
    t: number,
    gates: F32,
    U: F32,
    mrec: F32,
    dH: F32,
    dz: F32,
    dh_steps: F32,
  ) {
    this.cell('SIMPLE_RNN_CELL_BACKWARD', dims, t, [gates, U, mrec, dH, dz, dh_steps]);
  }

  /** simple_rnn_cell_forward for every step of the direction in one job. */
  simple_rnn_cell_forward_steps(
    dims: CellDims,
    gates: F32,
    U: F32,
    mrec: F32,
    h: F32,
    hprev: F32,
    probe: F32,
  ): void {
    this.cell('SIMPLE_RNN_CELL_FORWARD', dims, -1, [gates, U, mrec, h, hprev, probe]);
  }

  /** simple_rnn_cell_backward for every step, in the reverse of the forward's order, in one job. */
  simple_rnn_cell_backward_steps(
    dims: CellDims,
    gates: F32,
    U: F32,
    mrec: F32,
    dH: F32,
    dz: F32,
    dh_steps: F32,
  ): void {
    this.cell('SIMPLE_RNN_CELL_BACKWARD', dims, -1, [gates, U, mrec, dH, dz, dh_steps]);
  }

  /** acc[r] += ‖grad[r, ·]‖₂ over rows T·B (the inside views' gradient norms through time). */
  grad_norm_steps(dims: NormDims, grad: F32, acc: F32): void {
    const { rows, cols } = dims;
    this.pool.run(
      'GRAD_NORM_STEPS',
      [rows, cols, this.at(grad), this.at(acc)],
      [],
      rows * cols >= PARALLEL.floats,
    );
  }

  gather_batch(dims: GatherDims, idx: Uint32Array, x: F32, y: F32, x0: F32, y0: F32): void {
    const { batch: B, steps: T, features: F, outputs: K } = dims;
    const ints = [B, T, F, K, this.at(idx), this.at(x), this.at(y), this.at(x0), this.at(y0)];
    this.pool.run('GATHER_BATCH', ints, [], T * B * F >= PARALLEL.floats);
  }

  mask_rows(dims: RowsDims, src: F32, out: F32, mask: F32): void {
    const { rows, cols, batch } = dims;
    const at = [this.at(src, dims.src_off), this.at(out, dims.out_off), this.at(mask)];
    const ints = [rows, cols, batch, ...at, dims.accumulate ? 1 : 0];
    this.pool.run('MASK_ROWS', ints, [], rows * cols >= PARALLEL.floats);
  }

  sum_rows(dims: RowsDims, src: F32, out: F32): void {
    const { rows, cols } = dims;
    const ints = [rows, cols, this.at(src, dims.src_off), this.at(out, dims.out_off)];
    this.pool.run('SUM_ROWS', ints, [], rows * cols >= PARALLEL.floats);
  }

  last_hidden(dims: LastDims, h: F32, mask: F32, hd: F32): void {
    this.lastHidden('LAST_HIDDEN', dims, [h, mask, hd]);
  }

  last_hidden_backward(dims: LastDims, dhd: F32, mask: F32, dH: F32): void {
    this.lastHidden('LAST_HIDDEN_BACKWARD', dims, [dhd, mask, dH]);
  }

  dropout_mask(params: MaskParams, step: number, mask: F32): void {
    const { seed, stream, threshold, count, scale } = params;
    const ints = [seed | 0, stream | 0, threshold | 0, count, step | 0, this.at(mask)];
    this.pool.run('DROPOUT_MASK', ints, [scale], count >= PARALLEL.floats);
  }

  softmax_cross_entropy(
    dims: LossDims,
    step: LossStep,
    logits: F32,
    y: F32,
    dlogits: F32,
    outputs: F32,
    rowLoss: F32,
    stepLoss: F32,
  ): void {
    this.pool.run(
      'SOFTMAX_CROSS_ENTROPY',
      this.lossInts(dims, step, logits, y, dlogits, outputs, rowLoss, stepLoss),
      [],
      false,
    );
  }

  mse_loss(
    dims: LossDims,
    step: LossStep,
    logits: F32,
    y: F32,
    dlogits: F32,
    outputs: F32,
    rowLoss: F32,
    stepLoss: F32,
  ): void {
    this.pool.run(
      'MSE_LOSS',
      this.lossInts(dims, step, logits, y, dlogits, outputs, rowLoss, stepLoss),
      [],
      false,
    );
  }

  grad_norm_sq(opt: OptParams, w: F32, g: F32, regularized: F32, partials: Float64Array): void {
    this.pool.run(
      'GRAD_NORM_SQ',
      this.normInts(opt, w, g, regularized, partials),
      [0, opt.l1, opt.l2],
      opt.count >= PARALLEL.floats,
    );
  }

  grad_norm_total(opt: OptParams, partials: Float64Array): void {
    this.pool.run('GRAD_NORM_TOTAL', [opt.count, opt.groups, opt.wg, 0, 0, 0, this.at(partials)], [], false);
  }

  optimizer_update(
    opt: OptParams,
    step: OptStep,
    optimizer: OptimizerName,
    w: F32,
    g: F32,
    m: F32,
    v: F32,
    regularized: F32,
    partials: Float64Array,
  ): void {
    const kind = this.pool.constant[optimizer.toUpperCase()];
    const ints = [
      opt.count,
      opt.groups,
      kind,
      ...[w, g, m, v, regularized].map((x) => this.at(x)),
      this.at(partials),
    ];
    const floats = [
      opt.lr,
      opt.l1,
      opt.l2,
      opt.clipnorm,
      step.c1,
      step.c2,
      ADAM_BETA1,
      ADAM_BETA2,
      EPSILON,
      MOMENTUM,
      RMSPROP_RHO,
    ];
    this.pool.run('OPTIMIZER_UPDATE', ints, floats, opt.count >= PARALLEL.floats);
  }

  /**
   * Attention (wasm/attention.ts; twins in reference/attention.ts): each backward in the twin's
   * two halves, with de [T·B] between them. Threads share the batch rows (forward, states) or the
   * parameters' columns (weights).
   */
  additive_attention_forward(
    dims: AttentionDims,
    hs: F32,
    W: F32,
    bias: F32,
    v: F32,
    mask: F32,
    pre: F32,
    scores: F32,
    alpha: F32,
    context: F32,
  ): void {
    const buffers = [hs, W, bias, v, mask, pre, scores, alpha, context];
    this.attention('ADDITIVE_ATTENTION_FORWARD', dims, buffers, dims.hidden * dims.width);
  }

  dot_attention_forward(
    dims: AttentionDims,
    hs: F32,
    q: F32,
    mask: F32,
    scores: F32,
    alpha: F32,
    context: F32,
  ): void {
    this.attention('DOT_ATTENTION_FORWARD', dims, [hs, q, mask, scores, alpha, context], 2 * dims.width);
  }

  additive_attention_backward_states(
    dims: AttentionDims,
    hs: F32,
    W: F32,
    v: F32,
    pre: F32,
    alpha: F32,
    dcontext: F32,
    de: F32,
    dhs: F32,
  ): void {
    const buffers = [hs, W, v, pre, alpha, dcontext, de, dhs];
    this.attention('ADDITIVE_ATTENTION_BACKWARD_STATES', dims, buffers, dims.hidden * dims.width);
  }

  additive_attention_backward_weights(
    dims: AttentionDims,
    hs: F32,
    v: F32,
    pre: F32,
    de: F32,
    dW: F32,
    dbias: F32,
    dv: F32,
  ): void {
    const buffers = [hs, v, pre, de, dW, dbias, dv];
    this.attention('ADDITIVE_ATTENTION_BACKWARD_WEIGHTS', dims, buffers, dims.hidden * dims.width);
  }

  dot_attention_backward_states(
    dims: AttentionDims,
    hs: F32,
    q: F32,
    alpha: F32,
    dcontext: F32,
    de: F32,
    dhs: F32,
  ): void {
    this.attention('DOT_ATTENTION_BACKWARD_STATES', dims, [hs, q, alpha, dcontext, de, dhs], 3 * dims.width);
  }

  dot_attention_backward_weights(dims: AttentionDims, hs: F32, de: F32, dq: F32): void {
    this.attention('DOT_ATTENTION_BACKWARD_WEIGHTS', dims, [hs, de, dq], dims.width);
  }

  /**
   * The encoder–decoder (wasm/seq2seq.ts; twins in reference/seq2seq.ts). teacher_forcing and
   * greedy_tokens copy a few floats per row: on this thread. The attention shares the decoder rows
   * (forward; the backward's first half, de and dq) and the encoder rows (its second half, dhs,
   * which reads every row's de: so two jobs); the pointwise pair shares the elements.
   */
  teacher_forcing(dims: DecoderDims, y0: F32, ydec: F32, xdec: F32): void {
    this.decoder('TEACHER_FORCING', dims, [], [y0, ydec, xdec], false);
  }

  greedy_tokens(dims: DecoderDims, step: number, outputs: F32, pred: F32): void {
    this.decoder('GREEDY_TOKENS', dims, [step], [outputs, pred], false);
  }

  luong_attention_forward(
    dims: DecoderDims,
    q: F32,
    hs: F32,
    mask: F32,
    scores: F32,
    alpha: F32,
    context: F32,
  ): void {
    this.decoder(
      'LUONG_ATTENTION_FORWARD',
      dims,
      [],
      [q, hs, mask, scores, alpha, context],
      this.luongPays(dims),
    );
  }

  luong_attention_backward(
    dims: DecoderDims,
    q: F32,
    hs: F32,
    alpha: F32,
    dcontext: F32,
    de: F32,
    dq: F32,
    dhs: F32,
  ): void {
    const [buffers, parallel] = [[q, hs, alpha, dcontext, de, dq, dhs], this.luongPays(dims)];
    this.decoder('LUONG_ATTENTION_BACKWARD_QUERIES', dims, [], buffers, parallel);
    this.decoder('LUONG_ATTENTION_BACKWARD_STATES', dims, [], buffers, parallel);
  }

  attentional_hidden(dims: PointwiseDims, za: F32, zb: F32, out: F32): void {
    this.pointwise('ATTENTIONAL_HIDDEN', dims, [za, zb, out]);
  }

  attentional_hidden_backward(dims: PointwiseDims, out: F32, dout: F32, dz: F32): void {
    this.pointwise('ATTENTIONAL_HIDDEN_BACKWARD', dims, [out, dout, dz]);
  }

  /** dims.width is the input's features F here (reference/attention.ts). */
  attention_padding_mask(dims: AttentionDims, x0: F32, mask: F32): void {
    this.attention('ATTENTION_PADDING_MASK', dims, [x0, mask], dims.width / 2);
  }

  /** An attention job: INTS B, T, D, A, the buffers; shared when `perRow` flops · T·B pay for it. */
  private attention(kernel: string, dims: AttentionDims, buffers: F32[], perRow: number): void {
    const { batch, steps, width, hidden } = dims;
    const ints = [batch, steps, width, hidden, ...buffers.map((x) => this.at(x))];
    this.pool.run(kernel, ints, [], 2 * perRow * steps * batch >= PARALLEL.flops);
  }

  /** A decoder job: INTS B, T_in, T_out, D, V, `extra` (greedy's step), the buffers. */
  private decoder(
    kernel: string,
    dims: DecoderDims,
    extra: number[],
    buffers: F32[],
    parallel: boolean,
  ): void {
    const { batch, steps, out_steps, width, vocab } = dims;
    const ints = [batch, steps, out_steps, width, vocab, ...extra, ...buffers.map((x) => this.at(x))];
    this.pool.run(kernel, ints, [], parallel);
  }

  /** The attention's two products (scores and context, or their gradients): 4·T_out·B·T_in·D flops. */
  private luongPays(dims: DecoderDims): boolean {
    return 4 * dims.out_steps * dims.batch * dims.steps * dims.width >= PARALLEL.flops;
  }

  private pointwise(kernel: string, dims: PointwiseDims, buffers: F32[]): void {
    const ints = [dims.rows, dims.cols, ...buffers.map((x) => this.at(x))];
    this.pool.run(kernel, ints, [], dims.rows * dims.cols >= PARALLEL.floats);
  }

  /**
   * A cell kernel's call: the dims (wasm/cellDims.ts), t (−1: every step), its buffers in order
   * (null: a buffer the fused job does not use). probe_row NO_PROBE (u32 max) lands as −1 in the
   * job block's i32: no row.
   */
  private cell(kernel: string, dims: CellDims, t: number, buffers: (F32 | null)[]): void {
    const { batch, units, steps, reverse, h_stride, h_off, probe_row } = dims;
    const at = buffers.map((x) => (x ? this.at(x) : 0));
    this.pool.run(kernel, [batch, units, steps, t, reverse, h_stride, h_off, probe_row | 0, ...at]);
  }

  private lastHidden(kernel: string, dims: LastDims, buffers: F32[]): void {
    const { batch, units, steps, directions } = dims;
    this.pool.run(kernel, [batch, units, steps, directions, ...buffers.map((x) => this.at(x))], [], false);
  }

  private lossInts(dims: LossDims, step: LossStep, ...buffers: F32[]): number[] {
    return [dims.batch, dims.outputs, step.slot, ...buffers.map((x) => this.at(x))];
  }

  private normInts(opt: OptParams, w: F32, g: F32, regularized: F32, partials: Float64Array): number[] {
    return [opt.count, opt.groups, opt.wg, this.at(w), this.at(g), this.at(regularized), this.at(partials)];
  }
}
