import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';

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
 * bit, which its per-call test (src/engine/wasm/seq2seq.test.ts) asks. No SIMD: four f32 lanes
 * would break the equality, and these kernels are a small part of a step next to the matmuls.
 * luong_attention_backward is two jobs here (one per half, two kernel numbers), with de between
 * them: its first loop (de, dq) over the decoder rows r, then dhs over the encoder rows (j, b),
 * which read every r's de.
 * Threads: every kernel splits the rows it writes (decoder rows r = i·B + b; encoder rows j·B + b
 * for dhs; batch rows b for teacher_forcing and greedy_tokens; elements for the pointwise pair),
 * and no row reads what another slice writes.
 */

@inline function ld(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}
@inline function st(p: usize, i: i32, x: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>x);
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

/** Decoder rows [r0, r1): scores, their masked softmax α and the context. */
export function luong_attention_forward(B: i32, T: i32, D: i32, q: usize, hs: usize, mask: usize, scores: usize, alpha: usize, context: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const b = r % B;
    let top = -Infinity;
    for (let j = 0; j < T; j++) {
      const h = (j * B + b) * D;
      let e: f64 = 0;
      for (let d = 0; d < D; d++) e += ld(q, r * D + d) * ld(hs, h + d);
      const real = ld(mask, j * B + b) != 0;
      st(scores, r * T + j, real ? e : 0);
      if (real) top = max<f64>(top, e);
    }
    let sum: f64 = 0;
    for (let j = 0; j < T; j++) if (ld(mask, j * B + b) != 0) sum += Math.exp(ld(scores, r * T + j) - top);
    for (let j = 0; j < T; j++) {
      st(alpha, r * T + j, ld(mask, j * B + b) != 0 ? Math.exp(ld(scores, r * T + j) - top) / sum : 0);
    }
    for (let d = 0; d < D; d++) {
      let c: f64 = 0;
      for (let j = 0; j < T; j++) c += ld(alpha, r * T + j) * ld(hs, (j * B + b) * D + d);
      st(context, r * D + d, c);
    }
  }
}

/** The twin's first loop, decoder rows [r0, r1): de = α·(dα − Σ α·dα) and dq = Σ_j de·h_j. */
function backwardQueries(B: i32, T: i32, D: i32, hs: usize, alpha: usize, dcontext: usize, de: usize, dq: usize, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const b = r % B;
    let dot: f64 = 0;
    for (let j = 0; j < T; j++) {
      let da: f64 = 0;
      for (let d = 0; d < D; d++) da += ld(dcontext, r * D + d) * ld(hs, (j * B + b) * D + d);
      st(de, r * T + j, da);
      dot += ld(alpha, r * T + j) * da;
    }
    for (let j = 0; j < T; j++) st(de, r * T + j, ld(alpha, r * T + j) * (ld(de, r * T + j) - dot));
    for (let d = 0; d < D; d++) {
      let g: f64 = 0;
      for (let j = 0; j < T; j++) g += ld(de, r * T + j) * ld(hs, (j * B + b) * D + d);
      st(dq, r * D + d, g);
    }
  }
}

/** The twin's second loop, encoder rows [n0, n1) (n = j·B + b): dh_j = Σ_i α_ij·dc_i + de_ij·q_i. */
function backwardStates(B: i32, T: i32, S: i32, D: i32, q: usize, alpha: usize, dcontext: usize, de: usize, dhs: usize, n0: i32, n1: i32): void {
  for (let n = n0; n < n1; n++) {
    const j = n / B;
    const b = n % B;
    for (let d = 0; d < D; d++) {
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
