// lstm_sequence_forward / lstm_sequence_backward: the LSTM cell over EVERY timestep of a layer's
// direction in one dispatch (src/engine/MATH.md), instead of one dispatch per timestep
// (lstm_cell.wgsl). The recurrence couples the units of one sample, never two samples, so a
// workgroup owns a slice of ROWS batch rows for the whole sequence: its invocations split the
// slice's (row, unit) pairs, the recurrent state of the slice lives in workgroup memory, and a
// workgroupBarrier() separates one timestep from the next. Twins of the same names in
// src/engine/reference/lstmSequence.ts (the per-timestep twins, called for every step in order);
// src/engine/webgpu/lstmSequence.test.ts holds each dispatch to its twin.
//
// Buffers as lstm_cell.wgsl (same names, same layouts, same binding order):
//   gates [T·B, 4H] vec4f, U [H, 4H] vec4f, c [T·B, H], mrec [B, H],
//   forward: hprev [T·B, H], h [T·B, h_stride]; backward: dH [T·B, h_stride], dz [T·B, 4H] vec4f,
//   dc [B, H]; and what the inside views keep, as lstm_cell.wgsl: forward probe [10, T, H] (batch
//   row dims.probe_row's pre-activations, gates, c and h; none when probe_row is NO_PROBE),
//   backward dc_steps, dh_steps [T·B, H] (∂L/∂c_t and ∂L/∂h_t of every step).
// Workgroup memory, double-buffered so one barrier a step suffices (step s reads one half and
// writes the other; the barrier orders every read of a half before the next write to it):
//   forward:  hw [2][ROWS·H]      h_prev ⊙ mrec of the slice (what hprev holds, without the trip
//                                 through global memory)
//   backward: dzw [2][ROWS·H] vec4f  dz of the slice's next step
//
// Where U is read from: cellKernels.ts puts recurrent_weights_global.wgsl (the storage buffer, at
// every timestep) or recurrent_weights_persistent.wgsl before this file, as the autotuner chose
// (SequenceVariant.persistent). The persistent variant stages the whole of U (H·H vec4f, 16·H²
// bytes) in workgroup memory once per dispatch, behind a barrier, beside the arrays above; it
// exists only where both fit maxComputeWorkgroupStorageSize (sequencePersistentFits: the LSTM up
// to H = 31 forward, 28 backward, for 4 rows in 16 KiB; 44 and 41 in 32 KiB). Every read of U is
// u_at(i), the same element in the same order either way.
//
// Race-free: every global float is written by the one invocation that owns its (row, unit) for
// the whole sequence (it also reads back its own c and dc); vec4f arrays are written whole;
// workgroup memory as above. Constants: WGS (invocations per workgroup), ROWS (batch rows per
// workgroup), HU (the units H, sizing the workgroup arrays).
// The dims (binding 0), the activations and the step helpers are in shaders/recurrence.wgsl, which
// cellKernels.ts puts before this file.

@group(0) @binding(1) var<storage, read_write> gates: array<vec4f>;
@group(0) @binding(2) var<storage, read> U: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> mrec: array<f32>;
// lstm_sequence_forward only.
@group(0) @binding(5) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(6) var<storage, read_write> h: array<f32>;
@group(0) @binding(7) var<storage, read_write> probe: array<f32>;
// lstm_sequence_backward only.
@group(0) @binding(5) var<storage, read> dH: array<f32>;
@group(0) @binding(6) var<storage, read_write> dz: array<vec4f>;
@group(0) @binding(7) var<storage, read_write> dc: array<f32>;
@group(0) @binding(8) var<storage, read_write> dc_steps: array<f32>;
@group(0) @binding(9) var<storage, read_write> dh_steps: array<f32>;

// U's element type and count, for recurrent_weights_*.wgsl (u_at, the staged copy).
alias UElem = vec4f;
const U_ELEMS = HU * HU;

var<workgroup> hw: array<f32, 2 * ROWS * HU>;
var<workgroup> dzw: array<vec4f, 2 * ROWS * HU>;

// The timestep of the s-th step in this direction's order.
fn step_time(s: u32) -> u32 { return select(s, dims.steps - 1u - s, dims.reverse != 0u); }

// Quantity q of (t, j) in the probe, planar [10, T, H] (as lstm_cell.wgsl's probe_at).
fn probe_at(q: u32, t: u32, j: u32) -> u32 { return (q * dims.steps + t) * dims.units + j; }

// The probed row's pre-activations z, gates, c and h at (t, j), from the registers.
fn probe_store(t: u32, j: u32, z: vec4f, act: vec4f, ct: f32, ht: f32) {
  probe[probe_at(0u, t, j)] = z.x;
  probe[probe_at(1u, t, j)] = z.y;
  probe[probe_at(2u, t, j)] = z.z;
  probe[probe_at(3u, t, j)] = z.w;
  probe[probe_at(4u, t, j)] = act.x;
  probe[probe_at(5u, t, j)] = act.y;
  probe[probe_at(6u, t, j)] = act.z;
  probe[probe_at(7u, t, j)] = act.w;
  probe[probe_at(8u, t, j)] = ct;
  probe[probe_at(9u, t, j)] = ht;
}

@compute @workgroup_size(WGS)
fn lstm_sequence_forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let B = dims.batch;
  let H = dims.units;
  let b0 = wid.x * ROWS;
  stage_recurrent_weights(lid);
  for (var s = 0u; s < dims.steps; s++) {
    let t = step_time(s);
    let read = (s & 1u) * ROWS * H; // this step's h_prev half; the other half is written
    let write = ROWS * H - read;
    let recurrent = has_prev(t);
    for (var p = lid; p < ROWS * H; p += WGS) {
      let r = p / H;
      let j = p % H;
      let b = b0 + r;
      if (b < B) {
        let n = (t * B + b) * H + j;
        var z = gates[n];
        if (recurrent) {
          for (var k = 0u; k < H; k++) { z = fma(vec4f(hw[read + r * H + k]), u_at(k * H + j), z); }
        }
        let act = vec4f(sigmoid(z.x), sigmoid(z.y), tanh_safe(z.z), sigmoid(z.w));
        var c_prev = 0.0;
        if (recurrent) { c_prev = c[(prev_of(t) * B + b) * H + j]; }
        let ct = act.y * c_prev + act.x * act.z;
        let ht = act.w * tanh_safe(ct);
        gates[n] = act;
        c[n] = ct;
        h[h_index(t, b, j)] = ht;
        let masked = ht * mrec[b * H + j];
        hw[write + p] = masked;
        if (has_next(t)) { hprev[(next_of(t) * B + b) * H + j] = masked; }
        if (b == dims.probe_row) { probe_store(t, j, z, act, ct, ht); }
      }
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WGS)
fn lstm_sequence_backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
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
        // dh_rec = Σ_k dz_next[r, k] ⊙ U[j, k], one lane per gate, the lanes summed last.
        var a = vec4f(0.0);
        if (carried) {
          for (var k = 0u; k < H; k++) { a = fma(dzw[read + r * H + k], u_at(j * H + k), a); }
        }
        let n = (t * B + b) * H + j;
        let dh = dH[h_index(t, b, j)] + dot(a, vec4f(1.0)) * mrec[b * H + j];
        let act = gates[n];
        let tc = tanh_safe(c[n]);
        var dc_next = 0.0;
        if (carried) { dc_next = dc[b * H + j]; }
        var c_prev = 0.0;
        if (has_prev(t)) { c_prev = c[(prev_of(t) * B + b) * H + j]; }
        let dct = dc_next + dh * act.w * (1.0 - tc * tc);
        let dzt = vec4f(
          dct * act.z * act.x * (1.0 - act.x),
          dct * c_prev * act.y * (1.0 - act.y),
          dct * act.x * (1.0 - act.z * act.z),
          dh * tc * act.w * (1.0 - act.w),
        );
        dz[n] = dzt;
        dzw[write + p] = dzt;
        dc[b * H + j] = dct * act.y;
        dc_steps[n] = dct;
        dh_steps[n] = dh;
      }
    }
    workgroupBarrier();
  }
}
