// gru_cell_forward_steps / gru_cell_backward_steps: the GRU cell (reset_after=True) over EVERY
// timestep of a layer's direction in one dispatch (src/engine/MATH.md), instead of one dispatch
// per timestep (gru_cell.wgsl). Twins of the same names in src/engine/reference/gruCell.ts (the
// per-timestep twins called for every step in order): the same buffers in this binding order, the
// same work in the same order; src/engine/webgpu/rnnSequence.test.ts holds each dispatch to its
// twin. Built as lstm_sequence.wgsl: a workgroup owns a slice of ROWS batch rows for the whole
// sequence, its invocations split the slice's (row, unit) pairs (the same pairs at every step),
// the slice's recurrent operand lives in workgroup memory, and one workgroupBarrier() separates a
// timestep from the next.
//
// Buffers as gru_cell.wgsl (same names and layouts, without the time uniform): gates [T·B, 3H]
// (gate-interleaved, column 3·j + gate), U [H, 3H], hrec [T·B, H] (the candidate's recurrent term
// h_prev·U_h + rb_h, kept for backward), mrec [B, H], h [T·B, h_stride]; forward: rbias [3H],
// hprev [T·B, H], probe [7, T, H]; backward: dH [T·B, h_stride], dz, dzr [T·B, 3H], dc [B, H],
// dh_steps [T·B, H].
// Workgroup memory, double-buffered so one barrier a step suffices (step s reads one half and
// writes the other; the barrier orders every read of a half before the next write to it):
//   forward:  hw   [2][ROWS·H]   h_t ⊙ mrec of the slice (what hprev's next block holds)
//   backward: dzrw [2][ROWS·3H]  dzr of the slice's next step, gate-interleaved as dzr
//
// Where U is read from: cellKernels.ts puts recurrent_weights_global.wgsl (the storage buffer, at
// every timestep) or recurrent_weights_persistent.wgsl before this file, as the autotuner chose
// (SequenceVariant.persistent). The persistent variant stages the whole of U ([H, 3H] f32, 12·H²
// bytes) in workgroup memory once per dispatch, behind a barrier, beside the arrays above; it
// exists only where both fit maxComputeWorkgroupStorageSize (sequencePersistentFits: the GRU up
// to H = 35 forward, 33 backward, for 4 rows in 16 KiB; 50 and 48 in 32 KiB). Every read of U is
// u_at(i), the same element in the same order either way.
//
// Race-free: every array is f32; every global float is written by the one invocation that owns its
// (row, unit) for the whole sequence (it also reads back its own h_prev and dc); workgroup memory
// as above. Per output the products are summed in the twin's order (bias first, k ascending; the
// backward's three gate sums added last, in gate order). Constants: WGS (invocations per
// workgroup), ROWS (batch rows per workgroup), HU (the units H, sizing the workgroup arrays).
// The dims (binding 0), the activations and the step helpers are in shaders/recurrence.wgsl, which
// cellKernels.ts puts before this file.

@group(0) @binding(1) var<storage, read_write> gates: array<f32>;
@group(0) @binding(2) var<storage, read> U: array<f32>;
@group(0) @binding(3) var<storage, read_write> hrec: array<f32>;
@group(0) @binding(4) var<storage, read> mrec: array<f32>;
@group(0) @binding(5) var<storage, read_write> h: array<f32>;
// gru_cell_forward_steps only.
@group(0) @binding(6) var<storage, read> rbias: array<f32>;
@group(0) @binding(7) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(8) var<storage, read_write> probe: array<f32>;
// gru_cell_backward_steps only.
@group(0) @binding(6) var<storage, read> dH: array<f32>;
@group(0) @binding(7) var<storage, read_write> dz: array<f32>;
@group(0) @binding(8) var<storage, read_write> dzr: array<f32>;
@group(0) @binding(9) var<storage, read_write> dc: array<f32>;
@group(0) @binding(10) var<storage, read_write> dh_steps: array<f32>;

// U's element type and count, for recurrent_weights_*.wgsl (u_at, the staged copy).
alias UElem = f32;
const U_ELEMS = 3 * HU * HU;

var<workgroup> hw: array<f32, 2 * ROWS * HU>;
var<workgroup> dzrw: array<f32, 6 * ROWS * HU>;

// The timestep of the s-th step in this direction's order.
fn step_time(s: u32) -> u32 { return select(s, dims.steps - 1u - s, dims.reverse != 0u); }

// Quantity q of (t, j) in the probe, planar [7, T, H] (as gru_cell.wgsl's probe_at).
fn probe_at(q: u32, t: u32, j: u32) -> u32 { return (q * dims.steps + t) * dims.units + j; }

// rec = h_prev·U + rb; z = σ(xz + rec_z), r = σ(xr + rec_r), h̃ = tanh(xh + r·rec_h);
// h_t = z·h_prev + (1 − z)·h̃ (h_prev without the dropout mask); hprev_next = h_t ⊙ mrec.
// One (row r of the slice, unit j) at timestep t; the slice's h_prev ⊙ mrec at hw[read + r·H].
fn gru_forward_pair(t: u32, b: u32, r: u32, j: u32, read: u32, recurrent: bool) -> f32 {
  let B = dims.batch;
  let H = dims.units;
  let c = 3u * j;
  var rec = vec3f(rbias[c], rbias[c + 1u], rbias[c + 2u]);
  if (recurrent) {
    for (var k = 0u; k < H; k++) {
      let o = 3u * k * H + c;
      rec = fma(vec3f(hw[read + r * H + k]), vec3f(u_at(o), u_at(o + 1u), u_at(o + 2u)), rec);
    }
  }
  let n = t * B + b;
  let g = 3u * (n * H + j);
  let pre_z = gates[g] + rec.x;
  let pre_r = gates[g + 1u] + rec.y;
  let z = sigmoid(pre_z);
  let rg = sigmoid(pre_r);
  let pre_h = gates[g + 2u] + rg * rec.z;
  let hh = tanh_safe(pre_h);
  var h_prev = 0.0;
  if (recurrent) { h_prev = h[h_index(prev_of(t), b, j)]; }
  let ht = z * h_prev + (1.0 - z) * hh;
  gates[g] = z;
  gates[g + 1u] = rg;
  gates[g + 2u] = hh;
  hrec[n * H + j] = rec.z;
  h[h_index(t, b, j)] = ht;
  let masked = ht * mrec[b * H + j];
  if (has_next(t)) { hprev[(next_of(t) * B + b) * H + j] = masked; }
  if (b == dims.probe_row) {
    probe[probe_at(0u, t, j)] = pre_z;
    probe[probe_at(1u, t, j)] = pre_r;
    probe[probe_at(2u, t, j)] = pre_h;
    probe[probe_at(3u, t, j)] = z;
    probe[probe_at(4u, t, j)] = rg;
    probe[probe_at(5u, t, j)] = hh;
    probe[probe_at(6u, t, j)] = ht;
  }
  return masked;
}

@compute @workgroup_size(WGS)
fn gru_cell_forward_steps(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let B = dims.batch;
  let H = dims.units;
  let b0 = wid.x * ROWS;
  stage_recurrent_weights(lid);
  for (var s = 0u; s < dims.steps; s++) {
    let t = step_time(s);
    let read = (s & 1u) * ROWS * H; // this step's h_prev ⊙ mrec; the other half is written
    let write = ROWS * H - read;
    let recurrent = has_prev(t);
    for (var p = lid; p < ROWS * H; p += WGS) {
      let r = p / H;
      let b = b0 + r;
      if (b < B) { hw[write + p] = gru_forward_pair(t, b, r, p % H, read, recurrent); }
    }
    workgroupBarrier();
  }
}

// Step t of BPTT: dh_rec = dzr_next·Uᵀ; dh = dH_t + dh_rec ⊙ mrec + dc; dh̃ = dh·(1 − z);
// dz_z = dh·(h_prev − h̃)·z(1 − z); dz_h = dh̃·(1 − h̃²); dz_r = dz_h·rec_h·r(1 − r);
// dzr = (dz_z, dz_r, dz_h·r); dc ← dh·z; dh is kept in dh_steps. The slice's dzr_next at
// dzrw[read + 3·r·H]; this step's dzr goes to dzrw[write + 3·r·H].
fn gru_backward_pair(t: u32, b: u32, r: u32, j: u32, read: u32, write: u32, carried: bool) {
  let B = dims.batch;
  let H = dims.units;
  var a = vec3f(0.0);
  if (carried) {
    let d = read + 3u * r * H;
    let u = 3u * j * H;
    for (var k = 0u; k < 3u * H; k += 3u) {
      a = fma(vec3f(dzrw[d + k], dzrw[d + k + 1u], dzrw[d + k + 2u]), vec3f(u_at(u + k), u_at(u + k + 1u), u_at(u + k + 2u)), a);
    }
  }
  let dh_rec = a.x + a.y + a.z;
  let n = t * B + b;
  let g = 3u * (n * H + j);
  var dc_next = 0.0;
  if (carried) { dc_next = dc[b * H + j]; }
  let dh = dH[h_index(t, b, j)] + dh_rec * mrec[b * H + j] + dc_next;
  let z = gates[g];
  let rg = gates[g + 1u];
  let hh = gates[g + 2u];
  var h_prev = 0.0;
  if (has_prev(t)) { h_prev = h[h_index(prev_of(t), b, j)]; }
  let dz_z = dh * (h_prev - hh) * z * (1.0 - z);
  let dz_h = dh * (1.0 - z) * (1.0 - hh * hh);
  let dz_r = dz_h * hrec[n * H + j] * rg * (1.0 - rg);
  dz[g] = dz_z;
  dz[g + 1u] = dz_r;
  dz[g + 2u] = dz_h;
  let dzr_h = dz_h * rg;
  dzr[g] = dz_z;
  dzr[g + 1u] = dz_r;
  dzr[g + 2u] = dzr_h;
  let w = write + 3u * (r * H + j);
  dzrw[w] = dz_z;
  dzrw[w + 1u] = dz_r;
  dzrw[w + 2u] = dzr_h;
  dc[b * H + j] = dh * z;
  dh_steps[n * H + j] = dh;
}

@compute @workgroup_size(WGS)
fn gru_cell_backward_steps(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let B = dims.batch;
  let H = dims.units;
  let b0 = wid.x * ROWS;
  stage_recurrent_weights(lid);
  for (var s = 0u; s < dims.steps; s++) {
    // Backward runs the direction's steps in reverse: its s-th step is the forward's (T−1−s)-th.
    let t = step_time(dims.steps - 1u - s);
    let read = (s & 1u) * 3u * ROWS * H; // dzr of the next step; the other half is written
    let write = 3u * ROWS * H - read;
    let carried = has_next(t);
    for (var p = lid; p < ROWS * H; p += WGS) {
      let r = p / H;
      let b = b0 + r;
      if (b < B) { gru_backward_pair(t, b, r, p % H, read, write, carried); }
    }
    workgroupBarrier();
  }
}
