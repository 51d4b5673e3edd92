// simple_rnn_cell_forward_steps / simple_rnn_cell_backward_steps: the SimpleRNN cell over EVERY
// timestep of a layer's direction in one dispatch (src/engine/MATH.md), instead of one dispatch per
// timestep (simple_rnn_cell.wgsl). Twins of the same names in src/engine/reference/simpleRnnCell.ts
// (the per-timestep twins called for every step in order): the same buffers in this binding order,
// the same work in the same order; src/engine/webgpu/rnnSequence.test.ts holds each dispatch to
// its twin. Built as lstm_sequence.wgsl: the recurrence couples the units of one sample, never two
// samples, so a workgroup owns a slice of ROWS batch rows for the whole sequence, its invocations
// split the slice's (row, unit) pairs (the same pairs at every step), the slice's recurrent state
// lives in workgroup memory, and one workgroupBarrier() separates a timestep from the next.
//
// Buffers as simple_rnn_cell.wgsl (same names and layouts, without the time uniform):
//   gates [T·B, H], U [H, H], mrec [B, H]; forward: h [T·B, h_stride], hprev [T·B, H], probe
//   [2, T, H]; backward: dH [T·B, h_stride], dz [T·B, H], dh_steps [T·B, H].
// Workgroup memory, double-buffered so one barrier a step suffices (step s reads one half and
// writes the other; the barrier orders every read of a half before the next write to it):
//   forward:  hw  [2][ROWS·H]  h_t ⊙ mrec of the slice (what hprev's next block holds)
//   backward: dzw [2][ROWS·H]  dz of the slice's next step
//
// Where U is read from: cellKernels.ts puts recurrent_weights_global.wgsl (the storage buffer, at
// every timestep) or recurrent_weights_persistent.wgsl before this file, as the autotuner chose
// (SequenceVariant.persistent). The persistent variant stages the whole of U ([H, H] f32, 4·H²
// bytes) in workgroup memory once per dispatch, behind a barrier, beside the arrays above; it
// exists only where both fit maxComputeWorkgroupStorageSize (sequencePersistentFits: SimpleRNN up
// to H = 60 for 4 rows in 16 KiB, 86 in 32 KiB). Every read of U is u_at(i), the same element in
// the same order either way.
//
// Race-free: every array is f32; every global float is written by the one invocation that owns its
// (row, unit) for the whole sequence; workgroup memory as above. Per output the products are
// summed in the twin's order (k ascending, Zx first). Constants: WGS (invocations per workgroup),
// ROWS (batch rows per workgroup), HU (the units H, sizing the workgroup arrays).
// The dims (binding 0), the activations and the step helpers are in shaders/recurrence.wgsl, which
// cellKernels.ts puts before this file.

@group(0) @binding(1) var<storage, read_write> gates: array<f32>;
@group(0) @binding(2) var<storage, read> U: array<f32>;
@group(0) @binding(3) var<storage, read> mrec: array<f32>;
// simple_rnn_cell_forward_steps only.
@group(0) @binding(4) var<storage, read_write> h: array<f32>;
@group(0) @binding(5) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(6) var<storage, read_write> probe: array<f32>;
// simple_rnn_cell_backward_steps only.
@group(0) @binding(4) var<storage, read> dH: array<f32>;
@group(0) @binding(5) var<storage, read_write> dz: array<f32>;
@group(0) @binding(6) var<storage, read_write> dh_steps: array<f32>;

// U's element type and count, for recurrent_weights_*.wgsl (u_at, the staged copy).
alias UElem = f32;
const U_ELEMS = HU * HU;

var<workgroup> hw: array<f32, 2 * ROWS * HU>;
var<workgroup> dzw: array<f32, 2 * ROWS * HU>;

// The timestep of the s-th step in this direction's order.
fn step_time(s: u32) -> u32 { return select(s, dims.steps - 1u - s, dims.reverse != 0u); }

@compute @workgroup_size(WGS)
fn simple_rnn_cell_forward_steps(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
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
      let j = p % H;
      let b = b0 + r;
      if (b < B) {
        let n = (t * B + b) * H + j;
        // z = Zx + Σ_k h_prev[r, k] · U[k, j]
        var z = gates[n];
        if (recurrent) {
          for (var k = 0u; k < H; k++) { z = fma(hw[read + r * H + k], u_at(k * H + j), z); }
        }
        let ht = tanh_safe(z);
        gates[n] = ht;
        h[h_index(t, b, j)] = ht;
        let masked = ht * mrec[b * H + j];
        hw[write + p] = masked;
        if (has_next(t)) { hprev[(next_of(t) * B + b) * H + j] = masked; }
        if (b == dims.probe_row) {
          probe[t * H + j] = z;
          probe[(dims.steps + t) * H + j] = ht;
        }
      }
    }
    workgroupBarrier();
  }
}

// dh_rec = dz_next·Uᵀ; dh = dH_t + dh_rec ⊙ mrec; dz_t = dh·(1 − h_t²); dh is kept in dh_steps.
@compute @workgroup_size(WGS)
fn simple_rnn_cell_backward_steps(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let B = dims.batch;
  let H = dims.units;
  let b0 = wid.x * ROWS;
  stage_recurrent_weights(lid);
  for (var s = 0u; s < dims.steps; s++) {
    // Backward runs the direction's steps in reverse: its s-th step is the forward's (T−1−s)-th.
    let t = step_time(dims.steps - 1u - s);
    let read = (s & 1u) * ROWS * H; // dz of the next step; the other half is written
    let write = ROWS * H - read;
    let carried = has_next(t);
    for (var p = lid; p < ROWS * H; p += WGS) {
      let r = p / H;
      let j = p % H;
      let b = b0 + r;
      if (b < B) {
        var dh_rec = 0.0;
        if (carried) {
          for (var k = 0u; k < H; k++) { dh_rec = fma(dzw[read + r * H + k], u_at(j * H + k), dh_rec); }
        }
        let n = (t * B + b) * H + j;
        let dh = dH[h_index(t, b, j)] + dh_rec * mrec[b * H + j];
        let a = gates[n];
        let dzt = dh * (1.0 - a * a);
        dz[n] = dzt;
        dzw[write + p] = dzt;
        dh_steps[n] = dh;
      }
    }
    workgroupBarrier();
  }
}
