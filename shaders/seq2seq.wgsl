// The encoder–decoder's own kernels (issue 23): the twins of the functions of the same names in
// src/engine/reference/seq2seq.ts, the same buffers in this binding order (one entry point per
// twin), the same sums in the same order (in f32 here, f64 there); the per-dispatch tests in
// src/engine/webgpu/seq2seq.test.ts hold them together. Shapes (time-major, decoder row
// r = i·B + b over T_out steps, encoder row j·B + b over T_in steps; D the states' width, H = D the
// decoder's, V output symbols):
//   y0 [B, T_out·V]  ydec [T_out·B, V]  xdec [T_out·B, V+1]  outputs [T_out·B, V]  pred [B, T_out·V]
//   q, context, dcontext, dq [T_out·B, D]  hs, dhs [T_in·B, D]  mask [T_in·B]
//   scores, alpha, de [T_out·B·T_in] (row r's weight over encoder step j at r·T_in + j)
//
// Work: teacher_forcing, the pointwise pair and luong_attention_backward_states one thread per
// float they write; greedy_tokens one thread per batch row; luong_attention_forward and
// luong_attention_backward_queries one workgroup per decoder row r, its threads over the encoder
// steps j (scores, de) and then over the columns d (context, dq), the softmax's max and sums and
// de's Σ α·dα as workgroup reductions. The states' half sums over every decoder row i, which one
// dispatch cannot read before the other workgroups have written their rows' de: hence the split.
// Race-free: every float a dispatch writes has one owner thread; a thread reads another's write
// only across a barrier. Constants injected by src/engine/webgpu/shaderSource.ts: WG.
//
// Each entry point's buffers beyond dims carry its prefix (WGSL gives a module-scope name one
// binding): tf_ teacher_forcing, gt_ greedy_tokens, lf_ luong_attention_forward, lq_ / ls_ the
// backward's halves, ah_ / ab_ attentional_hidden and its backward.

struct DecoderDims {
  batch: u32, // B
  steps: u32, // T_in
  out_steps: u32, // T_out
  width: u32, // D
  vocab: u32, // V
  step: u32, // greedy_tokens' output step (its twin's `step` argument); 0 for the others
  rows: u32, // the pointwise kernels' [rows, cols] (PointwiseDims)
  cols: u32,
}

@group(0) @binding(0) var<uniform> dims: DecoderDims;

fn flat_index(gid: vec3u, nwg: vec3u) -> u32 { return gid.x + gid.y * nwg.x * WG; }

// workgroup_sum, workgroup_max and LOWEST: shaders/workgroup.wgsl, put before this file.

// ---- teacher_forcing(dims, y0, ydec, xdec) ----
// One thread per float of xdec (row r, column c ≤ V); those with c < V also write ydec's.
@group(0) @binding(1) var<storage, read> tf_y0: array<f32>;
@group(0) @binding(2) var<storage, read_write> tf_ydec: array<f32>;
@group(0) @binding(3) var<storage, read_write> tf_xdec: array<f32>;

@compute @workgroup_size(WG)
fn teacher_forcing(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = flat_index(gid, nwg);
  let B = dims.batch;
  let S = dims.out_steps;
  let V = dims.vocab;
  if (k >= S * B * (V + 1u)) { return; }
  let r = k / (V + 1u);
  let c = k % (V + 1u);
  let i = r / B;
  let b = r % B;
  if (c == V) {
    tf_xdec[k] = select(0.0, 1.0, i == 0u);
    return;
  }
  tf_ydec[r * V + c] = tf_y0[b * S * V + i * V + c];
  // Step 0 reads the start symbol alone (max(i, 1) keeps the unused operand's index in range).
  tf_xdec[k] = select(tf_y0[b * S * V + (max(i, 1u) - 1u) * V + c], 0.0, i == 0u);
}

// ---- greedy_tokens(dims, step, outputs, pred) ----
// One thread per batch row: the first most probable symbol of row step·B + b, one-hot into pred.
@group(0) @binding(1) var<storage, read> gt_outputs: array<f32>;
@group(0) @binding(2) var<storage, read_write> gt_pred: array<f32>;

@compute @workgroup_size(WG)
fn greedy_tokens(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  let B = dims.batch;
  let V = dims.vocab;
  if (b >= B) { return; }
  let r = dims.step * B + b;
  var best = 0u;
  for (var v = 1u; v < V; v++) {
    if (gt_outputs[r * V + v] > gt_outputs[r * V + best]) { best = v; }
  }
  let at = b * dims.out_steps * V + dims.step * V;
  for (var v = 0u; v < V; v++) { gt_pred[at + v] = select(0.0, 1.0, v == best); }
}

// ---- luong_attention_forward(dims, q, hs, mask, scores, alpha, context) ----
@group(0) @binding(1) var<storage, read> lf_q: array<f32>;
@group(0) @binding(2) var<storage, read> lf_hs: array<f32>;
@group(0) @binding(3) var<storage, read> lf_mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> lf_scores: array<f32>;
@group(0) @binding(5) var<storage, read_write> lf_alpha: array<f32>;
@group(0) @binding(6) var<storage, read_write> lf_context: array<f32>;

// One workgroup per decoder row r (wid.x + wid.y·65535 when there are more than 65,535).
@compute @workgroup_size(WG)
fn luong_attention_forward(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  let r = wid.x + wid.y * nwg.x;
  if (r >= dims.out_steps * B) { return; } // the whole workgroup leaves together
  let b = r % B;
  var m = LOWEST;
  for (var j = lid; j < T; j += WG) {
    let h = (j * B + b) * D;
    var e = 0.0;
    for (var d = 0u; d < D; d++) { e = fma(lf_q[r * D + d], lf_hs[h + d], e); }
    let real = lf_mask[j * B + b] != 0.0;
    lf_scores[r * T + j] = select(0.0, e, real);
    if (real) { m = max(m, e); }
  }
  let top = workgroup_max(lid, m);
  var s = 0.0;
  for (var j = lid; j < T; j += WG) {
    if (lf_mask[j * B + b] != 0.0) { s += exp(lf_scores[r * T + j] - top); }
  }
  let total = workgroup_sum(lid, s);
  for (var j = lid; j < T; j += WG) {
    let real = lf_mask[j * B + b] != 0.0;
    lf_alpha[r * T + j] = select(0.0, exp(lf_scores[r * T + j] - top) / total, real);
  }
  storageBarrier();
  for (var d = lid; d < D; d += WG) {
    var c = 0.0;
    for (var j = 0u; j < T; j++) { c = fma(lf_alpha[r * T + j], lf_hs[(j * B + b) * D + d], c); }
    lf_context[r * D + d] = c;
  }
}

// ---- luong_attention_backward_queries(dims, hs, alpha, dcontext, de, dq) ----
@group(0) @binding(1) var<storage, read> lq_hs: array<f32>;
@group(0) @binding(2) var<storage, read> lq_alpha: array<f32>;
@group(0) @binding(3) var<storage, read> lq_dcontext: array<f32>;
@group(0) @binding(4) var<storage, read_write> lq_de: array<f32>;
@group(0) @binding(5) var<storage, read_write> lq_dq: array<f32>;

// One workgroup per decoder row r: dα_j (kept in de), Σ α·dα, de_j, then dq over the columns.
@compute @workgroup_size(WG)
fn luong_attention_backward_queries(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  let r = wid.x + wid.y * nwg.x;
  if (r >= dims.out_steps * B) { return; }
  let b = r % B;
  var dot = 0.0;
  for (var j = lid; j < T; j += WG) {
    let h = (j * B + b) * D;
    var da = 0.0;
    for (var d = 0u; d < D; d++) { da = fma(lq_dcontext[r * D + d], lq_hs[h + d], da); }
    dot = fma(lq_alpha[r * T + j], da, dot);
    lq_de[r * T + j] = da; // dα for now: de once Σ α·dα is known
  }
  let total = workgroup_sum(lid, dot);
  for (var j = lid; j < T; j += WG) {
    lq_de[r * T + j] = lq_alpha[r * T + j] * (lq_de[r * T + j] - total);
  }
  storageBarrier();
  for (var d = lid; d < D; d += WG) {
    var g = 0.0;
    for (var j = 0u; j < T; j++) { g = fma(lq_de[r * T + j], lq_hs[(j * B + b) * D + d], g); }
    lq_dq[r * D + d] = g;
  }
}

// ---- luong_attention_backward_states(dims, q, alpha, dcontext, de, dhs) ----
@group(0) @binding(1) var<storage, read> ls_q: array<f32>;
@group(0) @binding(2) var<storage, read> ls_alpha: array<f32>;
@group(0) @binding(3) var<storage, read> ls_dcontext: array<f32>;
@group(0) @binding(4) var<storage, read> ls_de: array<f32>;
@group(0) @binding(5) var<storage, read_write> ls_dhs: array<f32>;

// One thread per float of dhs (encoder row j·B + b, column d): Σ over the decoder rows of b.
@compute @workgroup_size(WG)
fn luong_attention_backward_states(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = flat_index(gid, nwg);
  let B = dims.batch;
  let T = dims.steps;
  let D = dims.width;
  if (k >= T * B * D) { return; }
  let row = k / D;
  let d = k % D;
  let j = row / B;
  let b = row % B;
  var g = 0.0;
  for (var i = 0u; i < dims.out_steps; i++) {
    let r = i * B + b;
    g = fma(ls_alpha[r * T + j], ls_dcontext[r * D + d], g);
    g = fma(ls_de[r * T + j], ls_q[r * D + d], g);
  }
  ls_dhs[k] = g;
}

// ---- attentional_hidden(dims, za, zb, out) and attentional_hidden_backward(dims, out, dout, dz) ----
@group(0) @binding(1) var<storage, read> ah_za: array<f32>;
@group(0) @binding(2) var<storage, read> ah_zb: array<f32>;
@group(0) @binding(3) var<storage, read_write> ah_out: array<f32>;

@compute @workgroup_size(WG)
fn attentional_hidden(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = flat_index(gid, nwg);
  if (k >= dims.rows * dims.cols) { return; }
  ah_out[k] = tanh(clamp(ah_za[k] + ah_zb[k], -15.0, 15.0));
}

@group(0) @binding(1) var<storage, read> ab_out: array<f32>;
@group(0) @binding(2) var<storage, read> ab_dout: array<f32>;
@group(0) @binding(3) var<storage, read_write> ab_dz: array<f32>;

@compute @workgroup_size(WG)
fn attentional_hidden_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = flat_index(gid, nwg);
  if (k >= dims.rows * dims.cols) { return; }
  ab_dz[k] = ab_dout[k] * (1.0 - ab_out[k] * ab_out[k]);
}
