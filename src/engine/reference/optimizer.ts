import type { OptParams, OptStep } from '../contracts/dims';

export type { OptParams, OptStep } from '../contracts/dims';

import type { OptimizerName } from '../../model/config';
import { ADAM_BETA1, ADAM_BETA2, EPSILON, MOMENTUM, RMSPROP_RHO } from '../contracts/optimizerConstants';
import { type Floats, roundAs } from './types';

/**
 * The update over every parameter at once (MATH.md "Update"), the twins of the entry points of the
 * same names in shaders/optimizer.wgsl: w, g, m, v and regularized are each ONE flat array holding
 * all tensors (engine/contracts/paramLayout.ts), and each twin takes the kernel's buffers in binding order.
 *   grad_norm_sq       partials[wg] = Σ (g + reg)² over workgroup wg's share (for clipnorm)
 *   grad_norm_total    partials[groups] = Σ partials[0 .. groups)
 *   optimizer_update   L1/L2, clipnorm, then sgd / momentum / rmsprop / adam, in place
 * The kernel's WG threads of a workgroup each keep a partial sum and then tree-sum them in f32;
 * here a share is summed in order in f64, so the two agree to rounding, not bits.
 */

/**
 * g + regularized·(2·l2·w + l1·sign(w)): L1/L2 on kernels only, with sign(0) = 0. Rounded to g's
 * precision, as the kernel holds it in an f32 register.
 */
function regularized_grad(opt: OptParams, w: Floats, g: Floats, regularized: Floats, i: number): number {
  const wi = w[i];
  const r = regularized[i];
  if (r === 0) return g[i];
  const sum = g[i] + r * (2 * opt.l2 * wi + opt.l1 * (wi > 0 ? 1 : wi < 0 ? -1 : 0));
  return roundAs(g, sum);
}

/** Workgroup wg's share: floats wg·WG + lane + s·groups·WG for every lane < WG and s ≥ 0. */
export function grad_norm_sq(
  opt: OptParams,
  w: Floats,
  g: Floats,
  regularized: Floats,
  partials: Floats,
): void {
  const stride = opt.groups * opt.wg;
  for (let wg = 0; wg < opt.groups; wg++) {
    let s = 0;
    for (let start = wg * opt.wg; start < opt.count; start += stride) {
      const end = Math.min(start + opt.wg, opt.count);
      for (let i = start; i < end; i++) {
        const gi = regularized_grad(opt, w, g, regularized, i);
        s += gi * gi;
      }
    }
    partials[wg] = s;
  }
}

export function grad_norm_total(opt: OptParams, partials: Floats): void {
  let s = 0;
  for (let i = 0; i < opt.groups; i++) s += partials[i];
  partials[opt.groups] = s;
}

/**
 * w [count] updated in place from g [count] (regularised here, scaled by clipnorm's factor from
 * partials[groups] when clipnorm is on); m: momentum's velocity, RMSProp's mean square or Adam's
 * first moment; v: Adam's second moment (unused by the others). `optimizer` is the kernel's
 * OPTIMIZER constant.
 */
export function optimizer_update(
  opt: OptParams,
  step: OptStep,
  optimizer: OptimizerName,
  w: Floats,
  g: Floats,
  m: Floats,
  v: Floats,
  regularized: Floats,
  partials: Floats,
): void {
  let scale = 1;
  if (opt.clipnorm > 0) {
    const norm = Math.sqrt(partials[opt.groups]);
    if (norm > opt.clipnorm) scale = opt.clipnorm / norm;
  }
  const { lr } = opt;
  for (let i = 0; i < opt.count; i++) {
    const gi = scale * regularized_grad(opt, w, g, regularized, i);
    switch (optimizer) {
      case 'sgd':
        w[i] -= lr * gi;
        break;
      case 'momentum': {
        const vi = MOMENTUM * m[i] - lr * gi;
        m[i] = vi;
        w[i] += vi;
        break;
      }
      case 'rmsprop': {
        const a = RMSPROP_RHO * m[i] + (1 - RMSPROP_RHO) * gi * gi;
        m[i] = a;
        w[i] -= (lr * gi) / (Math.sqrt(a) + EPSILON);
        break;
      }
      case 'adam': {
        const mi = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * gi;
        const vi = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] -= (lr * (mi / step.c1)) / (Math.sqrt(vi / step.c2) + EPSILON);
        break;
      }
    }
  }
}
