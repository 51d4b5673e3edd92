// grad_norm_steps: the reduction behind the gradient-through-time view (src/engine/MATH.md, "The
// probe"). For every row r = t·B + b of a per-step gradient [T·B, H] (a cell's dc_steps or
// dh_steps), acc[r] += ‖grad[r, ·]‖₂: the norm over the units of sample b's gradient at step t.
// Each training step adds one term per row; the epoch's mean over the batch and the steps,
// Σ_b acc[t·B + b] / (B · steps), is taken on the CPU once per epoch (engine/contracts/probe.ts). Twin:
// grad_norm_steps in src/engine/reference/gradNorms.ts, the same buffers in this binding order.
//   grad [rows, cols]   acc [rows]
// Race-free: one invocation per row owns acc[r]. Constants injected by shaderSource.ts: WG.

struct NormDims {
  rows: u32, // T·B
  cols: u32, // H
}

@group(0) @binding(0) var<uniform> dims: NormDims;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> acc: array<f32>;

@compute @workgroup_size(WG)
fn grad_norm_steps(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * WG;
  if (r >= dims.rows) { return; }
  let base = r * dims.cols;
  var sum = 0.0;
  for (var j = 0u; j < dims.cols; j++) {
    let g = grad[base + j];
    sum = fma(g, g, sum);
  }
  acc[r] = acc[r] + sqrt(sum);
}
