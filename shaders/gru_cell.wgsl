// gru_cell_forward / gru_cell_backward: one GRU timestep t for a batch (src/engine/MATH.md), Keras's
// GRU with reset_after=True (its default since Keras 2, and PyTorch's GRU): the reset gate scales
// the recurrent product after it is taken, bias included. One dispatch each, in either direction
// (dims.reverse). Twins of the same names in src/engine/reference/gruCell.ts, same buffers in this
// binding order, same work in the same order; src/engine/webgpu/gruCell.test.ts holds each dispatch
// to its twin.
//
// Shapes (time-major: row t·B + b is sample b at timestep t; B batch, H units, T steps):
//   gates [T·B, 3H]  the gates (z, r, h̃) of unit j side by side: column 3·j + gate. In: Zx_t =
//                    Xd_t·W + b; out: z, r and the candidate h̃ after their activations
//   U     [H, 3H]    recurrent kernel, gate-interleaved like gates
//   hrec  [T·B, H]   the candidate's recurrent term hprev·U_h + rb_h, kept for backward
//   mrec  [B, H]     recurrent dropout mask (all ones in evaluation)
//   h     [T·B, ·]   hidden state: row stride h_stride, this direction's units from column h_off
//   rbias [3H]       the recurrent bias rb (reset_after's second bias)
//   hprev [T·B, H]   block t = h_prev ⊙ mrec (the first step's block stays zero); the left operand of dU
//   dH    [T·B, ·]   gradient reaching h from above, as h
//   dz    [T·B, 3H]  gradient at the input pre-activations Zx (for dW, db and dX)
//   dzr   [T·B, 3H]  gradient at the recurrent pre-activations hprev·U + rb (for dU, drb, dh_rec)
//   dc    [B, H]     gradient carried straight to h_prev (through h = z·h_prev + …) from the next step
//   probe [7, T, H]  (forward) the inside views' numbers for batch row dims.probe_row, planar:
//                    quantity q of (t, unit j) at (q·T + t)·H + j, q = pre-activations of z, r, h̃
//                    (0-2; h̃'s is xh + r·rec_h), z, r, h̃ after their activations (3-5), h (6);
//                    none written when probe_row is NO_PROBE (0xFFFFFFFF), as in training
//   dh_steps [T·B, H] (backward) ∂L/∂h_t of every step, for the gradient-norm reduction
//
// Race-free: every array is f32 and every float a dispatch writes is written by the one invocation
// that owns its (row, unit). Each thread computes ROWS batch rows of one unit; rows past B are
// clamped for loads and never stored. Constants: WG, ROWS (1, 2 or 4).
// The dims (binding 0), the activations and the step helpers are in shaders/recurrence.wgsl, which
// cellKernels.ts puts before this file.

struct Time {
  t: u32,
}

@group(0) @binding(1) var<uniform> time: Time; // a dynamic offset picks the timestep
// Shared by both entry points (the backward reads gates, hrec and h).
@group(0) @binding(2) var<storage, read_write> gates: array<f32>;
@group(0) @binding(3) var<storage, read> U: array<f32>;
@group(0) @binding(4) var<storage, read_write> hrec: array<f32>;
@group(0) @binding(5) var<storage, read> mrec: array<f32>;
@group(0) @binding(6) var<storage, read_write> h: array<f32>;
// gru_cell_forward only.
@group(0) @binding(7) var<storage, read> rbias: array<f32>;
@group(0) @binding(8) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(9) var<storage, read_write> probe: array<f32>;
// gru_cell_backward only.
@group(0) @binding(7) var<storage, read> dH: array<f32>;
@group(0) @binding(8) var<storage, read_write> dz: array<f32>;
@group(0) @binding(9) var<storage, read_write> dzr: array<f32>;
@group(0) @binding(10) var<storage, read_write> dc: array<f32>;
@group(0) @binding(11) var<storage, read_write> dh_steps: array<f32>;

// The thread's unit and first batch row (units fastest).
fn unit_and_row(gid: vec3u, nwg: vec3u) -> vec2u {
  let i = gid.x + gid.y * nwg.x * WG;
  return vec2u(i % dims.units, (i / dims.units) * ROWS);
}

// ---- gru_cell_forward ----
// rec = hprev_t·U + rb; z = σ(xz + rec_z), r = σ(xr + rec_r), h̃ = tanh(xh + r·rec_h);
// h_t = z·h_prev + (1 − z)·h̃ (h_prev without the dropout mask); hprev_next = h_t ⊙ mrec.

// Activations and state update of one (row, unit) from its recurrent terms rec (bias included).
fn gru_forward_row(t: u32, b: u32, j: u32, rec: vec3f) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B) { return; }
  let n = t * B + b;
  let g = 3u * (n * H + j);
  let pre_z = gates[g] + rec.x;
  let pre_r = gates[g + 1u] + rec.y;
  let z = sigmoid(pre_z);
  let r = sigmoid(pre_r);
  let pre_h = gates[g + 2u] + r * rec.z;
  let hh = tanh_safe(pre_h);
  var h_prev = 0.0;
  if (has_prev(t)) { h_prev = h[h_index(prev_of(t), b, j)]; }
  let ht = z * h_prev + (1.0 - z) * hh;
  gates[g] = z;
  gates[g + 1u] = r;
  gates[g + 2u] = hh;
  hrec[n * H + j] = rec.z;
  h[h_index(t, b, j)] = ht;
  if (has_next(t)) { hprev[(next_of(t) * B + b) * H + j] = ht * mrec[b * H + j]; }
  if (b == dims.probe_row) {
    probe[probe_at(0u, t, j)] = pre_z;
    probe[probe_at(1u, t, j)] = pre_r;
    probe[probe_at(2u, t, j)] = pre_h;
    probe[probe_at(3u, t, j)] = z;
    probe[probe_at(4u, t, j)] = r;
    probe[probe_at(5u, t, j)] = hh;
    probe[probe_at(6u, t, j)] = ht;
  }
}

// Quantity q of (t, j) in the probe, planar [7, T, H].
fn probe_at(q: u32, t: u32, j: u32) -> u32 { return (q * dims.steps + t) * dims.units + j; }

@compute @workgroup_size(WG)
fn gru_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  let rb = vec3f(rbias[3u * j], rbias[3u * j + 1u], rbias[3u * j + 2u]);
  var a0 = rb;
  var a1 = rb;
  var a2 = rb;
  var a3 = rb;
  if (has_prev(t)) {
    let r0 = (t * B + min(b0, B - 1u)) * H;
    let r1 = (t * B + min(b0 + 1u, B - 1u)) * H;
    let r2 = (t * B + min(b0 + 2u, B - 1u)) * H;
    let r3 = (t * B + min(b0 + 3u, B - 1u)) * H;
    for (var k = 0u; k < H; k++) {
      let u = 3u * (k * H + j);
      let uk = vec3f(U[u], U[u + 1u], U[u + 2u]);
      a0 = fma(vec3f(hprev[r0 + k]), uk, a0);
      if (ROWS >= 2u) { a1 = fma(vec3f(hprev[r1 + k]), uk, a1); }
      if (ROWS >= 4u) {
        a2 = fma(vec3f(hprev[r2 + k]), uk, a2);
        a3 = fma(vec3f(hprev[r3 + k]), uk, a3);
      }
    }
  }
  gru_forward_row(t, b0, j, a0);
  if (ROWS >= 2u) { gru_forward_row(t, b0 + 1u, j, a1); }
  if (ROWS >= 4u) {
    gru_forward_row(t, b0 + 2u, j, a2);
    gru_forward_row(t, b0 + 3u, j, a3);
  }
}

// ---- gru_cell_backward ----
// Step t of BPTT (dispatched in the reverse of the forward's order). First the next step's
// recurrent product dh_rec = dzr_next·Uᵀ, then the pointwise backward of step t:
// dh = dH_t + dh_rec ⊙ mrec + dc; dh̃ = dh·(1 − z); dz_z = dh·(h_prev − h̃)·z(1 − z);
// dz_h = dh̃·(1 − h̃²); dz_r = dz_h·rec_h·r(1 − r); dzr = (dz_z, dz_r, dz_h·r); dc ← dh·z;
// dh is kept in dh_steps.

fn gru_backward_row(t: u32, b: u32, j: u32, dh_rec: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B) { return; }
  let n = t * B + b;
  let g = 3u * (n * H + j);
  var carried = 0.0;
  if (has_next(t)) { carried = dc[b * H + j]; }
  let dh = dH[h_index(t, b, j)] + dh_rec * mrec[b * H + j] + carried;
  let z = gates[g];
  let r = gates[g + 1u];
  let hh = gates[g + 2u];
  var h_prev = 0.0;
  if (has_prev(t)) { h_prev = h[h_index(prev_of(t), b, j)]; }
  let dz_z = dh * (h_prev - hh) * z * (1.0 - z);
  let dz_h = dh * (1.0 - z) * (1.0 - hh * hh);
  let dz_r = dz_h * hrec[n * H + j] * r * (1.0 - r);
  dz[g] = dz_z;
  dz[g + 1u] = dz_r;
  dz[g + 2u] = dz_h;
  dzr[g] = dz_z;
  dzr[g + 1u] = dz_r;
  dzr[g + 2u] = dz_h * r;
  dc[b * H + j] = dh * z;
  dh_steps[n * H + j] = dh;
}

@compute @workgroup_size(WG)
fn gru_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  // a<row>: Σ_k dzr_next[row, 3k + gate] · U[j, 3k + gate], one lane per gate.
  var a0 = vec3f(0.0);
  var a1 = vec3f(0.0);
  var a2 = vec3f(0.0);
  var a3 = vec3f(0.0);
  if (has_next(t)) {
    let tn = next_of(t);
    let r0 = 3u * (tn * B + min(b0, B - 1u)) * H;
    let r1 = 3u * (tn * B + min(b0 + 1u, B - 1u)) * H;
    let r2 = 3u * (tn * B + min(b0 + 2u, B - 1u)) * H;
    let r3 = 3u * (tn * B + min(b0 + 3u, B - 1u)) * H;
    let u0 = 3u * j * H;
    for (var k = 0u; k < 3u * H; k += 3u) {
      let w = vec3f(U[u0 + k], U[u0 + k + 1u], U[u0 + k + 2u]);
      a0 = fma(vec3f(dzr[r0 + k], dzr[r0 + k + 1u], dzr[r0 + k + 2u]), w, a0);
      if (ROWS >= 2u) { a1 = fma(vec3f(dzr[r1 + k], dzr[r1 + k + 1u], dzr[r1 + k + 2u]), w, a1); }
      if (ROWS >= 4u) {
        a2 = fma(vec3f(dzr[r2 + k], dzr[r2 + k + 1u], dzr[r2 + k + 2u]), w, a2);
        a3 = fma(vec3f(dzr[r3 + k], dzr[r3 + k + 1u], dzr[r3 + k + 2u]), w, a3);
      }
    }
  }
  let one = vec3f(1.0);
  gru_backward_row(t, b0, j, dot(a0, one));
  if (ROWS >= 2u) { gru_backward_row(t, b0 + 1u, j, dot(a1, one)); }
  if (ROWS >= 4u) {
    gru_backward_row(t, b0 + 2u, j, dot(a2, one));
    gru_backward_row(t, b0 + 3u, j, dot(a3, one));
  }
}
