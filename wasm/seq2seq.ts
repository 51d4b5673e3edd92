import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';
import { addProduct, ld, ld2, pair, st } from './f64Lanes';

/** The encoder–decoder's kernel numbers (run_job's switch in kernels.ts; every number in the module differs, src/engine/wasm/kernelNumbers.test.ts). */
export const KERNEL_TEACHER_FORCING: i32 = 30;
export const KERNEL_GREEDY_TOKENS: i32 = 31;
export const KERNEL_LUONG_ATTENTION_FORWARD: i32 = 32;
export const KERNEL_LUONG_ATTENTION_BACKWARD_QUERIES: i32 = 33;
export const KERNEL_LUONG_ATTENTION_BACKWARD_STATES: i32 = 34;
export const KERNEL_ATTENTIONAL_HIDDEN: i32 = 35;
export const KERNEL_ATTENTIONAL_HIDDEN_BACKWARD: i32 = 36;

/**
 * The encoder–decoder's kernels (issue 23): the twins of the functions of the same names in
 * src/engine/reference/seq2seq.ts, the same dims (B, T_in, T_out, D, V; or rows, cols) and buffers
 * in the same order (byte addresses of f32 tensors; shapes there). As wasm/attention.ts, each does
 * the twin's arithmetic in the twin's order: f64 between f32 loads and stores, every store rounded
 * to f32 where the twin's f32 array rounds it and read back where the twin reads it back (the
 * softmax's max over the unrounded scores, dα's sum over the unrounded dα, as the twin), exp and
 * tanh the page's own Math.exp / Math.tanh (imported). So each equals its twin on f32 arrays to the
 * bit, which its per-call test (src/engine/wasm/seq2seq.test.ts) asks. SIMD only as two f64
 * lanes, each lane one output's sum in the twin's order: two encoder steps' scores (or dα) side by
 * side, two d of the context, dq or dhs; four f32 lanes would break the equality.
 * luong_attention_backward is two jobs here (one per half, two kernel numbers), with de between
 * them: its first loop (de, dq) over the decoder rows r, then dhs over the encoder rows (j, b),
 * which read every r's de.
 * Threads: every kernel splits the rows it writes (decoder rows r = i·B + b; encoder rows j·B + b
 * for dhs; batch rows b for teacher_forcing and greedy_tokens; elements for the pointwise pair),
 * and no row reads what another slice writes.
 */

/** Two lanes: the products x·h_j and x·h_{j+1} summed over d, each in the twin's order (x a decoder row at xr). */
@inline function dotTwoSteps(B: i32, D: i32, x: usize, xr: i32, hs: usize, j: i32, b: i32): v128 {
  const h0 = (j * B + b) * D;
  const h1 = ((j + 1) * B + b) * D;
  let e = f64x2.splat(0);
  for (let d = 0; d < D; d++) e = addProduct(e, f64x2.splat(ld(x, xr + d)), pair(ld(hs, h0 + d), ld(hs, h1 + d)));
  return e;
}
/** out_r[d] = Σ_j w_rj·h_j[d] for every d, two d side by side (the context; dq). */
function weightedStates(B: i32, T: i32, D: i32, w: usize, hs: usize, out: usize, r: i32, b: i32): void {
  let d = 0;
  for (; d + 2 <= D; d += 2) {
    let c = f64x2.splat(0);
    for (let j = 0; j < T; j++) c = addProduct(c, f64x2.splat(ld(w, r * T + j)), ld2(hs, (j * B + b) * D + d));
    st(out, r * D + d, f64x2.extract_lane(c, 0));
    st(out, r * D + d + 1, f64x2.extract_lane(c, 1));
  }
  for (; d < D; d++) {
    let c: f64 = 0;
    for (let j = 0; j < T; j++) c += ld(w, r * T + j) * ld(hs, (j * B + b) * D + d);
    st(out, r * D + d, c);
  }
}

/** Batch rows [b0, b1) of the twin's ydec and xdec (S = T_out). */
export function teacher_forcing(B: i32, S: i32, V: i32, y0: usize, ydec: usize, xdec: usize, b0: i32, b1: i32): void {
  for (let i = 0; i < S; i++) {
    for (let b = b0; b < b1; b++) {
      const r = i * B + b;
      for (let v = 0; v < V; v++) st(ydec, r * V + v, ld(y0, b * S * V + i * V + v));
      for (let v = 0; v < V; v++) st(xdec, r * (V + 1) + v, i == 0 ? 0 : ld(y0, b * S * V + (i - 1) * V + v));
      st(xdec, r * (V + 1) + V, i == 0 ? 1 : 0);
    }
  }
}

/** Batch rows [b0, b1) of pred at `step`: the one-hot of the first most probable symbol. */
export function greedy_tokens(B: i32, S: i32, V: i32, step: i32, outputs: usize, pred: usize, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    const r = step * B + b;
    let best = 0;
    for (let v = 1; v < V; v++) if (ld(outputs, r * V + v) > ld(outputs, r * V + best)) best = v;
    for (let v = 0; v < V; v++) st(pred, b * S * V + step * V + v, v == best ? 1 : 0);
  }
}

/** The score e_rj (unrounded) of step j: stored masked, and the running max over real steps. */
@inline function keepScore(B: i32, T: i32, mask: usize, scores: usize, r: i32, b: i32, j: i32, e: f64, top: f64): f64 {
  const real = ld(mask, j * B + b) != 0;
  st(scores, r * T + j, real ? e : 0);
  return real ? max<f64>(top, e) : top;
}

/** Decoder rows [r0, r1): scores, their masked softmax α and the context. */
export function luong_attention_forward(B: i32, T: i32, D: i32, q: usize, hs: usize, mask: usize, scores: usize, alpha: usize, context: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const b = r % B;
    let top = -Infinity;
    let j = 0;
    for (; j + 2 <= T; j += 2) {
      const e = dotTwoSteps(B, D, q, r * D, hs, j, b);
      top = keepScore(B, T, mask, scores, r, b, j, f64x2.extract_lane(e, 0), top);
      top = keepScore(B, T, mask, scores, r, b, j + 1, f64x2.extract_lane(e, 1), top);
    }
    for (; j < T; j++) {
      const h = (j * B + b) * D;
      let e: f64 = 0;
      for (let d = 0; d < D; d++) e += ld(q, r * D + d) * ld(hs, h + d);
      top = keepScore(B, T, mask, scores, r, b, j, e, top);
    }
    let sum: f64 = 0;
    for (let j = 0; j < T; j++) if (ld(mask, j * B + b) != 0) sum += Math.exp(ld(scores, r * T + j) - top);
    for (let j = 0; j < T; j++) {
      st(alpha, r * T + j, ld(mask, j * B + b) != 0 ? Math.exp(ld(scores, r * T + j) - top) / sum : 0);
    }
    weightedStates(B, T, D, alpha, hs, context, r, b);
  }
}

/** The twin's first loop, decoder rows [r0, r1): de = α·(dα − Σ α·dα) and dq = Σ_j de·h_j. */
function backwardQueries(B: i32, T: i32, D: i32, hs: usize, alpha: usize, dcontext: usize, de: usize, dq: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const b = r % B;
    let dot: f64 = 0;
    let j = 0;
    for (; j + 2 <= T; j += 2) {
      const da = dotTwoSteps(B, D, dcontext, r * D, hs, j, b);
      st(de, r * T + j, f64x2.extract_lane(da, 0));
      dot += ld(alpha, r * T + j) * f64x2.extract_lane(da, 0);
      st(de, r * T + j + 1, f64x2.extract_lane(da, 1));
      dot += ld(alpha, r * T + j + 1) * f64x2.extract_lane(da, 1);
    }
    for (; j < T; j++) {
      let da: f64 = 0;
      for (let d = 0; d < D; d++) da += ld(dcontext, r * D + d) * ld(hs, (j * B + b) * D + d);
      st(de, r * T + j, da);
      dot += ld(alpha, r * T + j) * da;
    }
    for (let j = 0; j < T; j++) st(de, r * T + j, ld(alpha, r * T + j) * (ld(de, r * T + j) - dot));
    weightedStates(B, T, D, de, hs, dq, r, b);
  }
}

/** The twin's second loop, encoder rows [n0, n1) (n = j·B + b): dh_j = Σ_i α_ij·dc_i + de_ij·q_i, two d side by side. */
function backwardStates(B: i32, T: i32, S: i32, D: i32, q: usize, alpha: usize, dcontext: usize, de: usize, dhs: usize, n0: i32, n1: i32): void {
  for (let n = n0; n < n1; n++) {
    const j = n / B;
    const b = n % B;
    let d = 0;
    for (; d + 2 <= D; d += 2) {
      let g = f64x2.splat(0);
      for (let i = 0; i < S; i++) {
        const r = i * B + b;
        const a = f64x2.mul(f64x2.splat(ld(alpha, r * T + j)), ld2(dcontext, r * D + d));
        g = f64x2.add(g, addProduct(a, f64x2.splat(ld(de, r * T + j)), ld2(q, r * D + d)));
      }
      st(dhs, n * D + d, f64x2.extract_lane(g, 0));
      st(dhs, n * D + d + 1, f64x2.extract_lane(g, 1));
    }
    for (; d < D; d++) {
      let g: f64 = 0;
      for (let i = 0; i < S; i++) {
        const r = i * B + b;
        g += ld(alpha, r * T + j) * ld(dcontext, r * D + d) + ld(de, r * T + j) * ld(q, r * D + d);
      }
      st(dhs, n * D + d, g);
    }
  }
}

/**
 * One half of the twin: `states` 0, its first loop over decoder rows [n0, n1) (de, dq); 1, its
 * second over encoder rows [n0, n1) (dhs), once every row's de is written.
 */
export function luong_attention_backward(B: i32, T: i32, S: i32, D: i32, q: usize, hs: usize, alpha: usize, dcontext: usize, de: usize, dq: usize, dhs: usize, states: i32, n0: i32, n1: i32): void {
  if (states == 0) backwardQueries(B, T, D, hs, alpha, dcontext, de, dq, n0, n1);
  else backwardStates(B, T, S, D, q, alpha, dcontext, de, dhs, n0, n1);
}

/** Elements [i0, i1) of h̃ = tanh(za + zb). */
export function attentional_hidden(za: usize, zb: usize, out: usize, i0: i32, i1: i32): void {
  for (let i = i0; i < i1; i++) st(out, i, Math.tanh(ld(za, i) + ld(zb, i)));
}

/** Elements [i0, i1) of dz = dh̃ ⊙ (1 − h̃²). */
export function attentional_hidden_backward(out: usize, dout: usize, dz: usize, i0: i32, i1: i32): void {
  for (let i = i0; i < i1; i++) {
    const h = ld(out, i);
    st(dz, i, ld(dout, i) * (1 - h * h));
  }
}

@inline function begin(split: i32, index: i32, count: i32): i32 {
  return sliceBegin(split, index, count, 1);
}
@inline function end(split: i32, index: i32, count: i32): i32 {
  return sliceEnd(split, index, count, 1);
}

/**
 * The decoder's jobs: INTS B, T_in, T_out, D, V, then (greedy_tokens) step, then the twin's
 * buffers in order (luong_attention_backward's two jobs, one per half: all seven).
 */
export function decoderJob(kernel: i32, index: i32, count: i32): void {
  const B = argInt(0);
  const T = argInt(1);
  const S = argInt(2);
  const D = argInt(3);
  const V = argInt(4);
  if (kernel == KERNEL_TEACHER_FORCING)
    teacher_forcing(B, S, V, argPtr(5), argPtr(6), argPtr(7), begin(B, index, count), end(B, index, count));
  else if (kernel == KERNEL_GREEDY_TOKENS)
    greedy_tokens(B, S, V, argInt(5), argPtr(6), argPtr(7), begin(B, index, count), end(B, index, count));
  else if (kernel == KERNEL_LUONG_ATTENTION_FORWARD)
    luong_attention_forward(B, T, D, argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), argPtr(10), begin(S * B, index, count), end(S * B, index, count));
  else if (kernel == KERNEL_LUONG_ATTENTION_BACKWARD_QUERIES)
    luong_attention_backward(B, T, S, D, argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), argPtr(10), argPtr(11), 0, begin(S * B, index, count), end(S * B, index, count));
  else if (kernel == KERNEL_LUONG_ATTENTION_BACKWARD_STATES)
    luong_attention_backward(B, T, S, D, argPtr(5), argPtr(6), argPtr(7), argPtr(8), argPtr(9), argPtr(10), argPtr(11), 1, begin(T * B, index, count), end(T * B, index, count));
}

/** The pointwise pair's jobs: INTS rows, cols, then the twin's three buffers; threads split the elements. */
export function attentionalHiddenJob(kernel: i32, index: i32, count: i32): void {
  const n = argInt(0) * argInt(1);
  if (kernel == KERNEL_ATTENTIONAL_HIDDEN)
    attentional_hidden(argPtr(2), argPtr(3), argPtr(4), begin(n, index, count), end(n, index, count));
  else if (kernel == KERNEL_ATTENTIONAL_HIDDEN_BACKWARD)
    attentional_hidden_backward(argPtr(2), argPtr(3), argPtr(4), begin(n, index, count), end(n, index, count));
}
