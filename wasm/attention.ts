import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';
import { addProduct, ld, ld2, pair, st } from './f64Lanes';

/** Attention's kernel numbers (run_job's switch in kernels.ts; every number in the module differs, src/engine/wasm/kernelNumbers.test.ts). */
export const KERNEL_ADDITIVE_ATTENTION_FORWARD: i32 = 20;
export const KERNEL_DOT_ATTENTION_FORWARD: i32 = 21;
export const KERNEL_ADDITIVE_ATTENTION_BACKWARD_STATES: i32 = 22;
export const KERNEL_ADDITIVE_ATTENTION_BACKWARD_WEIGHTS: i32 = 23;
export const KERNEL_DOT_ATTENTION_BACKWARD_STATES: i32 = 24;
export const KERNEL_DOT_ATTENTION_BACKWARD_WEIGHTS: i32 = 25;
export const KERNEL_ATTENTION_PADDING_MASK: i32 = 26;

/**
 * Attention over a recurrent layer's states (issue 22): the twins of the functions of the same
 * names in src/engine/reference/attention.ts (and of shaders/attention.wgsl), the same dims
 * (B, T, D, A) and buffers in the same order (byte addresses of f32 tensors; shapes there). Each
 * does the twin's arithmetic in the twin's order: f64 between f32 loads and stores, every store
 * rounded to f32 where the twin's f32 array rounds it and read back where the twin reads it back,
 * tanh and exp the page's own Math.tanh / Math.exp (imported). So each equals its twin on f32
 * arrays to the bit, which its per-call test asks. SIMD only as two f64 lanes, each lane one
 * output's sum in the twin's order (two a, or two d, side by side): the additive kind's T·B·A·D
 * multiply-adds; four f32 lanes would break the equality.
 * Threads: the forward and the states half split the batch rows (each row's steps are its own);
 * the weights half splits the parameters' columns (a, or d for the dot product).
 */

/** maskedSoftmax and weightedSum of the twin, for batch row b. */
function softmaxAndContext(B: i32, T: i32, D: i32, b: i32, hs: usize, mask: usize, scores: usize, alpha: usize, context: usize): void {
  let top = -Infinity;
  for (let t = 0; t < T; t++) if (ld(mask, t * B + b) != 0) top = max<f64>(top, ld(scores, t * B + b));
  let sum: f64 = 0;
  for (let t = 0; t < T; t++) if (ld(mask, t * B + b) != 0) sum += Math.exp(ld(scores, t * B + b) - top);
  for (let t = 0; t < T; t++) {
    const r = t * B + b;
    st(alpha, r, ld(mask, r) != 0 ? Math.exp(ld(scores, r) - top) / sum : 0);
  }
  for (let d = 0; d < D; d++) {
    let c: f64 = 0;
    for (let t = 0; t < T; t++) c += ld(alpha, t * B + b) * ld(hs, (t * B + b) * D + d);
    st(context, b * D + d, c);
  }
}

/** Text's padding mask from x0 [T·B, F] (F in D's place), as the twin: 1 a row with any non-zero feature; a batch row with none gets all ones. */
export function attention_padding_mask(B: i32, T: i32, F: i32, x0: usize, mask: usize, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    let real = 0;
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let any = 0;
      for (let f = 0; f < F; f++) if (ld(x0, r * F + f) != 0) any = 1;
      st(mask, r, <f64>any);
      real += any;
    }
    if (real == 0) for (let t = 0; t < T; t++) st(mask, t * B + b, 1);
  }
}

export function additive_attention_forward(B: i32, T: i32, D: i32, A: i32, hs: usize, W: usize, bias: usize, v: usize, mask: usize, pre: usize, scores: usize, alpha: usize, context: usize, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let e: f64 = 0;
      let a = 0;
      for (; a + 2 <= A; a += 2) {
        let u = ld2(bias, a);
        for (let d = 0; d < D; d++) u = addProduct(u, f64x2.splat(ld(hs, r * D + d)), ld2(W, d * A + a));
        st(pre, r * A + a, Math.tanh(f64x2.extract_lane(u, 0)));
        st(pre, r * A + a + 1, Math.tanh(f64x2.extract_lane(u, 1)));
        e += ld(v, a) * ld(pre, r * A + a);
        e += ld(v, a + 1) * ld(pre, r * A + a + 1);
      }
      for (; a < A; a++) {
        let u = ld(bias, a);
        for (let d = 0; d < D; d++) u += ld(hs, r * D + d) * ld(W, d * A + a);
        st(pre, r * A + a, Math.tanh(u));
        e += ld(v, a) * ld(pre, r * A + a);
      }
      st(scores, r, ld(mask, r) != 0 ? e : 0);
    }
    softmaxAndContext(B, T, D, b, hs, mask, scores, alpha, context);
  }
}

export function dot_attention_forward(B: i32, T: i32, D: i32, hs: usize, q: usize, mask: usize, scores: usize, alpha: usize, context: usize, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let e: f64 = 0;
      for (let d = 0; d < D; d++) e += ld(q, d) * ld(hs, r * D + d);
      st(scores, r, ld(mask, r) != 0 ? e : 0);
    }
    softmaxAndContext(B, T, D, b, hs, mask, scores, alpha, context);
  }
}

/** The twin's softmaxBackward for batch row b: de [T·B] and dhs = α·dc. */
function softmaxBackward(B: i32, T: i32, D: i32, b: i32, hs: usize, alpha: usize, dcontext: usize, de: usize, dhs: usize): void {
  let dot: f64 = 0;
  for (let t = 0; t < T; t++) {
    const r = t * B + b;
    let da: f64 = 0;
    for (let d = 0; d < D; d++) da += ld(dcontext, b * D + d) * ld(hs, r * D + d);
    st(de, r, da);
    dot += ld(alpha, r) * da;
  }
  for (let t = 0; t < T; t++) {
    const r = t * B + b;
    st(de, r, ld(alpha, r) * (ld(de, r) - dot));
    for (let d = 0; d < D; d++) st(dhs, r * D + d, ld(alpha, r) * ld(dcontext, b * D + d));
  }
}

/** du_ra = de_r·v_a·(1 − p_ra²), as the twin's additiveDu. */
@inline function additiveDu(de: usize, v: usize, pre: usize, A: i32, r: i32, a: i32): f64 {
  const p = ld(pre, r * A + a);
  return ld(de, r) * ld(v, a) * (1 - p * p);
}

export function additive_attention_backward_states(B: i32, T: i32, D: i32, A: i32, hs: usize, W: usize, v: usize, pre: usize, alpha: usize, dcontext: usize, de: usize, dhs: usize, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    softmaxBackward(B, T, D, b, hs, alpha, dcontext, de, dhs);
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      let d = 0;
      for (; d + 2 <= D; d += 2) {
        let g = ld2(dhs, r * D + d);
        for (let a = 0; a < A; a++) g = addProduct(g, pair(ld(W, d * A + a), ld(W, (d + 1) * A + a)), f64x2.splat(additiveDu(de, v, pre, A, r, a)));
        st(dhs, r * D + d, f64x2.extract_lane(g, 0));
        st(dhs, r * D + d + 1, f64x2.extract_lane(g, 1));
      }
      for (; d < D; d++) {
        let g = ld(dhs, r * D + d);
        for (let a = 0; a < A; a++) g += ld(W, d * A + a) * additiveDu(de, v, pre, A, r, a);
        st(dhs, r * D + d, g);
      }
    }
  }
}

/** Columns [a0, a1) of dW, and dbias, dv there. */
export function additive_attention_backward_weights(B: i32, T: i32, D: i32, A: i32, hs: usize, v: usize, pre: usize, de: usize, dW: usize, dbias: usize, dv: usize, a0: i32, a1: i32): void {
  const rows = T * B;
  for (let a = a0; a < a1; a++) {
    let gv: f64 = 0;
    let gb: f64 = 0;
    for (let r = 0; r < rows; r++) {
      gv += ld(de, r) * ld(pre, r * A + a);
      gb += additiveDu(de, v, pre, A, r, a);
    }
    st(dv, a, gv);
    st(dbias, a, gb);
    let d = 0;
    for (; d + 2 <= D; d += 2) {
      let g = f64x2.splat(0);
      for (let r = 0; r < rows; r++) g = addProduct(g, ld2(hs, r * D + d), f64x2.splat(additiveDu(de, v, pre, A, r, a)));
      st(dW, d * A + a, f64x2.extract_lane(g, 0));
      st(dW, (d + 1) * A + a, f64x2.extract_lane(g, 1));
    }
    for (; d < D; d++) {
      let g: f64 = 0;
      for (let r = 0; r < rows; r++) g += ld(hs, r * D + d) * additiveDu(de, v, pre, A, r, a);
      st(dW, d * A + a, g);
    }
  }
}

export function dot_attention_backward_states(B: i32, T: i32, D: i32, hs: usize, q: usize, alpha: usize, dcontext: usize, de: usize, dhs: usize, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    softmaxBackward(B, T, D, b, hs, alpha, dcontext, de, dhs);
    for (let t = 0; t < T; t++) {
      const r = t * B + b;
      for (let d = 0; d < D; d++) st(dhs, r * D + d, ld(dhs, r * D + d) + ld(de, r) * ld(q, d));
    }
  }
}

/** Columns [d0, d1) of dq. */
export function dot_attention_backward_weights(B: i32, T: i32, D: i32, hs: usize, de: usize, dq: usize, d0: i32, d1: i32): void {
  const rows = T * B;
  for (let d = d0; d < d1; d++) {
    let g: f64 = 0;
    for (let r = 0; r < rows; r++) g += ld(de, r) * ld(hs, r * D + d);
    st(dq, d, g);
  }
}

/**
 * The jobs: INTS B, T, D, A, then the twin's buffers in order. `split` is what the threads share
 * out: the batch rows, or the parameters' columns.
 */
@inline function begin(split: i32, index: i32, count: i32): i32 {
  return sliceBegin(split, index, count, 1);
}
@inline function end(split: i32, index: i32, count: i32): i32 {
  return sliceEnd(split, index, count, 1);
}

export function attentionJob(kernel: i32, index: i32, count: i32): void {
  const B = argInt(0);
  const T = argInt(1);
  const D = argInt(2);
  const A = argInt(3);
  if (kernel == KERNEL_ADDITIVE_ATTENTION_FORWARD)
    additive_attention_forward(B, T, D, A, argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), argPtr(10), argPtr(11), argPtr(12), begin(B, index, count), end(B, index, count));
  else if (kernel == KERNEL_DOT_ATTENTION_FORWARD)
    dot_attention_forward(B, T, D, argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), begin(B, index, count), end(B, index, count));
  else if (kernel == KERNEL_ADDITIVE_ATTENTION_BACKWARD_STATES)
    additive_attention_backward_states(B, T, D, A, argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), argPtr(10), argPtr(11), begin(B, index, count), end(B, index, count));
  else if (kernel == KERNEL_ADDITIVE_ATTENTION_BACKWARD_WEIGHTS)
    additive_attention_backward_weights(B, T, D, A, argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), argPtr(10), begin(A, index, count), end(A, index, count));
  else if (kernel == KERNEL_DOT_ATTENTION_BACKWARD_STATES)
    dot_attention_backward_states(B, T, D, argPtr(4), argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), begin(B, index, count), end(B, index, count));
  else if (kernel == KERNEL_DOT_ATTENTION_BACKWARD_WEIGHTS)
    dot_attention_backward_weights(B, T, D, argPtr(4), argPtr(5), argPtr(6), begin(D, index, count), end(D, index, count));
  else if (kernel == KERNEL_ATTENTION_PADDING_MASK)
    attention_padding_mask(B, T, D, argPtr(4), argPtr(5), begin(B, index, count), end(B, index, count));
}
