import type { OptimizerName } from '../../model/config';
import type { Floats } from './types';

/**
 * The update of one parameter tensor of n elements (MATH.md "Update"), in the order the step runs
 * them: apply_regularization on kernels, grad_norm_sq over every tensor and grad_norm_total over
 * those partial sums (for clipnorm), then optimizer_update with the clip factor fused in.
 */

/** Σ g² over g [n]. */
export function grad_norm_sq(g: Floats, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += g[i] * g[i];
  return s;
}

/**
 * grad_norm_total(partials, groups): ‖g‖² = Σ partials [groups], the partial Σ g² of each share
 * (here one per tensor; in optimizer.wgsl one per workgroup of grad_norm_sq). Summed in f64; the
 * WGSL tree-sums in f32, so the two agree to rounding, not bits.
 */
export function grad_norm_total(partials: Floats, groups: number): number {
  let s = 0;
  for (let i = 0; i < groups; i++) s += partials[i];
  return s;
}

/** g [n] += 2·l2·w + l1·sign(w), with sign(0) = 0. Kernels only; the caller skips biases. */
export function apply_regularization(g: Floats, w: Floats, n: number, l1: number, l2: number): void {
  if (l1 === 0 && l2 === 0) return;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    g[i] += 2 * l2 * wi + l1 * (wi > 0 ? 1 : wi < 0 ? -1 : 0);
  }
}

/** The factor clipnorm applies to every gradient: min(1, clipnorm / ‖g‖), or 1 when off. */
export function clip_scale(normSq: number, clipnorm: number): number {
  if (clipnorm <= 0) return 1;
  const norm = Math.sqrt(normSq);
  return norm > clipnorm ? clipnorm / norm : 1;
}

export const MOMENTUM = 0.9;
export const RMSPROP_RHO = 0.9;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const EPSILON = 1e-7;

/**
 * optimizer_update(w, g, m, v, n, optimizer, lr, step, gradScale)
 *   w [n] updated in place; g [n] the (regularised) gradient, used as gradScale·g (clipnorm)
 *   m [n] optimizer state: momentum's velocity, RMSProp's mean square, Adam's first moment
 *   v [n] Adam's second moment (unused by the others)
 *   step: the update's number s from 0; Adam's bias correction uses t = s + 1
 */
export function optimizer_update(
  w: Floats,
  g: Floats,
  m: Floats,
  v: Floats,
  n: number,
  optimizer: OptimizerName,
  lr: number,
  step: number,
  gradScale: number,
): void {
  switch (optimizer) {
    case 'sgd':
      for (let i = 0; i < n; i++) w[i] -= lr * gradScale * g[i];
      return;
    case 'momentum':
      for (let i = 0; i < n; i++) {
        const vi = MOMENTUM * m[i] - lr * gradScale * g[i];
        m[i] = vi;
        w[i] += vi;
      }
      return;
    case 'rmsprop':
      for (let i = 0; i < n; i++) {
        const gi = gradScale * g[i];
        const a = RMSPROP_RHO * m[i] + (1 - RMSPROP_RHO) * gi * gi;
        m[i] = a;
        w[i] -= (lr * gi) / (Math.sqrt(a) + EPSILON);
      }
      return;
    case 'adam': {
      const t = step + 1;
      const c1 = 1 - ADAM_BETA1 ** t;
      const c2 = 1 - ADAM_BETA2 ** t;
      for (let i = 0; i < n; i++) {
        const gi = gradScale * g[i];
        const mi = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * gi;
        const vi = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + EPSILON);
      }
      return;
    }
  }
}
