import { argFloat, argInt, argPtr, sliceBegin, sliceEnd } from './abi';

/**
 * grad_norm_sq, grad_norm_total, optimizer_update: the twins of the functions of the same names in
 * src/engine/reference/optimizer.ts, over ONE flat array per role (w, g, m, v, regularized; f32)
 * and partials [groups + 1] (f64, as the reference engine keeps them). The same arithmetic in the
 * same order: f64 between f32 loads and stores, the regularised gradient rounded to f32 — so each
 * equals its twin bit for bit. Threads split workgroups (the norm) or parameters (the update);
 * neither changes what any one value sums.
 */

export const SGD: i32 = 0;
export const MOMENTUM: i32 = 1;
export const RMSPROP: i32 = 2;
export const ADAM: i32 = 3;

@inline function f(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}

/** g + regularized·(2·l2·w + l1·sign(w)), rounded to f32; L1/L2 on kernels only. */
@inline function regularized_grad(l1: f64, l2: f64, w: usize, g: usize, regularized: usize, i: i32): f64 {
  const r = f(regularized, i);
  if (r == 0) return f(g, i);
  const wi = f(w, i);
  const sign: f64 = wi > 0 ? 1 : wi < 0 ? -1 : 0;
  return <f64>(<f32>(f(g, i) + r * (2 * l2 * wi + l1 * sign)));
}

/** partials[wg] for wg in [wg0, wg1): floats wg·WG + lane + s·groups·WG, lane < WG, s ≥ 0. */
export function grad_norm_sq(count: i32, groups: i32, wg: i32, l1: f64, l2: f64, w: usize, g: usize, regularized: usize, partials: usize, wg0: i32, wg1: i32): void {
  const stride = groups * wg;
  for (let group = wg0; group < wg1; group++) {
    let s: f64 = 0;
    for (let start = group * wg; start < count; start += stride) {
      const end = min(start + wg, count);
      for (let i = start; i < end; i++) {
        const gi = regularized_grad(l1, l2, w, g, regularized, i);
        s += gi * gi;
      }
    }
    store<f64>(partials + (<usize>group << 3), s);
  }
}

export function grad_norm_total(groups: i32, partials: usize): void {
  let s: f64 = 0;
  for (let i = 0; i < groups; i++) s += load<f64>(partials + (<usize>i << 3));
  store<f64>(partials + (<usize>groups << 3), s);
}

/**
 * w updated in place over [i0, i1). FLOATS: lr, l1, l2, clipnorm, c1, c2 (Adam's corrections),
 * then the constants β1, β2, ε, momentum, ρ (src/engine/contracts/optimizerConstants.ts, passed in so they
 * are written once).
 */
export function optimizer_update(optimizer: i32, groups: i32, w: usize, g: usize, m: usize, v: usize, regularized: usize, partials: usize, i0: i32, i1: i32): void {
  const lr = argFloat(0), l1 = argFloat(1), l2 = argFloat(2), clipnorm = argFloat(3);
  const c1 = argFloat(4), c2 = argFloat(5);
  const beta1 = argFloat(6), beta2 = argFloat(7), eps = argFloat(8), momentum = argFloat(9), rho = argFloat(10);
  let scale: f64 = 1;
  if (clipnorm > 0) {
    const norm = sqrt<f64>(load<f64>(partials + (<usize>groups << 3)));
    if (norm > clipnorm) scale = clipnorm / norm;
  }
  for (let i = i0; i < i1; i++) {
    const gi = scale * regularized_grad(l1, l2, w, g, regularized, i);
    const wp = w + (<usize>i << 2);
    const mp = m + (<usize>i << 2);
    if (optimizer == SGD) {
      store<f32>(wp, <f32>(f(w, i) - lr * gi));
    } else if (optimizer == MOMENTUM) {
      const vi = momentum * f(m, i) - lr * gi;
      store<f32>(mp, <f32>vi);
      store<f32>(wp, <f32>(f(w, i) + vi));
    } else if (optimizer == RMSPROP) {
      const a = rho * f(m, i) + (1 - rho) * gi * gi;
      store<f32>(mp, <f32>a);
      store<f32>(wp, <f32>(f(w, i) - (lr * gi) / (sqrt<f64>(a) + eps)));
    } else {
      const mi = beta1 * f(m, i) + (1 - beta1) * gi;
      const vi = beta2 * f(v, i) + (1 - beta2) * gi * gi;
      store<f32>(mp, <f32>mi);
      store<f32>(v + (<usize>i << 2), <f32>vi);
      store<f32>(wp, <f32>(f(w, i) - (lr * (mi / c1)) / (sqrt<f64>(vi / c2) + eps)));
    }
  }
}

// Jobs. INTS norm: count, groups, wg, w, g, regularized, partials (split by workgroup); update:
// count, groups, optimizer, w, g, m, v, regularized, partials (split by parameter, groups of 64).

export function gradNormSqJob(index: i32, count: i32): void {
  const groups = argInt(1);
  const wg0 = sliceBegin(groups, index, count, 1);
  const wg1 = sliceEnd(groups, index, count, 1);
  grad_norm_sq(argInt(0), groups, argInt(2), argFloat(1), argFloat(2), argPtr(3), argPtr(4), argPtr(5), argPtr(6), wg0, wg1);
}

export function optimizerUpdateJob(index: i32, count: i32): void {
  const n = argInt(0);
  const i0 = sliceBegin(n, index, count, 64);
  const i1 = sliceEnd(n, index, count, 64);
  optimizer_update(argInt(2), argInt(1), argPtr(3), argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), i0, i1);
}
