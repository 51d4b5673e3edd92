/**
 * The optimizers' fixed hyper-parameters (Keras's defaults; MATH.md "Update"), written once: the
 * reference engine reads them here and the WebGPU engine injects them into shaders/optimizer.wgsl
 * through specialize(). Adam's bias corrections 1 − β^t are computed from them per step.
 */
export const MOMENTUM = 0.9;
export const RMSPROP_RHO = 0.9;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const EPSILON = 1e-7;

/** Adam's bias corrections for update number `updates` (from 0; t = updates + 1). */
export function adamCorrections(updates: number): { c1: number; c2: number } {
  const t = updates + 1;
  return { c1: 1 - ADAM_BETA1 ** t, c2: 1 - ADAM_BETA2 ** t };
}

/** Workgroups of the gradient-norm reduction, and so the slot of the total in its partials. */
export const NORM_GROUPS = 64;
/** Threads per workgroup of the optimizer's kernels (a share of the norm is WG floats wide). */
export const OPTIMIZER_WG = 256;
