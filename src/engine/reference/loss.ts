import type { Floats } from './types';

/**
 * Losses of the head's logits [B, K] against targets y [B, K], each returning the MEAN data loss
 * and writing its gradient (MATH.md). Both read only the first B rows, so an evaluation chunk
 * padded past the end of a split passes its real row count.
 *
 * softmax_cross_entropy(probs, dlogits, logits, y, B, K) -> loss
 *   loss = −(1/B) Σ_b Σ_k y·log softmax(logits), as logsumexp − logit for stability
 *   probs   [B, K] out: softmax(logits), or null
 *   dlogits [B, K] out: (p − y)/B, or null (evaluation)
 *
 * mse_loss(dlogits, logits, y, B, K) -> loss
 *   loss = (1/(B·K)) Σ (logits − y)²;  dlogits [B, K] out: 2(logits − y)/(B·K), or null
 */
export function softmax_cross_entropy(
  probs: Floats | null,
  dlogits: Floats | null,
  logits: Floats,
  y: Floats,
  B: number,
  K: number,
): number {
  let total = 0;
  for (let b = 0; b < B; b++) {
    const r = b * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, logits[r + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(logits[r + k] - max);
    const logSumExp = max + Math.log(sum);
    for (let k = 0; k < K; k++) {
      const yk = y[r + k];
      if (yk !== 0) total += yk * (logSumExp - logits[r + k]);
      const p = Math.exp(logits[r + k] - logSumExp);
      if (probs) probs[r + k] = p;
      if (dlogits) dlogits[r + k] = (p - yk) / B;
    }
  }
  return total / B;
}

export function mse_loss(dlogits: Floats | null, logits: Floats, y: Floats, B: number, K: number): number {
  const n = B * K;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = logits[i] - y[i];
    total += e * e;
    if (dlogits) dlogits[i] = (2 * e) / n;
  }
  return total / n;
}
