// lstm_cell_forward / lstm_cell_backward: one LSTM timestep t for a batch (src/engine/MATH.md), one
// dispatch each, in either direction (dims.reverse: a Bidirectional layer's reverse direction
// runs t = T−1 … 0, its previous step is t+1). Their twins of the same names in src/engine/reference/lstmCell.ts take the same
// buffers, bound here in the same order, and do the same work in the same order; a test holds each
// dispatch to its twin (src/engine/webgpu/lstmCell.test.ts).
//
// Shapes (time-major: row t·B + b is sample b at timestep t; B batch, H units, T steps):
//   gates [T·B, 4H]  vec4f per unit: the four gates (i, f, g, o) of unit j side by side
//   U     [H, 4H]    recurrent kernel, vec4f per (row k, unit j), gate-interleaved (model/params.ts)
//   c     [T·B, H]   cell state
//   mrec  [B, H]     recurrent dropout mask (all ones in evaluation)
//   hprev [T·B, H]   block t = h_prev ⊙ mrec, the previous step's h (the first step's block stays
//                    zero); the left operand of dU
//   hprevIn  [B, H]  vec4f, read: this step's h_prev ⊙ mrec (what hprev's block t holds), so the
//                    recurrent product loads four units at a time from a buffer nobody writes now
//   hprevOut [B, H]  out: the next step's h_prev ⊙ mrec; the two swap from step to step
//   h     [T·B, ·]   hidden state, the next layer's input: row stride h_stride, this direction's
//                    units from column h_off (a Bidirectional layer's two directions side by side)
//   dH    [T·B, ·]   gradient reaching h from above (the head, or the next layer's dX), as h
//   dz    [T·B, 4H]  gradient at the gate pre-activations, vec4f per unit
//   dc    [B, H]     gradient at c carried from the next step to step t
//   probe [10, T, H] (forward) the inside views' numbers for batch row dims.probe_row, planar:
//                    quantity q of (t, unit j) at (q·T + t)·H + j, q = pre-activations of i, f, g, o
//                    (0-3), i, f, g, o after their activations (4-7), c (8), h (9); no row is probed
//                    when probe_row is NO_PROBE (0xFFFFFFFF), as in training
//   dc_steps, dh_steps [T·B, H] (backward) ∂L/∂c_t and ∂L/∂h_t of every step (the totals, through
//                    time and from above), for the gradient-norm reduction (grad_norms.wgsl)
//
// Race-free: every storage location a dispatch writes is written by exactly one invocation. The
// arrays written one float at a time (c, hprev, h, hprevOut, dc, probe, dc_steps, dh_steps) are
// array<f32>, where each float is its own memory location (WGSL § 8.5.1.3: a write to one component
// of a vec4f may touch all four). The vec4f arrays (gates, dz) are only ever written as whole vec4f,
// each by the one invocation that owns that unit of that row. What a dispatch reads as vec4f and
// another invocation writes (h_prev ⊙ mrec) lives in two buffers: the step reads one (hprevIn,
// read-only) and writes the other (hprevOut, as floats), and the next step swaps them.
//
// A thread computes ROWS_F batch rows of one unit (forward) or ROWS_B rows of four units
// (backward), keeping the gates in registers: the recurrent product, the activations and the cell
// update fused. The rows are written out by hand: SwiftShader does not unroll loops, and a private
// array indexed in a loop lives in memory (~10x slower). Rows past B are clamped and never stored.
// Constants injected by src/engine/webgpu/shaderSource.ts: WG, ROWS_F, ROWS_B, VEC_H (H % 4 == 0).
// The dims (binding 0), the activations and the step helpers are in shaders/recurrence.wgsl, which
// cellKernels.ts puts before this file.

struct Time {
  t: u32,
}

@group(0) @binding(1) var<uniform> time: Time; // a dynamic offset picks the timestep
// Shared by both entry points (the backward only reads gates and c).
@group(0) @binding(2) var<storage, read_write> gates: array<vec4f>;
@group(0) @binding(3) var<storage, read> U: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;
@group(0) @binding(5) var<storage, read> mrec: array<f32>;
// lstm_cell_forward only.
@group(0) @binding(6) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(7) var<storage, read_write> h: array<f32>;
@group(0) @binding(8) var<storage, read> hprevIn: array<vec4f>;
@group(0) @binding(9) var<storage, read_write> hprevOut: array<f32>;
@group(0) @binding(10) var<storage, read_write> probe: array<f32>;
// lstm_cell_backward only.
@group(0) @binding(6) var<storage, read> dH: array<f32>;
@group(0) @binding(7) var<storage, read_write> dz: array<vec4f>;
@group(0) @binding(8) var<storage, read_write> dc: array<f32>;
@group(0) @binding(9) var<storage, read_write> dc_steps: array<f32>;
@group(0) @binding(10) var<storage, read_write> dh_steps: array<f32>;

// The thread's first unit and first batch row: threads run over (row block, unit block), units
// fastest; `units` units and `rows` rows a thread.
fn unit_and_row(gid: vec3u, nwg: vec3u, units: u32, rows: u32) -> vec2u {
  let i = gid.x + gid.y * nwg.x * WG;
  let blocks = (dims.units + units - 1u) / units;
  return vec2u((i % blocks) * units, (i / blocks) * rows);
}

// Row t·B + b of the time-major activations, b clamped into the batch.
fn row_of(t: u32, b: u32) -> u32 { return t * dims.batch + min(b, dims.batch - 1u); }


// ---- lstm_cell_forward ----
// z = Zx_t + hprev_t·U (gates block t holds Zx_t = Xd_t·W + b on entry), then
// i, f, o = σ(z), g = tanh(z); c_t = f·c_prev + i·g; h_t = o·tanh(c_t); hprev_next = h_t ⊙ mrec.

// Activations and cell update of one (row, unit) from its pre-activations z.
fn cell_forward_row(t: u32, b: u32, j: u32, z: vec4f) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B) { return; }
  let n = (t * B + b) * H + j;
  let act = vec4f(sigmoid(z.x), sigmoid(z.y), tanh_safe(z.z), sigmoid(z.w));
  var c_prev = 0.0;
  if (has_prev(t)) { c_prev = c[(prev_of(t) * B + b) * H + j]; }
  let ct = act.y * c_prev + act.x * act.z;
  let ht = act.w * tanh_safe(ct);
  gates[n] = act;
  c[n] = ct;
  h[h_index(t, b, j)] = ht;
  if (has_next(t)) {
    let masked = ht * mrec[b * H + j];
    hprev[(next_of(t) * B + b) * H + j] = masked;
    hprevOut[b * H + j] = masked;
  }
}

// Quantity q of (t, j) in the probe, planar [10, T, H].
fn probe_at(q: u32, t: u32, j: u32) -> u32 { return (q * dims.steps + t) * dims.units + j; }

// The probed row b's pre-activations z, and its gates, c and h as cell_forward_row just stored them
// (this invocation's own writes, read back). Called once per thread, outside the per-row path.
fn probe_row_store(t: u32, b: u32, j: u32, z: vec4f) {
  let n = (t * dims.batch + b) * dims.units + j;
  let act = gates[n];
  probe[probe_at(0u, t, j)] = z.x;
  probe[probe_at(1u, t, j)] = z.y;
  probe[probe_at(2u, t, j)] = z.z;
  probe[probe_at(3u, t, j)] = z.w;
  probe[probe_at(4u, t, j)] = act.x;
  probe[probe_at(5u, t, j)] = act.y;
  probe[probe_at(6u, t, j)] = act.z;
  probe[probe_at(7u, t, j)] = act.w;
  probe[probe_at(8u, t, j)] = c[n];
  probe[probe_at(9u, t, j)] = h[h_index(t, b, j)];
}

// One float of this step's h_prev ⊙ mrec (H not a multiple of 4: a row's vec4f may start mid-row).
fn hprev1(i: u32) -> f32 { return hprevIn[i >> 2u][i & 3u]; }

// z + Σ_q x[q] · U row k+q (as the columns of uk): four fma, the gates of 4 units of h_{t-1}.
fn mac_row(z: vec4f, x: vec4f, uk: mat4x4f) -> vec4f {
  return fma(vec4f(x.w), uk[3], fma(vec4f(x.z), uk[2], fma(vec4f(x.y), uk[1], fma(vec4f(x.x), uk[0], z))));
}

@compute @workgroup_size(WG)
fn lstm_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let t = time.t;
  let jb = unit_and_row(gid, nwg, 1u, ROWS_F);
  let j = jb.x;
  let b0 = jb.y;
  if (b0 >= dims.batch) { return; }
  let r0 = row_of(t, b0) * H;
  let r1 = row_of(t, b0 + 1u) * H;
  let r2 = row_of(t, b0 + 2u) * H;
  let r3 = row_of(t, b0 + 3u) * H;
  let r4 = row_of(t, b0 + 4u) * H;
  let r5 = row_of(t, b0 + 5u) * H;
  let r6 = row_of(t, b0 + 6u) * H;
  let r7 = row_of(t, b0 + 7u) * H;
  var z0 = gates[r0 + j];
  var z1 = gates[r1 + j];
  var z2 = vec4f(0.0);
  var z3 = vec4f(0.0);
  var z4 = vec4f(0.0);
  var z5 = vec4f(0.0);
  var z6 = vec4f(0.0);
  var z7 = vec4f(0.0);
  if (ROWS_F >= 4u) {
    z2 = gates[r2 + j];
    z3 = gates[r3 + j];
  }
  if (ROWS_F >= 8u) {
    z4 = gates[r4 + j];
    z5 = gates[r5 + j];
    z6 = gates[r6 + j];
    z7 = gates[r7 + j];
  }
  let recurrent = has_prev(t);
  // Each row's h_prev ⊙ mrec in hprevIn [B, H] (row b at b·H), b clamped into the batch.
  let p0 = min(b0, dims.batch - 1u) * H;
  let p1 = min(b0 + 1u, dims.batch - 1u) * H;
  let p2 = min(b0 + 2u, dims.batch - 1u) * H;
  let p3 = min(b0 + 3u, dims.batch - 1u) * H;
  let p4 = min(b0 + 4u, dims.batch - 1u) * H;
  let p5 = min(b0 + 5u, dims.batch - 1u) * H;
  let p6 = min(b0 + 6u, dims.batch - 1u) * H;
  let p7 = min(b0 + 7u, dims.batch - 1u) * H;
  if (recurrent && VEC_H) {
    // 4 units k … k+3 a round: U's 4 rows as a matrix, each batch row's h_prev as one vec4f.
    for (var k = 0u; k < H; k += 4u) {
      let uk = mat4x4f(U[k * H + j], U[(k + 1u) * H + j], U[(k + 2u) * H + j], U[(k + 3u) * H + j]);
      let kq = k / 4u;
      z0 = mac_row(z0, hprevIn[p0 / 4u + kq], uk);
      z1 = mac_row(z1, hprevIn[p1 / 4u + kq], uk);
      if (ROWS_F >= 4u) {
        z2 = mac_row(z2, hprevIn[p2 / 4u + kq], uk);
        z3 = mac_row(z3, hprevIn[p3 / 4u + kq], uk);
      }
      if (ROWS_F >= 8u) {
        z4 = mac_row(z4, hprevIn[p4 / 4u + kq], uk);
        z5 = mac_row(z5, hprevIn[p5 / 4u + kq], uk);
        z6 = mac_row(z6, hprevIn[p6 / 4u + kq], uk);
        z7 = mac_row(z7, hprevIn[p7 / 4u + kq], uk);
      }
    }
  } else if (recurrent) {
    for (var k = 0u; k < H; k++) {
      let uk = U[k * H + j];
      z0 = fma(vec4f(hprev1(p0 + k)), uk, z0);
      z1 = fma(vec4f(hprev1(p1 + k)), uk, z1);
      if (ROWS_F >= 4u) {
        z2 = fma(vec4f(hprev1(p2 + k)), uk, z2);
        z3 = fma(vec4f(hprev1(p3 + k)), uk, z3);
      }
      if (ROWS_F >= 8u) {
        z4 = fma(vec4f(hprev1(p4 + k)), uk, z4);
        z5 = fma(vec4f(hprev1(p5 + k)), uk, z5);
        z6 = fma(vec4f(hprev1(p6 + k)), uk, z6);
        z7 = fma(vec4f(hprev1(p7 + k)), uk, z7);
      }
    }
  }
  cell_forward_row(t, b0, j, z0);
  cell_forward_row(t, b0 + 1u, j, z1);
  if (ROWS_F >= 4u) {
    cell_forward_row(t, b0 + 2u, j, z2);
    cell_forward_row(t, b0 + 3u, j, z3);
  }
  if (ROWS_F >= 8u) {
    cell_forward_row(t, b0 + 4u, j, z4);
    cell_forward_row(t, b0 + 5u, j, z5);
    cell_forward_row(t, b0 + 6u, j, z6);
    cell_forward_row(t, b0 + 7u, j, z7);
  }
  // The probed row, when it is one of this thread's: its z from the registers (NO_PROBE is never).
  let p = dims.probe_row - b0;
  if (dims.probe_row < dims.batch && p < ROWS_F) {
    var zp = z0;
    switch (p) {
      case 1u: { zp = z1; }
      case 2u: { zp = z2; }
      case 3u: { zp = z3; }
      case 4u: { zp = z4; }
      case 5u: { zp = z5; }
      case 6u: { zp = z6; }
      case 7u: { zp = z7; }
      default: {}
    }
    probe_row_store(t, dims.probe_row, j, zp);
  }
}

// ---- lstm_cell_backward ----
// Step t of BPTT (dispatched in the reverse of the forward's order). First the next step's
// recurrent product, dh_rec = dz_next·Uᵀ (the gradient reaching h_t through U), then the pointwise
// backward of step t: dh = dH_t + dh_rec ⊙ mrec; dct = dc + dh·o·(1 − tanh²c_t); dz_t; dc ← dct·f;
// dct and dh are kept in dc_steps and dh_steps.

// Pointwise backward of one (row, unit), given the recurrent gradient dh_rec reaching h_t.
fn cell_backward_row(t: u32, b: u32, j: u32, dh_rec: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B || j >= H) { return; }
  let n = (t * B + b) * H + j;
  let dh = dH[h_index(t, b, j)] + dh_rec * mrec[b * H + j];
  let act = gates[n];
  let tc = tanh_safe(c[n]);
  var dc_next = 0.0;
  if (has_next(t)) { dc_next = dc[b * H + j]; }
  var c_prev = 0.0;
  if (has_prev(t)) { c_prev = c[(prev_of(t) * B + b) * H + j]; }
  let dct = dc_next + dh * act.w * (1.0 - tc * tc);
  dz[n] = vec4f(
    dct * act.z * act.x * (1.0 - act.x),
    dct * c_prev * act.y * (1.0 - act.y),
    dct * act.x * (1.0 - act.z * act.z),
    dh * tc * act.w * (1.0 - act.w),
  );
  dc[b * H + j] = dct * act.y;
  dc_steps[n] = dct;
  dh_steps[n] = dh;
}

// One row's four units: dh_rec of unit j0+q = the four gate lanes of its accumulator, summed.
fn backward_row4(t: u32, b: u32, j0: u32, a0: vec4f, a1: vec4f, a2: vec4f, a3: vec4f) {
  let one = vec4f(1.0);
  cell_backward_row(t, b, j0, dot(a0, one));
  cell_backward_row(t, b, j0 + 1u, dot(a1, one));
  cell_backward_row(t, b, j0 + 2u, dot(a2, one));
  cell_backward_row(t, b, j0 + 3u, dot(a3, one));
}

@compute @workgroup_size(WG)
fn lstm_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let t = time.t;
  let jb = unit_and_row(gid, nwg, 4u, ROWS_B);
  let j0 = jb.x;
  let b0 = jb.y;
  if (b0 >= dims.batch) { return; }
  // Accumulator a<row><unit>: Σ_k dz_next[row, k] ⊙ U[unit, k], one lane per gate.
  var a00 = vec4f(0.0);
  var a01 = vec4f(0.0);
  var a02 = vec4f(0.0);
  var a03 = vec4f(0.0);
  var a10 = vec4f(0.0);
  var a11 = vec4f(0.0);
  var a12 = vec4f(0.0);
  var a13 = vec4f(0.0);
  var a20 = vec4f(0.0);
  var a21 = vec4f(0.0);
  var a22 = vec4f(0.0);
  var a23 = vec4f(0.0);
  var a30 = vec4f(0.0);
  var a31 = vec4f(0.0);
  var a32 = vec4f(0.0);
  var a33 = vec4f(0.0);
  if (has_next(t)) {
    let tn = next_of(t);
    let u0 = min(j0, H - 1u) * H;
    let u1 = min(j0 + 1u, H - 1u) * H;
    let u2 = min(j0 + 2u, H - 1u) * H;
    let u3 = min(j0 + 3u, H - 1u) * H;
    let r0 = row_of(tn, b0) * H;
    let r1 = row_of(tn, b0 + 1u) * H;
    let r2 = row_of(tn, b0 + 2u) * H;
    let r3 = row_of(tn, b0 + 3u) * H;
    for (var k = 0u; k < H; k++) {
      let w0 = U[u0 + k];
      let w1 = U[u1 + k];
      let w2 = U[u2 + k];
      let w3 = U[u3 + k];
      let d0 = dz[r0 + k];
      a00 = fma(d0, w0, a00);
      a01 = fma(d0, w1, a01);
      a02 = fma(d0, w2, a02);
      a03 = fma(d0, w3, a03);
      if (ROWS_B >= 2u) {
        let d1 = dz[r1 + k];
        a10 = fma(d1, w0, a10);
        a11 = fma(d1, w1, a11);
        a12 = fma(d1, w2, a12);
        a13 = fma(d1, w3, a13);
      }
      if (ROWS_B >= 4u) {
        let d2 = dz[r2 + k];
        a20 = fma(d2, w0, a20);
        a21 = fma(d2, w1, a21);
        a22 = fma(d2, w2, a22);
        a23 = fma(d2, w3, a23);
        let d3 = dz[r3 + k];
        a30 = fma(d3, w0, a30);
        a31 = fma(d3, w1, a31);
        a32 = fma(d3, w2, a32);
        a33 = fma(d3, w3, a33);
      }
    }
  }
  backward_row4(t, b0, j0, a00, a01, a02, a03);
  if (ROWS_B >= 2u) { backward_row4(t, b0 + 1u, j0, a10, a11, a12, a13); }
  if (ROWS_B >= 4u) {
    backward_row4(t, b0 + 2u, j0, a20, a21, a22, a23);
    backward_row4(t, b0 + 3u, j0, a30, a31, a32, a33);
  }
}
