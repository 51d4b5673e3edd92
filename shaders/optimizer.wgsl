// The update over every parameter at once: params, grads and optimizer state are each ONE flat
// buffer holding all tensors (weightTensors order, each start padded to 64 floats), and a 0/1
// `regularized` buffer marks the kernels (MATH.md "Update"; reference optimizer.ts).
//   grad_norm_sq       partials[wg] = Σ (g + reg)² over the workgroup's share
//   grad_norm_total    partials[NORM_TOTAL] = Σ partials[0 .. groups)
//   optimizer_update   L1/L2, clipnorm, then sgd / momentum / rmsprop / adam, in place
// Twins of the same names in src/engine/reference/optimizer.ts (same buffers in binding order).
// Constants injected by src/engine/webgpu/shaderSource.ts: WG (power of two), NORM_TOTAL,
// OPTIMIZER (0 sgd, 1 momentum, 2 rmsprop, 3 adam), and the hyper-parameters MOMENTUM,
// RMSPROP_RHO, ADAM_BETA1, ADAM_BETA2, EPSILON (f32; src/engine/contracts/optimizerConstants.ts).

struct OptParams {
  count: u32,    // floats in the flat buffers
  groups: u32,   // workgroups of grad_norm_sq
  lr: f32,
  l1: f32,
  l2: f32,
  clipnorm: f32, // 0 = off
}

struct StepParams {
  step: u32,
  slot: u32,
  c1: f32, // Adam's bias corrections 1 − β1^t, 1 − β2^t (t = update number + 1)
  c2: f32,
}

@group(0) @binding(0) var<uniform> opt: OptParams;
@group(0) @binding(1) var<uniform> step: StepParams;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<storage, read_write> m: array<f32>;
@group(0) @binding(5) var<storage, read_write> v: array<f32>;
@group(0) @binding(6) var<storage, read> regularized: array<f32>;
@group(0) @binding(7) var<storage, read_write> partials: array<f32>;

var<workgroup> scratch: array<f32, WG>;

// g + regularized·(2·l2·w + l1·sign(w)): apply_regularization, with sign(0) = 0
fn regularized_grad(i: u32) -> f32 {
  let wi = w[i];
  return g[i] + regularized[i] * (2.0 * opt.l2 * wi + opt.l1 * sign(wi));
}

fn tree_sum(lid: u32, value: f32) -> f32 {
  scratch[lid] = value;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { scratch[lid] += scratch[lid + s]; }
    workgroupBarrier();
  }
  return scratch[0];
}

@compute @workgroup_size(WG)
fn grad_norm_sq(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  var s = 0.0;
  for (var i = wid.x * WG + lid; i < opt.count; i += opt.groups * WG) {
    let gi = regularized_grad(i);
    s += gi * gi;
  }
  let total = tree_sum(lid, s);
  if (lid == 0u) { partials[wid.x] = total; }
}

@compute @workgroup_size(WG)
fn grad_norm_total(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var i = lid; i < opt.groups; i += WG) { s += partials[i]; }
  let total = tree_sum(lid, s);
  if (lid == 0u) { partials[NORM_TOTAL] = total; }
}

@compute @workgroup_size(WG)
fn optimizer_update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= opt.count) { return; }
  var scale = 1.0;
  if (opt.clipnorm > 0.0) {
    let norm = sqrt(partials[NORM_TOTAL]);
    if (norm > opt.clipnorm) { scale = opt.clipnorm / norm; }
  }
  let gi = scale * regularized_grad(i);
  if (OPTIMIZER == 0u) {
    w[i] -= opt.lr * gi;
  } else if (OPTIMIZER == 1u) {
    let vi = MOMENTUM * m[i] - opt.lr * gi;
    m[i] = vi;
    w[i] += vi;
  } else if (OPTIMIZER == 2u) {
    let a = RMSPROP_RHO * m[i] + (1.0 - RMSPROP_RHO) * gi * gi;
    m[i] = a;
    w[i] -= opt.lr * gi / (sqrt(a) + EPSILON);
  } else {
    let mi = ADAM_BETA1 * m[i] + (1.0 - ADAM_BETA1) * gi;
    let vi = ADAM_BETA2 * v[i] + (1.0 - ADAM_BETA2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] -= opt.lr * (mi / step.c1) / (sqrt(vi / step.c2) + EPSILON);
  }
}
