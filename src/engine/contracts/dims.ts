/**
 * The dims every engine's kernels take, field for field as the WGSL kernels' uniforms (shaders/),
 * and the reference twins (src/engine/reference/) and the WebAssembly kernels (src/engine/wasm/)
 * take them in the same order: the contract between the engines, beneath all of them.
 */

/** matmul: c[m, n] = op(a)[m, k] · op(b)[k, n] (+ bias[n]), operands from their *_off elements. */
export interface MatmulDims {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  a_off: number;
  b_off: number;
  c_off: number;
  bias_off: number;
}

/** Dims with every operand at offset 0. */
export const matmulDims = (m: number, n: number, k: number, transA = false, transB = false): MatmulDims => ({
  m,
  n,
  k,
  transA,
  transB,
  a_off: 0,
  b_off: 0,
  c_off: 0,
  bias_off: 0,
});

/** gather_batch: split rows → a time-major batch x0 [T·B, F] and y0 [B, K]. */
export interface GatherDims {
  batch: number; // B
  steps: number; // T
  features: number; // F
  outputs: number; // K
}

/** mask_rows and sum_rows share their dims (shaders/batch_ops.wgsl RowsDims). */
export interface RowsDims {
  rows: number;
  cols: number; // D
  batch: number; // B (mask_rows only)
  src_off: number;
  out_off: number;
  /** mask_rows: 1 adds to out (a Bidirectional layer's second direction's dX), 0 overwrites. */
  accumulate: number;
}

/** Dims of a whole tensor [rows, cols] at offset 0, overwritten. */
export const rowsDims = (rows: number, cols: number, batch: number): RowsDims => ({
  rows,
  cols,
  batch,
  src_off: 0,
  out_off: 0,
  accumulate: 0,
});

/** The head's input: each direction's last step (t = T−1 forward, t = 0 reverse), side by side. */
export interface LastDims {
  batch: number; // B
  units: number; // H
  steps: number; // T
  directions: number; // 1 or 2
}

/** grad_norm_steps: acc[r] += ‖grad[r, ·]‖₂ over [rows, cols]. */
export interface NormDims {
  rows: number; // T·B
  cols: number; // H
}

/** softmax_cross_entropy / mse_loss over logits [B, K]. */
export interface LossDims {
  batch: number; // B
  outputs: number; // K
}

/** The step uniform's fields a loss reads: which slot of stepLoss the mean goes to. */
export interface LossStep {
  slot: number;
}

/** The cell kernels' dims (every kind's: shaders/*_cell.wgsl CellDims). */
export interface CellDims {
  batch: number; // B
  units: number; // H
  steps: number; // T
  reverse: number; // 1: the previous step of t is t+1
  h_stride: number; // floats per row of h and dH (H, or 2H when Bidirectional)
  h_off: number; // this direction's first column in h and dH
  probe_row: number; // the batch row the forward copies into probe (NO_PROBE: none)
}

/** probe_row when no row is probed (u32 max in the kernels' uniform). */
export const NO_PROBE = 0xffffffff;

/** A forward direction's dims, h and dH H floats wide, no row probed. */
export const cellDims = (batch: number, units: number, steps: number): CellDims => ({
  batch,
  units,
  steps,
  reverse: 0,
  h_stride: units,
  h_off: 0,
  probe_row: NO_PROBE,
});

/** The mask kernel's parameters (shaders/dropout.wgsl MaskParams): rate 0 → threshold 0, scale 1. */
export interface MaskParams {
  seed: number;
  stream: number;
  /** dropout_threshold(rate): keep ⇔ hash ≥ threshold, as u32. */
  threshold: number;
  /** Entries of the mask: rows · cols. */
  count: number;
  /** 1 / (1 − rate) in f32, or 1. */
  scale: number;
}

/** The optimizer kernels' parameters (shaders/optimizer.wgsl OptParams) and the step's corrections. */
export interface OptParams {
  count: number; // floats in the flat arrays
  groups: number; // workgroups of grad_norm_sq (the kernel's NORM_TOTAL is this slot)
  wg: number; // floats of one workgroup's stride (the kernel's WG)
  lr: number;
  l1: number;
  l2: number;
  clipnorm: number; // 0 = off
}

export interface OptStep {
  /** Adam's bias corrections 1 − β1^t, 1 − β2^t (t = update number + 1; optimizerConstants.ts). */
  c1: number;
  c2: number;
}

/**
 * The attention kernels' dims (engine/reference/attention.ts): attention over the T states of a
 * recurrent layer that returns sequences, one weighted sum per batch row.
 */
export interface AttentionDims {
  batch: number; // B
  steps: number; // T
  width: number; // D: the states' width (units · directions)
  hidden: number; // A: the additive score's hidden width (the dot-product kind has none: 0)
}

/**
 * The encoder–decoder's kernels' dims (engine/reference/seq2seq.ts, issue 23): a decoder of
 * T_out steps attending (Luong) over the T_in states of the encoder's last layer.
 */
export interface DecoderDims {
  batch: number; // B
  steps: number; // T_in: the encoder's steps (the states attended over)
  out_steps: number; // T_out: the decoder's steps, one output symbol each
  width: number; // D: the encoder states' width, as wide as the decoder's state (Luong's dot)
  vocab: number; // V: the output symbols (the decoder reads V + 1: the symbols and the start)
}

/** A pointwise kernel over [rows, cols] (attentional_hidden and its backward). */
export interface PointwiseDims {
  rows: number;
  cols: number;
}
