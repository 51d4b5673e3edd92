import { argInt, argPtr } from './abi';

/**
 * softmax_cross_entropy / mse_loss: the twins of the functions of the same names in
 * src/engine/reference/loss.ts, with the same buffers in the same order (byte addresses here) and
 * the same arithmetic: f64 between f32 loads and stores, rows summed in order, exp and log being
 * the page's own Math.exp / Math.log (imported), so each equals its twin to the last f32 bit. [B, K] is small (the
 * batch's logits), so one thread does it.
 *   logits, y, dlogits, outputs [B, K]; rowLoss [B]; stepLoss [·], the mean at slot `slot`.
 */

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

export function softmax_cross_entropy(B: i32, K: i32, slot: i32, logits: usize, y: usize, dlogits: usize, outputs: usize, rowLoss: usize, stepLoss: usize): void {
  let sum: f64 = 0;
  for (let b = 0; b < B; b++) {
    const r = b * K;
    let top = <f64>load<f32>(at(logits, r));
    for (let k = 1; k < K; k++) top = max<f64>(top, <f64>load<f32>(at(logits, r + k)));
    let se: f64 = 0;
    for (let k = 0; k < K; k++) se += Math.exp(<f64>load<f32>(at(logits, r + k)) - top);
    const lse = top + Math.log(se);
    let loss: f64 = 0;
    for (let k = 0; k < K; k++) {
      const logit = <f64>load<f32>(at(logits, r + k));
      const yk = <f64>load<f32>(at(y, r + k));
      if (yk != 0) loss += yk * (lse - logit);
      const p = Math.exp(logit - lse);
      store<f32>(at(outputs, r + k), <f32>p);
      store<f32>(at(dlogits, r + k), <f32>((p - yk) / B));
    }
    store<f32>(at(rowLoss, b), <f32>loss);
    sum += loss;
  }
  store<f32>(at(stepLoss, slot), <f32>(sum / B));
}

export function mse_loss(B: i32, K: i32, slot: i32, logits: usize, y: usize, dlogits: usize, outputs: usize, rowLoss: usize, stepLoss: usize): void {
  const n = B * K;
  let sum: f64 = 0;
  for (let b = 0; b < B; b++) {
    let loss: f64 = 0;
    for (let k = 0; k < K; k++) {
      const i = b * K + k;
      const logit = load<f32>(at(logits, i));
      const e = <f64>logit - <f64>load<f32>(at(y, i));
      loss += e * e;
      store<f32>(at(outputs, i), logit);
      store<f32>(at(dlogits, i), <f32>((2 * e) / n));
    }
    store<f32>(at(rowLoss, b), <f32>(loss / K));
    sum += loss;
  }
  store<f32>(at(stepLoss, slot), <f32>(sum / n));
}

// Jobs (one thread). INTS: B, K, slot, logits, y, dlogits, outputs, rowLoss, stepLoss.
export function lossJob(classification: bool): void {
  const B = argInt(0), K = argInt(1), slot = argInt(2);
  if (classification) softmax_cross_entropy(B, K, slot, argPtr(3), argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8));
  else mse_loss(B, K, slot, argPtr(3), argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8));
}
