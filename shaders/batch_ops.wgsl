// Row-wise helpers of the step: the batch gather, masks broadcast over timesteps, column sums.
// Elementwise kernels index i = x + y·(columns of the grid), so a 2-D grid covers large tensors.
// Constants injected by src/engine/webgpu/shaderSource.ts: WG.

fn flat_index(gid: vec3u, nwg: vec3u) -> u32 { return gid.x + gid.y * nwg.x * WG; }

// ---- gather_batch: sample-major split → time-major batch (reference gather_batch) ----
//   x  [n, T, F] the split's inputs; y [n, K] its targets; idx [B] the step's rows
//   x0 [T·B, F] out, row t·B + b;  y0 [B, K] out
struct GatherDims {
  batch: u32, // B
  steps: u32, // T
  features: u32, // F
  outputs: u32, // K
}
@group(0) @binding(0) var<uniform> gather_dims: GatherDims;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> x0: array<f32>;
@group(0) @binding(5) var<storage, read_write> y0: array<f32>;

@compute @workgroup_size(WG)
fn gather_batch(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat_index(gid, nwg);
  let B = gather_dims.batch;
  let F = gather_dims.features;
  let K = gather_dims.outputs;
  if (i < B * K) { y0[i] = y[idx[i / K] * K + i % K]; }
  if (i >= gather_dims.steps * B * F) { return; }
  let row = i / F; // t·B + b
  let t = row / B;
  let b = row % B;
  x0[i] = x[(idx[b] * gather_dims.steps + t) * F + i % F];
}

// ---- mask_rows and sum_rows share their dims and their src and out bindings ----
struct RowsDims {
  rows: u32,
  cols: u32, // D
  batch: u32, // B (mask_rows only)
  src_off: u32,
  out_off: u32,
  accumulate: u32, // mask_rows: 1 adds to out (a Bidirectional layer's second direction's dX)
}
@group(0) @binding(0) var<uniform> rows_dims: RowsDims;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;

// ---- mask_rows: out [rows, D] = src [rows, D] ⊙ mask [B, D], row r using mask row r mod B ----
@compute @workgroup_size(WG)
fn mask_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat_index(gid, nwg);
  let d = rows_dims;
  if (i >= d.rows * d.cols) { return; }
  let r = i / d.cols;
  let masked = src[d.src_off + i] * mask[(r % d.batch) * d.cols + i % d.cols];
  if (d.accumulate != 0u) {
    out[d.out_off + i] += masked;
  } else {
    out[d.out_off + i] = masked;
  }
}

// ---- sum_rows: out [D] = Σ_r src [rows, D] (bias gradients); one thread per column ----
@compute @workgroup_size(WG)
fn sum_rows(@builtin(global_invocation_id) gid: vec3u) {
  let d = rows_dims;
  let col = gid.x;
  if (col >= d.cols) { return; }
  // Four partial sums: shorter dependency chains, and less rounding over thousands of rows.
  var s = vec4f(0.0);
  var r = 0u;
  for (; r + 4u <= d.rows; r += 4u) {
    let base = d.src_off + r * d.cols + col;
    s += vec4f(src[base], src[base + d.cols], src[base + 2u * d.cols], src[base + 3u * d.cols]);
  }
  for (; r < d.rows; r++) { s.x += src[d.src_off + r * d.cols + col]; }
  out[d.out_off + col] = s.x + s.y + s.z + s.w;
}

// ---- last_hidden / last_hidden_backward: the head's input and its gradient ----
// The head reads each direction's last step: the forward direction's h at t = T−1, the reverse
// direction's at t = 0 (Keras Bidirectional without return_sequences), side by side.
//   h   [T·B, dirs·H] the last layer's output;  mask [B, dirs·H] the output dropout mask
//   hd  [B, dirs·H]   out: hd[b, d·H + j] = h[(pos_d·B + b), d·H + j] · mask[b, d·H + j]
//   backward: dH [T·B, dirs·H] gets dhd ⊙ mask at the same places (the rest of dH is never written)
struct LastDims {
  batch: u32, // B
  units: u32, // H
  steps: u32, // T
  directions: u32, // 1 or 2
}
@group(0) @binding(0) var<uniform> last_dims: LastDims;
@group(0) @binding(1) var<storage, read> last_src: array<f32>;
@group(0) @binding(2) var<storage, read> last_mask: array<f32>;
@group(0) @binding(3) var<storage, read_write> last_out: array<f32>;

// Row of h (or dH) that direction d's last step of sample b sits in, and its column, for entry i.
fn last_place(i: u32) -> vec2u {
  let W = last_dims.units * last_dims.directions;
  let b = i / W;
  let col = i % W;
  let d = col / last_dims.units;
  let pos = select(last_dims.steps - 1u, 0u, d == 1u);
  return vec2u((pos * last_dims.batch + b) * W + col, col);
}

@compute @workgroup_size(WG)
fn last_hidden(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat_index(gid, nwg);
  if (i >= last_dims.batch * last_dims.units * last_dims.directions) { return; }
  last_out[i] = last_src[last_place(i).x] * last_mask[i];
}

@compute @workgroup_size(WG)
fn last_hidden_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat_index(gid, nwg);
  if (i >= last_dims.batch * last_dims.units * last_dims.directions) { return; }
  last_out[last_place(i).x] = last_src[i] * last_mask[i];
}
