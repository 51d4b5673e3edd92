import type { AttentionDims } from '../contracts/dims';
import type { Floats } from './types';

/**
 * Attention over a recurrent layer's states (issue 22): per batch row b a score e_t for every
 * step, the softmax α over the steps (padding masked out), and the context c = Σ_t α_t·h_t that
 * the head reads instead of the last state. Two kinds a class can compare:
 *   additive (Bahdanau)          e_t = vᵀ·tanh(W·h_t + b)     W [D, A], b [A], v [A]
 *   dot product, learned query   e_t = qᵀ·h_t                 q [D]
 * The readable oracle of the kernels that will run them on every engine: the same names, buffers
 * and order of work. Buffers, time-major as every recurrent buffer (row t·B + b):
 *   hs      [T·B, D]  the states (both directions side by side when Bidirectional)
 *   mask    [T·B]     1 a real step, 0 padding (text); a row needs at least one real step
 *   pre     [T·B, A]  (additive) tanh(W·h_t + b), kept for the backward
 *   scores  [T·B]     e_t (0 where masked): the numbers the view's hover shows
 *   alpha   [T·B]     α_t, summing to 1 over each row's real steps (0 where masked)
 *   context [B, D]    c
 * Backward, from dcontext [B, D]: dα_t = dc·h_t, de_t = α_t·(dα_t − Σ_s α_s·dα_s),
 * dh_t = α_t·dc + (∂e_t/∂h_t)ᵀ·de_t, and the parameters' gradients (written, not accumulated: one
 * attention layer per model). Sums in f64, one store per element (the twins' rule).
 */

/**
 * Text's padding mask, from the layer input x0 [T·B, F] (dims.width is F here, the input's
 * features): mask[t·B + b] = 1 where row t·B + b has any non-zero feature (a word, or the
 * out-of-vocabulary column), 0 where it is all zero (the padding text.ts writes in front of a
 * short window). A batch row with no real step at all gets all ones: it attends to every step
 * rather than divide by zero (a softmax over no step). Only for text: a numeric series may have
 * an all-zero row that is real.
 */
export function attention_padding_mask(dims: AttentionDims, x0: Floats, mask: Floats): void {
  const { batch: B, steps: T, width: F } = dims;
  for (let b = 0; b < B; b++) {
    let real = 0;
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let any = 0;
      for (let f = 0; f < F; f++) if (x0[r * F + f] !== 0) any = 1;
      mask[r] = any;
      real += any;
    }
    if (real === 0) for (let t = 0; t < T; t++) mask[t * B + b] = 1;
  }
}

/** The softmax over row b's real steps of `scores`, into alpha (a masked step gets 0). */
function maskedSoftmax(dims: AttentionDims, b: number, mask: Floats, scores: Floats, alpha: Floats): void {
  const { batch: B, steps: T } = dims;
  let max = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < T; t++) if (mask[t * B + b] !== 0) max = Math.max(max, scores[t * B + b]);
  let sum = 0;
  for (let t = 0; t < T; t++) if (mask[t * B + b] !== 0) sum += Math.exp(scores[t * B + b] - max);
  for (let t = 0; t < T; t++) {
    const r = t * B + b;
    alpha[r] = mask[r] !== 0 ? Math.exp(scores[r] - max) / sum : 0;
  }
}

/** context row b = Σ_t α_t·h_t. */
function weightedSum(dims: AttentionDims, b: number, hs: Floats, alpha: Floats, context: Floats): void {
  const { batch: B, steps: T, width: D } = dims;
  for (let d = 0; d < D; d++) {
    let c = 0;
    for (let t = 0; t < T; t++) c += alpha[t * B + b] * hs[(t * B + b) * D + d];
    context[b * D + d] = c;
  }
}

/**
 * de_t of row b into scores' place in `de` [T·B], and dh_t = α_t·dc into dhs (the score's own
 * term is added by each kind).
 */
function softmaxBackward(
  dims: AttentionDims,
  b: number,
  hs: Floats,
  alpha: Floats,
  dcontext: Floats,
  de: Floats,
  dhs: Floats,
): void {
  const { batch: B, steps: T, width: D } = dims;
  let dot = 0;
  for (let t = 0; t < T; t++) {
    const r = t * B + b;
    let da = 0;
    for (let d = 0; d < D; d++) da += dcontext[b * D + d] * hs[r * D + d];
    de[r] = da;
    dot += alpha[r] * da;
  }
  for (let t = 0; t < T; t++) {
    const r = t * B + b;
    de[r] = alpha[r] * (de[r] - dot);
    for (let d = 0; d < D; d++) dhs[r * D + d] = alpha[r] * dcontext[b * D + d];
  }
}

export function additive_attention_forward(
  dims: AttentionDims,
  hs: Floats,
  W: Floats,
  bias: Floats,
  v: Floats,
  mask: Floats,
  pre: Floats,
  scores: Floats,
  alpha: Floats,
  context: Floats,
): void {
  const { batch: B, steps: T, width: D, hidden: A } = dims;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let e = 0;
      for (let a = 0; a < A; a++) {
        let u = bias[a];
        for (let d = 0; d < D; d++) u += hs[r * D + d] * W[d * A + a];
        const p = Math.tanh(u);
        pre[r * A + a] = p;
        e += v[a] * pre[r * A + a];
      }
      scores[r] = mask[r] !== 0 ? e : 0;
    }
    maskedSoftmax(dims, b, mask, scores, alpha);
    weightedSum(dims, b, hs, alpha, context);
  }
}

/**
 * The backward in two halves, as the GPU runs it: the parameters' gradients sum over every row of
 * every batch row, and a batch row's de needs its own sum over the steps first; one dispatch cannot
 * wait for another workgroup's sum, so the kernels split where that sum is (shaders/attention.wgsl).
 * `de` [T·B] carries the scores' gradient from the first half to the second.
 */
export function additive_attention_backward(
  dims: AttentionDims,
  hs: Floats,
  W: Floats,
  v: Floats,
  pre: Floats,
  alpha: Floats,
  dcontext: Floats,
  dhs: Floats,
  dW: Floats,
  dbias: Floats,
  dv: Floats,
): void {
  const de = new Float64Array(dims.steps * dims.batch);
  additive_attention_backward_states(dims, hs, W, v, pre, alpha, dcontext, de, dhs);
  additive_attention_backward_weights(dims, hs, v, pre, de, dW, dbias, dv);
}

/** du_ra = de_r·v_a·(1 − p_ra²): the gradient at W·h + b, through tanh. */
const additiveDu = (de: Floats, v: Floats, pre: Floats, A: number, r: number, a: number) => {
  const p = pre[r * A + a];
  return de[r] * v[a] * (1 - p * p);
};

/** First half: de [T·B] and dh_td = α_t·dc_d + Σ_a W_da·du_ta, one batch row after another. */
export function additive_attention_backward_states(
  dims: AttentionDims,
  hs: Floats,
  W: Floats,
  v: Floats,
  pre: Floats,
  alpha: Floats,
  dcontext: Floats,
  de: Floats,
  dhs: Floats,
): void {
  const { batch: B, steps: T, width: D, hidden: A } = dims;
  for (let b = 0; b < B; b++) {
    softmaxBackward(dims, b, hs, alpha, dcontext, de, dhs);
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      for (let d = 0; d < D; d++) {
        let g = dhs[r * D + d];
        for (let a = 0; a < A; a++) g += W[d * A + a] * additiveDu(de, v, pre, A, r, a);
        dhs[r * D + d] = g;
      }
    }
  }
}

/** Second half: dv_a = Σ de_t·p_ta; db_a = Σ du_ta; dW_da = Σ h_td·du_ta, over all T·B rows. */
export function additive_attention_backward_weights(
  dims: AttentionDims,
  hs: Floats,
  v: Floats,
  pre: Floats,
  de: Floats,
  dW: Floats,
  dbias: Floats,
  dv: Floats,
): void {
  const { batch: B, steps: T, width: D, hidden: A } = dims;
  for (let a = 0; a < A; a++) {
    let gv = 0;
    let gb = 0;
    for (let r = 0; r < T * B; r++) {
      gv += de[r] * pre[r * A + a];
      gb += additiveDu(de, v, pre, A, r, a);
    }
    dv[a] = gv;
    dbias[a] = gb;
    for (let d = 0; d < D; d++) {
      let g = 0;
      for (let r = 0; r < T * B; r++) g += hs[r * D + d] * additiveDu(de, v, pre, A, r, a);
      dW[d * A + a] = g;
    }
  }
}

export function dot_attention_forward(
  dims: AttentionDims,
  hs: Floats,
  q: Floats,
  mask: Floats,
  scores: Floats,
  alpha: Floats,
  context: Floats,
): void {
  const { batch: B, steps: T, width: D } = dims;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let e = 0;
      for (let d = 0; d < D; d++) e += q[d] * hs[r * D + d];
      scores[r] = mask[r] !== 0 ? e : 0;
    }
    maskedSoftmax(dims, b, mask, scores, alpha);
    weightedSum(dims, b, hs, alpha, context);
  }
}

/** In the two halves of the additive kind's backward, and for the same reason. */
export function dot_attention_backward(
  dims: AttentionDims,
  hs: Floats,
  q: Floats,
  alpha: Floats,
  dcontext: Floats,
  dhs: Floats,
  dq: Floats,
): void {
  const de = new Float64Array(dims.steps * dims.batch);
  dot_attention_backward_states(dims, hs, q, alpha, dcontext, de, dhs);
  dot_attention_backward_weights(dims, hs, de, dq);
}

/** First half: de [T·B] and dh_td = α_t·dc_d + de_t·q_d, one batch row after another. */
export function dot_attention_backward_states(
  dims: AttentionDims,
  hs: Floats,
  q: Floats,
  alpha: Floats,
  dcontext: Floats,
  de: Floats,
  dhs: Floats,
): void {
  const { batch: B, steps: T, width: D } = dims;
  for (let b = 0; b < B; b++) {
    softmaxBackward(dims, b, hs, alpha, dcontext, de, dhs);
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      for (let d = 0; d < D; d++) dhs[r * D + d] += de[r] * q[d];
    }
  }
}

/** Second half: dq_d = Σ_r de_r·h_rd over all T·B rows. */
export function dot_attention_backward_weights(
  dims: AttentionDims,
  hs: Floats,
  de: Floats,
  dq: Floats,
): void {
  const { batch: B, steps: T, width: D } = dims;
  for (let d = 0; d < D; d++) {
    let g = 0;
    for (let r = 0; r < T * B; r++) g += de[r] * hs[r * D + d];
    dq[d] = g;
  }
}
