// Row-wise helpers of the step: the batch gather, masks broadcast over timesteps, column sums.
// Elementwise kernels index i = x + y·(columns of the grid), so a 2-D grid covers large tensors.
// Constants injected by src/engine/webgpu/shaderSource.ts: WG.

fn flat_index(gid: vec3u, nwg: vec3u) -> u32 { return gid.x + gid.y * nwg.x * WG; }

// ---- gather_batch: sample-major split → time-major batch (reference gather_batch) ----
//   x  [n, T, F] the split's inputs; y [n, K] its targets; idx [B] the step's rows
//   x0 [T·B, F] out, row t·B + b;  y0 [B, K] out
struct GatherDims {
  batch: u32,
  steps: u32,
  features: u32,
  outputs: u32,
}
@group(0) @binding(0) var<uniform> gdims: GatherDims;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> x0: array<f32>;
@group(0) @binding(5) var<storage, read_write> y0: array<f32>;

@compute @workgroup_size(WG)
fn gather_batch(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat_index(gid, nwg);
  let B = gdims.batch;
  let F = gdims.features;
  if (i < B * gdims.outputs) {
    let b = i / gdims.outputs;
    y0[i] = y[idx[b] * gdims.outputs + i % gdims.outputs];
  }
  if (i >= gdims.steps * B * F) { return; }
  let f = i % F;
  let row = i / F; // t·B + b
  let t = row / B;
  let b = row % B;
  x0[i] = x[(idx[b] * gdims.steps + t) * F + f];
}

// ---- mask_rows: out [rows, D] = src [rows, D] ⊙ mask [B, D], row r using mask row r mod B ----
struct MaskRowsDims {
  rows: u32,
  cols: u32,
  batch: u32,
  src_off: u32,
  out_off: u32,
}
@group(0) @binding(0) var<uniform> mdims: MaskRowsDims;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> rmask: array<f32>;
@group(0) @binding(3) var<storage, read_write> masked: array<f32>;

@compute @workgroup_size(WG)
fn mask_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat_index(gid, nwg);
  if (i >= mdims.rows * mdims.cols) { return; }
  let r = i / mdims.cols;
  let d = i % mdims.cols;
  masked[mdims.out_off + i] = src[mdims.src_off + i] * rmask[(r % mdims.batch) * mdims.cols + d];
}

// ---- sum_rows: out [D] = Σ_r src [rows, D] (bias gradients); one thread per column ----
struct SumRowsDims {
  rows: u32,
  cols: u32,
  src_off: u32,
  out_off: u32,
}
@group(0) @binding(0) var<uniform> sdims: SumRowsDims;
@group(0) @binding(1) var<storage, read> sum_src: array<f32>;
@group(0) @binding(2) var<storage, read_write> sums: array<f32>;

@compute @workgroup_size(WG)
fn sum_rows(@builtin(global_invocation_id) gid: vec3u) {
  let d = gid.x;
  if (d >= sdims.cols) { return; }
  // Four partial sums: shorter dependency chains, and less rounding over thousands of rows.
  var s = vec4f(0.0);
  var r = 0u;
  for (; r + 4u <= sdims.rows; r += 4u) {
    let base = sdims.src_off + r * sdims.cols + d;
    s += vec4f(sum_src[base], sum_src[base + sdims.cols], sum_src[base + 2u * sdims.cols],
               sum_src[base + 3u * sdims.cols]);
  }
  for (; r < sdims.rows; r++) { s.x += sum_src[sdims.src_off + r * sdims.cols + d]; }
  sums[sdims.out_off + d] = s.x + s.y + s.z + s.w;
}
