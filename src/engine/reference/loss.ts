import type { LossDims, LossStep } from '../contracts/dims';

export type { LossDims, LossStep } from '../contracts/dims';

import type { Floats } from './types';

/**
 * softmax_cross_entropy / mse_loss: the twins of the entry points of the same names in
 * shaders/head_loss.wgsl, with the same buffers in the shader's binding order (MATH.md "Loss").
 *   logits   [B, K] in;  y [B, K] targets (one-hot rows, or scaled values)
 *   dlogits  [B, K] out: the loss gradient
 *   outputs  [B, K] out: softmax probabilities (classification) or the logits (regression)
 *   rowLoss  [B]    out: each row's loss (evaluation sums these over the real rows of a split)
 *   stepLoss [cap]  out: the batch mean, at slot step.slot
 * The kernel sums the batch with WG threads and a tree; this sums row by row in f64.
 */

/** loss = −(1/B) Σ_b Σ_k y·log softmax(logits), as logsumexp − logit; dlogits = (p − y)/B. */
export function softmax_cross_entropy(
  dims: LossDims,
  step: LossStep,
  logits: Floats,
  y: Floats,
  dlogits: Floats,
  outputs: Floats,
  rowLoss: Floats,
  stepLoss: Floats,
): void {
  const { batch: B, outputs: K } = dims;
  let sum = 0;
  for (let b = 0; b < B; b++) {
    const r = b * K;
    let max = logits[r];
    for (let k = 1; k < K; k++) max = Math.max(max, logits[r + k]);
    let se = 0;
    for (let k = 0; k < K; k++) se += Math.exp(logits[r + k] - max);
    const lse = max + Math.log(se);
    let loss = 0;
    for (let k = 0; k < K; k++) {
      const yk = y[r + k];
      if (yk !== 0) loss += yk * (lse - logits[r + k]);
      const p = Math.exp(logits[r + k] - lse);
      outputs[r + k] = p;
      dlogits[r + k] = (p - yk) / B;
    }
    rowLoss[b] = loss;
    sum += loss;
  }
  stepLoss[step.slot] = sum / B;
}

/** loss = (1/(B·K)) Σ (logits − y)²; dlogits = 2(logits − y)/(B·K); rowLoss = the row's mean. */
export function mse_loss(
  dims: LossDims,
  step: LossStep,
  logits: Floats,
  y: Floats,
  dlogits: Floats,
  outputs: Floats,
  rowLoss: Floats,
  stepLoss: Floats,
): void {
  const { batch: B, outputs: K } = dims;
  const n = B * K;
  let sum = 0;
  for (let b = 0; b < B; b++) {
    let loss = 0;
    for (let k = 0; k < K; k++) {
      const i = b * K + k;
      const e = logits[i] - y[i];
      loss += e * e;
      outputs[i] = logits[i];
      dlogits[i] = (2 * e) / n;
    }
    rowLoss[b] = loss / K;
    sum += loss;
  }
  stepLoss[step.slot] = sum / n;
}
