// Attention over a recurrent layer's states (issue 22): the twins of the functions of the same
// names in src/engine/reference/attention.ts, the same buffers in this binding order (one entry
// point per twin), the same sums in the same order (in f32 here, f64 there); the per-dispatch
// tests in src/engine/webgpu/attention.test.ts hold them together.
//   additive (Bahdanau)   e_t = vᵀ·tanh(W·h_t + b)     W [D, A], b [A], v [A]
//   dot product           e_t = qᵀ·h_t                 q [D]
// α = softmax of e over each batch row's real steps, context c = Σ_t α_t·h_t. Shapes (time-major,
// row r = t·B + b; B batch, T steps, D the states' width, A the additive score's width):
//   hs [T·B, D]  mask [T·B] (1 real, 0 padding)  pre [T·B, A]  scores, alpha, de [T·B]
//   context, dcontext [B, D]  dhs [T·B, D]
//
// Work: the forward and the backward's first half (*_backward_states) run one workgroup per batch
// row b; the dot product's threads take the steps t = lid, lid + WG, …, the additive kind's blocks
// of four steps (t0 = 4·lid, 4·lid + 4·WG, …: one pass over W serves four rows). The softmax's
// max and sums over the steps go through workgroup memory (workgroup_max / workgroup_sum), the
// context reads α written by the other threads of the row after a storageBarrier. The
// parameters' gradients (*_backward_weights) sum over every row of every batch row, which one
// dispatch cannot do after a per-row sum in other workgroups: hence the split, with de [T·B]
// between the two dispatches. The additive kernels block registers (4 × 4 outputs a thread, no
// workgroup tiles: what is fast on SwiftShader, WEBGPU-HEADLESS.md); one variant, not autotuned.
//
// Race-free: every float a dispatch writes has one owner: the thread of its step or block of
// steps (pre, scores, alpha, de, dhs), of its column d (context), of its block of 4 a × 4 d (dW)
// or of its a (dv, dbias), of its d (dq); a thread reads another's write only across a barrier.
// Constants injected by src/engine/webgpu/shaderSource.ts: WG (threads per workgroup).
//
// WGSL gives each module-scope name one binding, and the six entry points bind their buffers in
// their twins' argument orders, so beyond dims and hs each entry point's buffers carry its prefix:
// fa_ additive_attention_forward, fd_ dot_attention_forward, ba_ / wa_ the additive backward's
// halves, bd_ / wd_ the dot product's.

struct AttentionDims {
  batch: u32, // B
  steps: u32, // T
  width: u32, // D
  hidden: u32, // A (0 for the dot product)
}

@group(0) @binding(0) var<uniform> dims: AttentionDims;
@group(0) @binding(1) var<storage, read> hs: array<f32>;

// workgroup_sum, workgroup_max and LOWEST: shaders/workgroup.wgsl, put before this file.

// Four consecutive elements from `at` of a row `n` long, the ones past its end repeated from its
// last (read but never stored): register blocking over columns without a bounds test per load.
fn clamp4(at: u32, n: u32) -> vec4u {
  let last = n - 1u;
  return vec4u(min(at, last), min(at + 1u, last), min(at + 2u, last), min(at + 3u, last));
}

// The rows of steps t0 … t0+3 of batch row b, steps past T repeating the last: the additive
// kernels' threads each own blocks of four steps (t0 = 4·lid, 4·lid + 4·WG, …), so that a pass
// over W serves four rows.
fn block_rows(t0: u32, b: u32) -> vec4u {
  return clamp4(t0, dims.steps) * dims.batch + b;
}

// ---- additive_attention_forward(dims, hs, W, bias, v, mask, pre, scores, alpha, context) ----
@group(0) @binding(2) var<storage, read> fa_W: array<f32>;
@group(0) @binding(3) var<storage, read> fa_bias: array<f32>;
@group(0) @binding(4) var<storage, read> fa_v: array<f32>;
@group(0) @binding(5) var<storage, read> fa_mask: array<f32>;
@group(0) @binding(6) var<storage, read_write> fa_pre: array<f32>;
@group(0) @binding(7) var<storage, read_write> fa_scores: array<f32>;
@group(0) @binding(8) var<storage, read_write> fa_alpha: array<f32>;
@group(0) @binding(9) var<storage, read_write> fa_context: array<f32>;

// pre of row r, a0 … a0+3 (those below A).
fn store_pre(r: u32, a0: u32, p: vec4f) {
  let A = dims.hidden;
  fa_pre[r * A + a0] = p.x;
  if (a0 + 1u < A) { fa_pre[r * A + a0 + 1u] = p.y; }
  if (a0 + 2u < A) { fa_pre[r * A + a0 + 2u] = p.z; }
  if (a0 + 3u < A) { fa_pre[r * A + a0 + 3u] = p.w; }
}

fn tanh4(u: vec4f) -> vec4f { return tanh(clamp(u, vec4f(-15.0), vec4f(15.0))); }

// e of the four rows r (the steps of one block; `live`: those below T) = Σ_a v_a·tanh(b_a +
// Σ_d h_rd·W_da), 4 rows × 4 a per pass over d (8 loads for 16 multiply-adds); pre kept for the
// backward, masked steps included, as the twin.
fn additive_scores(r: vec4u, live: vec4<bool>) -> vec4f {
  let D = dims.width;
  let A = dims.hidden;
  var e = vec4f(0.0);
  for (var a0 = 0u; a0 < A; a0 += 4u) {
    let ai = clamp4(a0, A);
    let bias = vec4f(fa_bias[ai.x], fa_bias[ai.y], fa_bias[ai.z], fa_bias[ai.w]);
    var u0 = bias;
    var u1 = bias;
    var u2 = bias;
    var u3 = bias;
    for (var d = 0u; d < D; d++) {
      let wd = d * A;
      let w = vec4f(fa_W[wd + ai.x], fa_W[wd + ai.y], fa_W[wd + ai.z], fa_W[wd + ai.w]);
      u0 = fma(vec4f(hs[r.x * D + d]), w, u0);
      u1 = fma(vec4f(hs[r.y * D + d]), w, u1);
      u2 = fma(vec4f(hs[r.z * D + d]), w, u2);
      u3 = fma(vec4f(hs[r.w * D + d]), w, u3);
    }
    let p0 = tanh4(u0);
    let p1 = tanh4(u1);
    let p2 = tanh4(u2);
    let p3 = tanh4(u3);
    store_pre(r.x, a0, p0);
    if (live.y) { store_pre(r.y, a0, p1); }
    if (live.z) { store_pre(r.z, a0, p2); }
    if (live.w) { store_pre(r.w, a0, p3); }
    // Lanes past A repeat the last a: their v is 0, so they add nothing.
    let alive = vec4<bool>(true, a0 + 1u < A, a0 + 2u < A, a0 + 3u < A);
    let v = select(vec4f(0.0), vec4f(fa_v[ai.x], fa_v[ai.y], fa_v[ai.z], fa_v[ai.w]), alive);
    e += vec4f(dot(v, p0), dot(v, p1), dot(v, p2), dot(v, p3));
  }
  return e;
}

@compute @workgroup_size(WG)
fn additive_attention_forward(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  let b = wid.x;
  if (b >= B) { return; }
  var m = LOWEST;
  for (var t0 = lid * 4u; t0 < T; t0 += 4u * WG) {
    let live = vec4<bool>(true, t0 + 1u < T, t0 + 2u < T, t0 + 3u < T);
    let r = block_rows(t0, b);
    let e = additive_scores(r, live);
    for (var k = 0u; k < 4u; k++) {
      if (live[k]) {
        let real = fa_mask[r[k]] != 0.0;
        fa_scores[r[k]] = select(0.0, e[k], real);
        if (real) { m = max(m, e[k]); }
      }
    }
  }
  let top = workgroup_max(lid, m);
  var s = 0.0;
  for (var t0 = lid * 4u; t0 < T; t0 += 4u * WG) {
    for (var t = t0; t < min(t0 + 4u, T); t++) {
      let r = t * B + b;
      if (fa_mask[r] != 0.0) { s += exp(fa_scores[r] - top); }
    }
  }
  let total = workgroup_sum(lid, s);
  for (var t0 = lid * 4u; t0 < T; t0 += 4u * WG) {
    for (var t = t0; t < min(t0 + 4u, T); t++) {
      let r = t * B + b;
      fa_alpha[r] = select(0.0, exp(fa_scores[r] - top) / total, fa_mask[r] != 0.0);
    }
  }
  storageBarrier();
  for (var d = lid; d < D; d += WG) {
    var c = 0.0;
    for (var t = 0u; t < T; t++) {
      let r = t * B + b;
      c = fma(fa_alpha[r], hs[r * D + d], c);
    }
    fa_context[b * D + d] = c;
  }
}

// ---- attention_padding_mask(dims, x0, mask) ----
// Text's padding mask: x0 [T·B, F] (bound in hs's place; dims.width is F here), mask[r] = 1 where
// row r has any non-zero feature, 0 where it is all zero (padding); a batch row with no real step
// gets all ones (it attends to every step rather than divide by zero). One workgroup per batch
// row, its threads over the steps; the count of real steps is a workgroup sum.
@group(0) @binding(2) var<storage, read_write> pm_mask: array<f32>;

@compute @workgroup_size(WG)
fn attention_padding_mask(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let T = dims.steps;
  let F = dims.width;
  let b = wid.x;
  if (b >= B) { return; }
  var real = 0.0;
  for (var t = lid; t < T; t += WG) {
    let r = t * B + b;
    var any = 0.0;
    for (var f = 0u; f < F; f++) { if (hs[r * F + f] != 0.0) { any = 1.0; } }
    pm_mask[r] = any;
    real += any;
  }
  if (workgroup_sum(lid, real) == 0.0) {
    for (var t = lid; t < T; t += WG) { pm_mask[t * B + b] = 1.0; }
  }
}

// ---- dot_attention_forward(dims, hs, q, mask, scores, alpha, context) ----
@group(0) @binding(2) var<storage, read> fd_q: array<f32>;
@group(0) @binding(3) var<storage, read> fd_mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> fd_scores: array<f32>;
@group(0) @binding(5) var<storage, read_write> fd_alpha: array<f32>;
@group(0) @binding(6) var<storage, read_write> fd_context: array<f32>;

@compute @workgroup_size(WG)
fn dot_attention_forward(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  let b = wid.x;
  if (b >= B) { return; }
  var m = LOWEST;
  for (var t = lid; t < T; t += WG) {
    let r = t * B + b;
    var e = 0.0;
    for (var d = 0u; d < D; d++) { e = fma(fd_q[d], hs[r * D + d], e); }
    let real = fd_mask[r] != 0.0;
    fd_scores[r] = select(0.0, e, real);
    if (real) { m = max(m, e); }
  }
  let top = workgroup_max(lid, m);
  var s = 0.0;
  for (var t = lid; t < T; t += WG) {
    let r = t * B + b;
    if (fd_mask[r] != 0.0) { s += exp(fd_scores[r] - top); }
  }
  let total = workgroup_sum(lid, s);
  for (var t = lid; t < T; t += WG) {
    let r = t * B + b;
    fd_alpha[r] = select(0.0, exp(fd_scores[r] - top) / total, fd_mask[r] != 0.0);
  }
  storageBarrier();
  for (var d = lid; d < D; d += WG) {
    var c = 0.0;
    for (var t = 0u; t < T; t++) {
      let r = t * B + b;
      c = fma(fd_alpha[r], hs[r * D + d], c);
    }
    fd_context[b * D + d] = c;
  }
}

// ---- additive_attention_backward_states(dims, hs, W, v, pre, alpha, dcontext, de, dhs) ----
// dα_t = dc·h_t; de_t = α_t·(dα_t − Σ_s α_s·dα_s); dh_td = α_t·dc_d + Σ_a W_da·du_ta with
// du_ta = de_t·v_a·(1 − p_ta²). One workgroup per batch row.
@group(0) @binding(2) var<storage, read> ba_W: array<f32>;
@group(0) @binding(3) var<storage, read> ba_v: array<f32>;
@group(0) @binding(4) var<storage, read> ba_pre: array<f32>;
@group(0) @binding(5) var<storage, read> ba_alpha: array<f32>;
@group(0) @binding(6) var<storage, read> ba_dcontext: array<f32>;
@group(0) @binding(7) var<storage, read_write> ba_de: array<f32>;
@group(0) @binding(8) var<storage, read_write> ba_dhs: array<f32>;

// One column d of the four rows' dh, those of `live` rows.
fn store_dh(r: vec4u, live: vec4<bool>, d: u32, g: vec4f) {
  let D = dims.width;
  ba_dhs[r.x * D + d] = g.x;
  if (live.y) { ba_dhs[r.y * D + d] = g.y; }
  if (live.z) { ba_dhs[r.z * D + d] = g.z; }
  if (live.w) { ba_dhs[r.w * D + d] = g.w; }
}

// dh of the four rows r of batch row b (their α and de), 4 rows × 4 columns per pass over a:
// the loads of W and pre serve four rows and four columns.
fn additive_dh(r: vec4u, live: vec4<bool>, b: u32, alpha: vec4f, de: vec4f) {
  let D = dims.width;
  let A = dims.hidden;
  for (var d0 = 0u; d0 < D; d0 += 4u) {
    let di = clamp4(d0, D);
    let dc = vec4f(ba_dcontext[b * D + di.x], ba_dcontext[b * D + di.y], ba_dcontext[b * D + di.z], ba_dcontext[b * D + di.w]);
    // g_k: column d0 + k of the four rows.
    var g0 = alpha * dc.x;
    var g1 = alpha * dc.y;
    var g2 = alpha * dc.z;
    var g3 = alpha * dc.w;
    for (var a = 0u; a < A; a++) {
      let p = vec4f(ba_pre[r.x * A + a], ba_pre[r.y * A + a], ba_pre[r.z * A + a], ba_pre[r.w * A + a]);
      let du = de * ba_v[a] * (1.0 - p * p);
      g0 = fma(vec4f(ba_W[di.x * A + a]), du, g0);
      g1 = fma(vec4f(ba_W[di.y * A + a]), du, g1);
      g2 = fma(vec4f(ba_W[di.z * A + a]), du, g2);
      g3 = fma(vec4f(ba_W[di.w * A + a]), du, g3);
    }
    store_dh(r, live, d0, g0);
    if (d0 + 1u < D) { store_dh(r, live, d0 + 1u, g1); }
    if (d0 + 2u < D) { store_dh(r, live, d0 + 2u, g2); }
    if (d0 + 3u < D) { store_dh(r, live, d0 + 3u, g3); }
  }
}

@compute @workgroup_size(WG)
fn additive_attention_backward_states(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  let b = wid.x;
  if (b >= B) { return; }
  var part = 0.0;
  for (var t0 = lid * 4u; t0 < T; t0 += 4u * WG) {
    for (var t = t0; t < min(t0 + 4u, T); t++) {
      let r = t * B + b;
      var da = 0.0;
      for (var d = 0u; d < D; d++) { da = fma(ba_dcontext[b * D + d], hs[r * D + d], da); }
      ba_de[r] = da;
      part += ba_alpha[r] * da;
    }
  }
  let total = workgroup_sum(lid, part);
  for (var t0 = lid * 4u; t0 < T; t0 += 4u * WG) {
    let live = vec4<bool>(true, t0 + 1u < T, t0 + 2u < T, t0 + 3u < T);
    let r = block_rows(t0, b);
    let alpha = vec4f(ba_alpha[r.x], ba_alpha[r.y], ba_alpha[r.z], ba_alpha[r.w]);
    let de = alpha * (vec4f(ba_de[r.x], ba_de[r.y], ba_de[r.z], ba_de[r.w]) - total);
    ba_de[r.x] = de.x;
    if (live.y) { ba_de[r.y] = de.y; }
    if (live.z) { ba_de[r.z] = de.z; }
    if (live.w) { ba_de[r.w] = de.w; }
    additive_dh(r, live, b, alpha, de);
  }
}

// ---- additive_attention_backward_weights(dims, hs, v, pre, de, dW, dbias, dv) ----
// dW_da = Σ_r h_rd·du_ra, one thread per block of 4 a × 4 d (per row: 9 loads for 16
// multiply-adds); then one thread per a for dv_a = Σ_r de_r·p_ra and db_a = Σ_r du_ra.
@group(0) @binding(2) var<storage, read> wa_v: array<f32>;
@group(0) @binding(3) var<storage, read> wa_pre: array<f32>;
@group(0) @binding(4) var<storage, read> wa_de: array<f32>;
@group(0) @binding(5) var<storage, read_write> wa_dW: array<f32>;
@group(0) @binding(6) var<storage, read_write> wa_dbias: array<f32>;
@group(0) @binding(7) var<storage, read_write> wa_dv: array<f32>;

// Row d of dW, columns a0 … a0+3 (those below A).
fn store_dW(d: u32, a0: u32, g: vec4f) {
  let A = dims.hidden;
  wa_dW[d * A + a0] = g.x;
  if (a0 + 1u < A) { wa_dW[d * A + a0 + 1u] = g.y; }
  if (a0 + 2u < A) { wa_dW[d * A + a0 + 2u] = g.z; }
  if (a0 + 3u < A) { wa_dW[d * A + a0 + 3u] = g.w; }
}

fn additive_dW_block(a0: u32, d0: u32) {
  let rows = dims.steps * dims.batch;
  let D = dims.width;
  let A = dims.hidden;
  let ai = clamp4(a0, A);
  let di = clamp4(d0, D);
  let v = vec4f(wa_v[ai.x], wa_v[ai.y], wa_v[ai.z], wa_v[ai.w]);
  // g_k: row d0 + k of dW, four a.
  var g0 = vec4f(0.0);
  var g1 = vec4f(0.0);
  var g2 = vec4f(0.0);
  var g3 = vec4f(0.0);
  for (var r = 0u; r < rows; r++) {
    let p = vec4f(wa_pre[r * A + ai.x], wa_pre[r * A + ai.y], wa_pre[r * A + ai.z], wa_pre[r * A + ai.w]);
    let du = wa_de[r] * v * (1.0 - p * p);
    g0 = fma(vec4f(hs[r * D + di.x]), du, g0);
    g1 = fma(vec4f(hs[r * D + di.y]), du, g1);
    g2 = fma(vec4f(hs[r * D + di.z]), du, g2);
    g3 = fma(vec4f(hs[r * D + di.w]), du, g3);
  }
  store_dW(d0, a0, g0);
  if (d0 + 1u < D) { store_dW(d0 + 1u, a0, g1); }
  if (d0 + 2u < D) { store_dW(d0 + 2u, a0, g2); }
  if (d0 + 3u < D) { store_dW(d0 + 3u, a0, g3); }
}

@compute @workgroup_size(WG)
fn additive_attention_backward_weights(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let rows = dims.steps * dims.batch;
  let A = dims.hidden;
  let i = gid.x + gid.y * nwg.x * WG;
  let a_blocks = (A + 3u) / 4u;
  let blocks = a_blocks * ((dims.width + 3u) / 4u);
  if (i < blocks) {
    additive_dW_block((i % a_blocks) * 4u, (i / a_blocks) * 4u);
  } else if (i < blocks + A) {
    let a = i - blocks;
    var gv = 0.0;
    var gb = 0.0;
    for (var r = 0u; r < rows; r++) {
      let p = wa_pre[r * A + a];
      gv = fma(wa_de[r], p, gv);
      gb += wa_de[r] * wa_v[a] * (1.0 - p * p);
    }
    wa_dv[a] = gv;
    wa_dbias[a] = gb;
  }
}

// ---- dot_attention_backward_states(dims, hs, q, alpha, dcontext, de, dhs) ----
// de as the additive kind's; dh_td = α_t·dc_d + de_t·q_d. One workgroup per batch row.
@group(0) @binding(2) var<storage, read> bd_q: array<f32>;
@group(0) @binding(3) var<storage, read> bd_alpha: array<f32>;
@group(0) @binding(4) var<storage, read> bd_dcontext: array<f32>;
@group(0) @binding(5) var<storage, read_write> bd_de: array<f32>;
@group(0) @binding(6) var<storage, read_write> bd_dhs: array<f32>;

@compute @workgroup_size(WG)
fn dot_attention_backward_states(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  let b = wid.x;
  if (b >= B) { return; }
  var part = 0.0;
  for (var t = lid; t < T; t += WG) {
    let r = t * B + b;
    var da = 0.0;
    for (var d = 0u; d < D; d++) { da = fma(bd_dcontext[b * D + d], hs[r * D + d], da); }
    bd_de[r] = da;
    part += bd_alpha[r] * da;
  }
  let total = workgroup_sum(lid, part);
  for (var t = lid; t < T; t += WG) {
    let r = t * B + b;
    let ar = bd_alpha[r];
    let e = ar * (bd_de[r] - total);
    bd_de[r] = e;
    for (var d = 0u; d < D; d++) { bd_dhs[r * D + d] = fma(e, bd_q[d], ar * bd_dcontext[b * D + d]); }
  }
}

// ---- dot_attention_backward_weights(dims, hs, de, dq) ----
// dq_d = Σ_r de_r·h_rd, one thread per d.
@group(0) @binding(2) var<storage, read> wd_de: array<f32>;
@group(0) @binding(3) var<storage, read_write> wd_dq: array<f32>;

@compute @workgroup_size(WG)
fn dot_attention_backward_weights(@builtin(global_invocation_id) gid: vec3u) {
  let rows = dims.steps * dims.batch;
  let D = dims.width;
  let d = gid.x;
  if (d >= D) { return; }
  var g = 0.0;
  for (var r = 0u; r < rows; r++) { g = fma(wd_de[r], hs[r * D + d], g); }
  wd_dq[d] = g;
}
