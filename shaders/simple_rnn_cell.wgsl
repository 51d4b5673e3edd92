// simple_rnn_cell_forward / simple_rnn_cell_backward: one timestep t of Keras's SimpleRNN (tanh)
// for a batch (src/engine/MATH.md): h_t = tanh(Zx_t + hprev_t·U). One dispatch each, in either
// direction (dims.reverse). Twins of the same names in src/engine/reference/simpleRnnCell.ts, same
// buffers in this binding order, same work in the same order; gruCell.test.ts-style per-dispatch
// tests in src/engine/webgpu/simpleRnnCell.test.ts hold them together.
//
// Shapes (time-major: row t·B + b is sample b at timestep t; B batch, H units, T steps):
//   gates [T·B, H]   in: Zx_t = Xd_t·W + b; out: h_t (the activation, kept for backward)
//   U     [H, H]     recurrent kernel
//   mrec  [B, H]     recurrent dropout mask (all ones in evaluation)
//   h     [T·B, ·]   hidden state: row stride h_stride, this direction's units from column h_off
//   hprev [T·B, H]   block t = h_prev ⊙ mrec (the first step's block stays zero); the left operand of dU
//   dH    [T·B, ·]   gradient reaching h from above, as h
//   dz    [T·B, H]   gradient at the pre-activations
//   probe [2, T, H]  (forward) batch row dims.probe_row's pre-activation (0) and h (1) at (q·T + t)·H
//                    + j; none written when probe_row is NO_PROBE (0xFFFFFFFF), as in training
//   dh_steps [T·B, H] (backward) ∂L/∂h_t of every step, for the gradient-norm reduction
//
// Race-free: every array is f32 and every float a dispatch writes is written by the one invocation
// that owns its (row, unit). Each thread computes ROWS batch rows of one unit. Constants: WG, ROWS.
// The dims (binding 0), the activations and the step helpers are in shaders/recurrence.wgsl, which
// cellKernels.ts puts before this file.

struct Time {
  t: u32,
}

@group(0) @binding(1) var<uniform> time: Time; // a dynamic offset picks the timestep
@group(0) @binding(2) var<storage, read_write> gates: array<f32>;
@group(0) @binding(3) var<storage, read> U: array<f32>;
@group(0) @binding(4) var<storage, read> mrec: array<f32>;
// simple_rnn_cell_forward only.
@group(0) @binding(5) var<storage, read_write> h: array<f32>;
@group(0) @binding(6) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(7) var<storage, read_write> probe: array<f32>;
// simple_rnn_cell_backward only.
@group(0) @binding(5) var<storage, read> dH: array<f32>;
@group(0) @binding(6) var<storage, read_write> dz: array<f32>;
@group(0) @binding(7) var<storage, read_write> dh_steps: array<f32>;

fn unit_and_row(gid: vec3u, nwg: vec3u) -> vec2u {
  let i = gid.x + gid.y * nwg.x * WG;
  return vec2u(i % dims.units, (i / dims.units) * ROWS);
}

// ---- simple_rnn_cell_forward ----

fn rnn_forward_row(t: u32, b: u32, j: u32, z: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B) { return; }
  let n = (t * B + b) * H + j;
  let ht = tanh_safe(z);
  gates[n] = ht;
  h[h_index(t, b, j)] = ht;
  if (has_next(t)) { hprev[(next_of(t) * B + b) * H + j] = ht * mrec[b * H + j]; }
  if (b == dims.probe_row) {
    probe[t * H + j] = z;
    probe[(dims.steps + t) * H + j] = ht;
  }
}

@compute @workgroup_size(WG)
fn simple_rnn_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  let r0 = (t * B + min(b0, B - 1u)) * H;
  let r1 = (t * B + min(b0 + 1u, B - 1u)) * H;
  let r2 = (t * B + min(b0 + 2u, B - 1u)) * H;
  let r3 = (t * B + min(b0 + 3u, B - 1u)) * H;
  var z = vec4f(gates[r0 + j], gates[r1 + j], gates[r2 + j], gates[r3 + j]);
  if (has_prev(t)) {
    for (var k = 0u; k < H; k++) {
      let hk = vec4f(hprev[r0 + k], hprev[r1 + k], hprev[r2 + k], hprev[r3 + k]);
      z = fma(hk, vec4f(U[k * H + j]), z);
    }
  }
  rnn_forward_row(t, b0, j, z.x);
  if (ROWS >= 2u) { rnn_forward_row(t, b0 + 1u, j, z.y); }
  if (ROWS >= 4u) {
    rnn_forward_row(t, b0 + 2u, j, z.z);
    rnn_forward_row(t, b0 + 3u, j, z.w);
  }
}

// ---- simple_rnn_cell_backward ----
// dh_rec = dz_next·Uᵀ; dh = dH_t + dh_rec ⊙ mrec; dz_t = dh·(1 − h_t²); dh is kept in dh_steps.

fn rnn_backward_row(t: u32, b: u32, j: u32, dh_rec: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B) { return; }
  let n = (t * B + b) * H + j;
  let dh = dH[h_index(t, b, j)] + dh_rec * mrec[b * H + j];
  let a = gates[n];
  dz[n] = dh * (1.0 - a * a);
  dh_steps[n] = dh;
}

@compute @workgroup_size(WG)
fn simple_rnn_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  var s = vec4f(0.0);
  if (has_next(t)) {
    let tn = next_of(t);
    let r0 = (tn * B + min(b0, B - 1u)) * H;
    let r1 = (tn * B + min(b0 + 1u, B - 1u)) * H;
    let r2 = (tn * B + min(b0 + 2u, B - 1u)) * H;
    let r3 = (tn * B + min(b0 + 3u, B - 1u)) * H;
    let u0 = j * H;
    for (var k = 0u; k < H; k++) {
      let dzk = vec4f(dz[r0 + k], dz[r1 + k], dz[r2 + k], dz[r3 + k]);
      s = fma(dzk, vec4f(U[u0 + k]), s);
    }
  }
  rnn_backward_row(t, b0, j, s.x);
  if (ROWS >= 2u) { rnn_backward_row(t, b0 + 1u, j, s.y); }
  if (ROWS >= 4u) {
    rnn_backward_row(t, b0 + 2u, j, s.z);
    rnn_backward_row(t, b0 + 3u, j, s.w);
  }
}
