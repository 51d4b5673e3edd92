import type { DecoderDims, PointwiseDims } from '../contracts/dims';
import type { Floats } from './types';

/**
 * The encoder–decoder's own kernels (issue 23): an LSTM decoder of T_out steps attending over the
 * T_in states of the encoder's last layer, Luong et al. 2015 ("Effective approaches to
 * attention-based neural machine translation"), without input feeding:
 *   the decoder's input   x_i = onehot(y_{i−1}) (teacher forcing; step 0 reads the start symbol V)
 *   its state             s_i = LSTM(x_i, s_{i−1}), s_0 from zeros (the encoder reaches it through
 *                         the attention alone)
 *   the query             q_i = s_i (dot) or Wa·s_i (general: one matmul before these kernels)
 *   the scores            e_ij = q_i·h_j over the encoder's real steps j (text's padding masked)
 *   the weights           α_ij = softmax_j(e_ij)
 *   the context           c_i = Σ_j α_ij·h_j
 *   attentional hidden    h̃_i = tanh(Wc·[c_i; s_i] + bc)   (two matmuls, then attentional_hidden)
 *   the output            softmax(Wo·h̃_i + bo) over the V symbols, a cross-entropy per step.
 * The readable oracle of the kernels every engine runs: the same names, buffers and order of work.
 * Buffers are time-major as every recurrent buffer (row i·B + b); a score or weight of decoder row
 * r = i·B + b over encoder step j sits at r·T_in + j. Sums in f64, one store per element.
 *   y0      [B, T_out·V]    a batch's targets as gather_batch copies them (one-hot per step)
 *   ydec    [T_out·B, V]    the same, time-major: the loss's targets
 *   xdec    [T_out·B, V+1]  the decoder's inputs
 *   q       [T_out·B, D]    hs [T_in·B, D]   mask [T_in·B] (1 a real step)
 *   scores, alpha, de       [T_out·B·T_in]
 *   context [T_out·B, D]
 */

/**
 * Teacher forcing: the time-major targets ydec from a batch's y0, and the decoder's inputs: row
 * 0·B + b the start symbol (column V), row i·B + b step i − 1's target. Greedy decoding runs it on
 * its own predictions (greedy_tokens) in place of y0.
 */
export function teacher_forcing(dims: DecoderDims, y0: Floats, ydec: Floats, xdec: Floats): void {
  const { batch: B, out_steps: S, vocab: V } = dims;
  for (let i = 0; i < S; i++) {
    for (let b = 0; b < B; b++) {
      const r = i * B + b;
      for (let v = 0; v < V; v++) ydec[r * V + v] = y0[b * S * V + i * V + v];
      for (let v = 0; v < V; v++) xdec[r * (V + 1) + v] = i === 0 ? 0 : y0[b * S * V + (i - 1) * V + v];
      xdec[r * (V + 1) + V] = i === 0 ? 1 : 0;
    }
  }
}

/**
 * Greedy decoding's choice at step `step`: pred [B, T_out·V] gets, at each row's step, the one-hot
 * of the most probable symbol of outputs [T_out·B, V] (the first of equals, as metrics' argmax).
 */
export function greedy_tokens(dims: DecoderDims, step: number, outputs: Floats, pred: Floats): void {
  const { batch: B, out_steps: S, vocab: V } = dims;
  for (let b = 0; b < B; b++) {
    const r = step * B + b;
    let best = 0;
    for (let v = 1; v < V; v++) if (outputs[r * V + v] > outputs[r * V + best]) best = v;
    for (let v = 0; v < V; v++) pred[b * S * V + step * V + v] = v === best ? 1 : 0;
  }
}

/** The scores e_ij of decoder row r over the encoder's steps, their masked softmax, and c_i. */
export function luong_attention_forward(
  dims: DecoderDims,
  q: Floats,
  hs: Floats,
  mask: Floats,
  scores: Floats,
  alpha: Floats,
  context: Floats,
): void {
  const { batch: B, steps: T, out_steps: S, width: D } = dims;
  for (let r = 0; r < S * B; r++) {
    const b = r % B;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < T; j++) {
      const h = (j * B + b) * D;
      let e = 0;
      for (let d = 0; d < D; d++) e += q[r * D + d] * hs[h + d];
      const real = mask[j * B + b] !== 0;
      scores[r * T + j] = real ? e : 0;
      if (real) max = Math.max(max, e);
    }
    let sum = 0;
    for (let j = 0; j < T; j++) if (mask[j * B + b] !== 0) sum += Math.exp(scores[r * T + j] - max);
    for (let j = 0; j < T; j++) {
      alpha[r * T + j] = mask[j * B + b] !== 0 ? Math.exp(scores[r * T + j] - max) / sum : 0;
    }
    for (let d = 0; d < D; d++) {
      let c = 0;
      for (let j = 0; j < T; j++) c += alpha[r * T + j] * hs[(j * B + b) * D + d];
      context[r * D + d] = c;
    }
  }
}

/**
 * From dcontext [T_out·B, D]: dα_ij = dc_i·h_j, de_ij = α_ij·(dα_ij − Σ_k α_ik·dα_ik), then
 * dq_i = Σ_j de_ij·h_j and the encoder states' whole gradient dh_j = Σ_i (α_ij·dc_i + de_ij·q_i)
 * (written, not accumulated: the attention is all that reads the encoder's last layer). In two
 * halves, as the GPU runs it: dh_j sums over every decoder row i, which one dispatch cannot read
 * before the other workgroups have written their rows' de (shaders/seq2seq.wgsl).
 */
export function luong_attention_backward(
  dims: DecoderDims,
  q: Floats,
  hs: Floats,
  alpha: Floats,
  dcontext: Floats,
  de: Floats,
  dq: Floats,
  dhs: Floats,
): void {
  luong_attention_backward_queries(dims, hs, alpha, dcontext, de, dq);
  luong_attention_backward_states(dims, q, alpha, dcontext, de, dhs);
}

/** The first half: each decoder row's de [T_in] and dq [D]. */
export function luong_attention_backward_queries(
  dims: DecoderDims,
  hs: Floats,
  alpha: Floats,
  dcontext: Floats,
  de: Floats,
  dq: Floats,
): void {
  const { batch: B, steps: T, out_steps: S, width: D } = dims;
  for (let r = 0; r < S * B; r++) {
    const b = r % B;
    let dot = 0;
    for (let j = 0; j < T; j++) {
      let da = 0;
      for (let d = 0; d < D; d++) da += dcontext[r * D + d] * hs[(j * B + b) * D + d];
      de[r * T + j] = da;
      dot += alpha[r * T + j] * da;
    }
    for (let j = 0; j < T; j++) de[r * T + j] = alpha[r * T + j] * (de[r * T + j] - dot);
    for (let d = 0; d < D; d++) {
      let g = 0;
      for (let j = 0; j < T; j++) g += de[r * T + j] * hs[(j * B + b) * D + d];
      dq[r * D + d] = g;
    }
  }
}

/** The second half: the encoder states' gradient dh_j = Σ_i (α_ij·dc_i + de_ij·q_i). */
export function luong_attention_backward_states(
  dims: DecoderDims,
  q: Floats,
  alpha: Floats,
  dcontext: Floats,
  de: Floats,
  dhs: Floats,
): void {
  const { batch: B, steps: T, out_steps: S, width: D } = dims;
  for (let j = 0; j < T; j++) {
    for (let b = 0; b < B; b++) {
      for (let d = 0; d < D; d++) {
        let g = 0;
        for (let i = 0; i < S; i++) {
          const r = i * B + b;
          g += alpha[r * T + j] * dcontext[r * D + d] + de[r * T + j] * q[r * D + d];
        }
        dhs[(j * B + b) * D + d] = g;
      }
    }
  }
}

/** h̃ = tanh(za + zb) over [rows, cols]: the combine's two products (za holds bc). */
export function attentional_hidden(dims: PointwiseDims, za: Floats, zb: Floats, out: Floats): void {
  const n = dims.rows * dims.cols;
  for (let i = 0; i < n; i++) out[i] = Math.tanh(za[i] + zb[i]);
}

/** dz = dh̃ ⊙ (1 − h̃²), the gradient at the combine's pre-activation. */
export function attentional_hidden_backward(
  dims: PointwiseDims,
  out: Floats,
  dout: Floats,
  dz: Floats,
): void {
  const n = dims.rows * dims.cols;
  for (let i = 0; i < n; i++) dz[i] = dout[i] * (1 - out[i] * out[i]);
}
