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
// that owns its (row, unit). Each thread computes ROWS batch rows of four units, vec4 over units:
// one vec4f accumulator per row and gate, lane q for unit j0 + q·⌈H/4⌉ (j0 < ⌈H/4⌉, so the threads'
// units cover 0 … H−1 once each). Units a quarter of the layer apart, not four neighbours:
// neighbouring threads then take neighbouring units, as the scalar kernel's did, so their loads of
// U and their stores lie close together (measured on SwiftShader, B 32, H 64: ~1.5 → ~0.8 ms of CPU
// a GRU forward dispatch). Units past H (when H is not a multiple of 4) load unit H−1 and rows past
// B load row B−1; neither is ever stored. Per output the products are summed in the same order as
// the twin's (k ascending, bias first).
// Constants: WG, ROWS (1, 2 or 4).
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

// The thread's first unit j0 and first batch row: ⌈H/4⌉ threads a row block, units fastest.
fn unit_and_row(gid: vec3u, nwg: vec3u) -> vec2u {
  let i = gid.x + gid.y * nwg.x * WG;
  let blocks = (dims.units + 3u) / 4u;
  return vec2u(i % blocks, (i / blocks) * ROWS);
}

// The thread's four units, j0 + q·⌈H/4⌉ for q = 0 … 3.
fn units_of(j0: u32) -> vec4u { return vec4u(j0) + vec4u(0u, 1u, 2u, 3u) * ((dims.units + 3u) / 4u); }
// The same, clamped into the units (for loads only).
fn units4(j0: u32) -> vec4u { return min(units_of(j0), vec4u(dims.units - 1u)); }

// U's floats at offset o + c[q] + g, q = 0 … 3 (c: the four units' columns or rows, clamped):
// lane q of a vec4 over units.
fn u4(o: u32, c: vec4u, g: u32) -> vec4f {
  return vec4f(U[o + c.x + g], U[o + c.y + g], U[o + c.z + g], U[o + c.w + g]);
}

// ---- gru_cell_forward ----
// rec = hprev_t·U + rb; z = σ(xz + rec_z), r = σ(xr + rec_r), h̃ = tanh(xh + r·rec_h);
// h_t = z·h_prev + (1 − z)·h̃ (h_prev without the dropout mask); hprev_next = h_t ⊙ mrec.

// Activations and state update of one (row, unit) from its recurrent terms rec (bias included).
fn gru_forward_row(t: u32, b: u32, j: u32, rec: vec3f) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B || j >= H) { return; }
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

// One row's four units from its three gate accumulators (lane q: unit j0 + q·⌈H/4⌉).
fn gru_forward_row4(t: u32, b: u32, j0: u32, az: vec4f, ar: vec4f, ah: vec4f) {
  let j = units_of(j0);
  gru_forward_row(t, b, j.x, vec3f(az.x, ar.x, ah.x));
  gru_forward_row(t, b, j.y, vec3f(az.y, ar.y, ah.y));
  gru_forward_row(t, b, j.z, vec3f(az.z, ar.z, ah.z));
  gru_forward_row(t, b, j.w, vec3f(az.w, ar.w, ah.w));
}

@compute @workgroup_size(WG)
fn gru_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j0 = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  // The four units' first gate column in a row of U (and rbias), clamped.
  let c = 3u * units4(j0);
  let rz = vec4f(rbias[c.x], rbias[c.y], rbias[c.z], rbias[c.w]);
  let rr = vec4f(rbias[c.x + 1u], rbias[c.y + 1u], rbias[c.z + 1u], rbias[c.w + 1u]);
  let rh = vec4f(rbias[c.x + 2u], rbias[c.y + 2u], rbias[c.z + 2u], rbias[c.w + 2u]);
  // a<gate><row>: rb + Σ_k hprev[row, k] · U[k, 3·unit + gate], lane q for unit j0 + q·⌈H/4⌉.
  var az0 = rz;
  var ar0 = rr;
  var ah0 = rh;
  var az1 = rz;
  var ar1 = rr;
  var ah1 = rh;
  var az2 = rz;
  var ar2 = rr;
  var ah2 = rh;
  var az3 = rz;
  var ar3 = rr;
  var ah3 = rh;
  if (has_prev(t)) {
    let r0 = (t * B + min(b0, B - 1u)) * H;
    let r1 = (t * B + min(b0 + 1u, B - 1u)) * H;
    let r2 = (t * B + min(b0 + 2u, B - 1u)) * H;
    let r3 = (t * B + min(b0 + 3u, B - 1u)) * H;
    for (var k = 0u; k < H; k++) {
      let o = 3u * k * H;
      let wz = u4(o, c, 0u);
      let wr = u4(o, c, 1u);
      let wh = u4(o, c, 2u);
      let x0 = vec4f(hprev[r0 + k]);
      az0 = fma(x0, wz, az0);
      ar0 = fma(x0, wr, ar0);
      ah0 = fma(x0, wh, ah0);
      if (ROWS >= 2u) {
        let x1 = vec4f(hprev[r1 + k]);
        az1 = fma(x1, wz, az1);
        ar1 = fma(x1, wr, ar1);
        ah1 = fma(x1, wh, ah1);
      }
      if (ROWS >= 4u) {
        let x2 = vec4f(hprev[r2 + k]);
        az2 = fma(x2, wz, az2);
        ar2 = fma(x2, wr, ar2);
        ah2 = fma(x2, wh, ah2);
        let x3 = vec4f(hprev[r3 + k]);
        az3 = fma(x3, wz, az3);
        ar3 = fma(x3, wr, ar3);
        ah3 = fma(x3, wh, ah3);
      }
    }
  }
  gru_forward_row4(t, b0, j0, az0, ar0, ah0);
  if (ROWS >= 2u) { gru_forward_row4(t, b0 + 1u, j0, az1, ar1, ah1); }
  if (ROWS >= 4u) {
    gru_forward_row4(t, b0 + 2u, j0, az2, ar2, ah2);
    gru_forward_row4(t, b0 + 3u, j0, az3, ar3, ah3);
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
  if (b >= B || j >= H) { return; }
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

// One row's four units: dh_rec of lane q's unit = lane q of its three gate sums, added in gate order.
fn gru_backward_row4(t: u32, b: u32, j0: u32, az: vec4f, ar: vec4f, ah: vec4f) {
  let s = az + ar + ah;
  let j = units_of(j0);
  gru_backward_row(t, b, j.x, s.x);
  gru_backward_row(t, b, j.y, s.y);
  gru_backward_row(t, b, j.z, s.z);
  gru_backward_row(t, b, j.w, s.w);
}

@compute @workgroup_size(WG)
fn gru_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let B = dims.batch;
  let t = time.t;
  let jb = unit_and_row(gid, nwg);
  let j0 = jb.x;
  let b0 = jb.y;
  if (b0 >= B) { return; }
  // a<gate><row>: Σ_k dzr_next[row, 3k + gate] · U[unit, 3k + gate], lane q for unit j0 + q·⌈H/4⌉.
  var az0 = vec4f(0.0);
  var ar0 = vec4f(0.0);
  var ah0 = vec4f(0.0);
  var az1 = vec4f(0.0);
  var ar1 = vec4f(0.0);
  var ah1 = vec4f(0.0);
  var az2 = vec4f(0.0);
  var ar2 = vec4f(0.0);
  var ah2 = vec4f(0.0);
  var az3 = vec4f(0.0);
  var ar3 = vec4f(0.0);
  var ah3 = vec4f(0.0);
  if (has_next(t)) {
    let tn = next_of(t);
    let r0 = 3u * (tn * B + min(b0, B - 1u)) * H;
    let r1 = 3u * (tn * B + min(b0 + 1u, B - 1u)) * H;
    let r2 = 3u * (tn * B + min(b0 + 2u, B - 1u)) * H;
    let r3 = 3u * (tn * B + min(b0 + 3u, B - 1u)) * H;
    // The four units' rows of U, clamped.
    let u = 3u * H * units4(j0);
    for (var k = 0u; k < 3u * H; k += 3u) {
      let wz = u4(k, u, 0u);
      let wr = u4(k, u, 1u);
      let wh = u4(k, u, 2u);
      az0 = fma(vec4f(dzr[r0 + k]), wz, az0);
      ar0 = fma(vec4f(dzr[r0 + k + 1u]), wr, ar0);
      ah0 = fma(vec4f(dzr[r0 + k + 2u]), wh, ah0);
      if (ROWS >= 2u) {
        az1 = fma(vec4f(dzr[r1 + k]), wz, az1);
        ar1 = fma(vec4f(dzr[r1 + k + 1u]), wr, ar1);
        ah1 = fma(vec4f(dzr[r1 + k + 2u]), wh, ah1);
      }
      if (ROWS >= 4u) {
        az2 = fma(vec4f(dzr[r2 + k]), wz, az2);
        ar2 = fma(vec4f(dzr[r2 + k + 1u]), wr, ar2);
        ah2 = fma(vec4f(dzr[r2 + k + 2u]), wh, ah2);
        az3 = fma(vec4f(dzr[r3 + k]), wz, az3);
        ar3 = fma(vec4f(dzr[r3 + k + 1u]), wr, ar3);
        ah3 = fma(vec4f(dzr[r3 + k + 2u]), wh, ah3);
      }
    }
  }
  gru_backward_row4(t, b0, j0, az0, ar0, ah0);
  if (ROWS >= 2u) { gru_backward_row4(t, b0 + 1u, j0, az1, ar1, ah1); }
  if (ROWS >= 4u) {
    gru_backward_row4(t, b0 + 2u, j0, az2, ar2, ah2);
    gru_backward_row4(t, b0 + 3u, j0, az3, ar3, ah3);
  }
}
