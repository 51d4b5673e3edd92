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
// that owns its (row, unit). Each thread computes ROWS batch rows of four units, vec4 over units:
// one vec4f accumulator per row, lane q for unit j0 + q·⌈H/4⌉ (j0 < ⌈H/4⌉, so the threads' units
// cover 0 … H−1 once each). Units a quarter of the layer apart, not four neighbours: neighbouring
// threads then take neighbouring units, as the scalar kernel's did, so their loads of U and their
// stores lie close together (measured on SwiftShader, B 32, H 64: ~1.5 → ~0.8 ms of CPU a GRU
// forward dispatch). Units past H (when H is not a multiple of 4) load unit H−1 and rows past B
// load row B−1; neither is ever stored. Per output the products are summed in the same order as the
// twin's (k ascending, Zx first).
// Constants: WG, ROWS (1, 2 or 4).
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

// The thread's first unit j0 and first batch row: ⌈H/4⌉ threads a row block, units fastest.
fn unit_and_row(gid: vec3u, nwg: vec3u) -> vec2u {
  let i = gid.x + gid.y * nwg.x * WG;
  let blocks = (dims.units + 3u) / 4u;
  return vec2u(i % blocks, (i / blocks) * ROWS);
}

// The thread's four units, clamped into the units (for loads only).
fn units4(j0: u32) -> vec4u { return min(units_of(j0), vec4u(dims.units - 1u)); }
// The thread's four units, j0 + q·⌈H/4⌉ for q = 0 … 3.
fn units_of(j0: u32) -> vec4u { return vec4u(j0) + vec4u(0u, 1u, 2u, 3u) * ((dims.units + 3u) / 4u); }

// U's floats at offset o + c[q], q = 0 … 3: lane q of a vec4 over units.
fn u4(o: u32, c: vec4u) -> vec4f { return vec4f(U[o + c.x], U[o + c.y], U[o + c.z], U[o + c.w]); }

// ---- simple_rnn_cell_forward ----

fn rnn_forward_row(t: u32, b: u32, j: u32, z: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B || j >= H) { return; }
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

// One row's four units (lane q: unit j0 + q·⌈H/4⌉).
fn rnn_forward_row4(t: u32, b: u32, j0: u32, z: vec4f) {
  let j = units_of(j0);
  rnn_forward_row(t, b, j.x, z.x);
  rnn_forward_row(t, b, j.y, z.y);
  rnn_forward_row(t, b, j.z, z.z);
  rnn_forward_row(t, b, j.w, z.w);
}

@compute @workgroup_size(WG)
fn simple_rnn_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j0 = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  let c = units4(j0);
  let r0 = (t * B + min(b0, B - 1u)) * H;
  let r1 = (t * B + min(b0 + 1u, B - 1u)) * H;
  let r2 = (t * B + min(b0 + 2u, B - 1u)) * H;
  let r3 = (t * B + min(b0 + 3u, B - 1u)) * H;
  // z<row>: Zx + Σ_k hprev[row, k] · U[k, unit], lane q for unit j0 + q·⌈H/4⌉.
  var z0 = vec4f(gates[r0 + c.x], gates[r0 + c.y], gates[r0 + c.z], gates[r0 + c.w]);
  var z1 = vec4f(gates[r1 + c.x], gates[r1 + c.y], gates[r1 + c.z], gates[r1 + c.w]);
  var z2 = vec4f(gates[r2 + c.x], gates[r2 + c.y], gates[r2 + c.z], gates[r2 + c.w]);
  var z3 = vec4f(gates[r3 + c.x], gates[r3 + c.y], gates[r3 + c.z], gates[r3 + c.w]);
  if (has_prev(t)) {
    for (var k = 0u; k < H; k++) {
      let w = u4(k * H, c);
      z0 = fma(vec4f(hprev[r0 + k]), w, z0);
      if (ROWS >= 2u) { z1 = fma(vec4f(hprev[r1 + k]), w, z1); }
      if (ROWS >= 4u) {
        z2 = fma(vec4f(hprev[r2 + k]), w, z2);
        z3 = fma(vec4f(hprev[r3 + k]), w, z3);
      }
    }
  }
  rnn_forward_row4(t, b0, j0, z0);
  if (ROWS >= 2u) { rnn_forward_row4(t, b0 + 1u, j0, z1); }
  if (ROWS >= 4u) {
    rnn_forward_row4(t, b0 + 2u, j0, z2);
    rnn_forward_row4(t, b0 + 3u, j0, z3);
  }
}

// ---- simple_rnn_cell_backward ----
// dh_rec = dz_next·Uᵀ; dh = dH_t + dh_rec ⊙ mrec; dz_t = dh·(1 − h_t²); dh is kept in dh_steps.

fn rnn_backward_row(t: u32, b: u32, j: u32, dh_rec: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B || j >= H) { return; }
  let n = (t * B + b) * H + j;
  let dh = dH[h_index(t, b, j)] + dh_rec * mrec[b * H + j];
  let a = gates[n];
  dz[n] = dh * (1.0 - a * a);
  dh_steps[n] = dh;
}

fn rnn_backward_row4(t: u32, b: u32, j0: u32, s: vec4f) {
  let j = units_of(j0);
  rnn_backward_row(t, b, j.x, s.x);
  rnn_backward_row(t, b, j.y, s.y);
  rnn_backward_row(t, b, j.z, s.z);
  rnn_backward_row(t, b, j.w, s.w);
}

@compute @workgroup_size(WG)
fn simple_rnn_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j0 = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  // s<row>: Σ_k dz_next[row, k] · U[unit, k], lane q for unit j0 + q·⌈H/4⌉.
  var s0 = vec4f(0.0);
  var s1 = vec4f(0.0);
  var s2 = vec4f(0.0);
  var s3 = vec4f(0.0);
  if (has_next(t)) {
    let tn = next_of(t);
    let r0 = (tn * B + min(b0, B - 1u)) * H;
    let r1 = (tn * B + min(b0 + 1u, B - 1u)) * H;
    let r2 = (tn * B + min(b0 + 2u, B - 1u)) * H;
    let r3 = (tn * B + min(b0 + 3u, B - 1u)) * H;
    let u = units4(j0) * H; // the four units' rows of U
    for (var k = 0u; k < H; k++) {
      let w = u4(k, u);
      s0 = fma(vec4f(dz[r0 + k]), w, s0);
      if (ROWS >= 2u) { s1 = fma(vec4f(dz[r1 + k]), w, s1); }
      if (ROWS >= 4u) {
        s2 = fma(vec4f(dz[r2 + k]), w, s2);
        s3 = fma(vec4f(dz[r3 + k]), w, s3);
      }
    }
  }
  rnn_backward_row4(t, b0, j0, s0);
  if (ROWS >= 2u) { rnn_backward_row4(t, b0 + 1u, j0, s1); }
  if (ROWS >= 4u) {
    rnn_backward_row4(t, b0 + 2u, j0, s2);
    rnn_backward_row4(t, b0 + 3u, j0, s3);
  }
}
