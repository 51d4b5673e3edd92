// One LSTM timestep for a batch (src/engine/MATH.md), forward and backward, one dispatch each.
// Gate-interleaved layout (src/model/params.ts): the four gates (i, f, g, o) of unit j sit side by
// side, so with vec4f views a thread owns one unit's gates as one vec4f, and U's row k holds the
// gates of unit j at vec4 index k·H + j. Each thread computes ROWS batch rows of one unit, keeping
// the gate pre-activations in registers: the recurrent GEMM, activations and cell update fused.
// Activations are time-major: row t·B + b is sample b at timestep t.
// Constants injected by src/engine/webgpu/shaderSource.ts: ROWS (batch rows per thread), WG.

struct CellDims {
  batch: u32, // B
  units: u32, // H
  steps: u32, // T
  _pad: u32,
}

struct Time {
  t: u32,
}

@group(0) @binding(0) var<uniform> dims: CellDims;
@group(0) @binding(1) var<uniform> time: Time; // a dynamic offset picks the timestep

fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

// tanh through exp overflows to NaN on some drivers for large |x|; tanh(±15) is ±1 in f32 anyway.
fn tanh_safe(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

// The thread's unit and first batch row: threads run over (row block, unit), unit fastest.
fn unit_and_row(gid: vec3u, nwg: vec3u) -> vec2u {
  let i = gid.x + gid.y * nwg.x * WG;
  return vec2u(i % dims.units, (i / dims.units) * ROWS);
}

// ---- lstm_cell_forward ----
//   gates  [T·B, H] vec4f  in: row block t holds Zx_t = Xd_t·W + b; out: post-activation gates
//   u      [H, H]   vec4f  recurrent kernel U [H, 4H]
//   hprev  [T·B, H]        block t = h_{t-1} ⊙ m_rec (block 0 stays 0); this step writes block t+1
//   h      [T·B, H]        out: h_t (the next layer's input)
//   c      [T·B, H]        out: c_t (reads c_{t-1})
//   mrec   [B, H]          recurrent dropout mask
@group(0) @binding(2) var<storage, read_write> gates: array<vec4f>;
@group(0) @binding(3) var<storage, read> u: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> hprev: array<f32>;
@group(0) @binding(5) var<storage, read_write> h: array<f32>;
@group(0) @binding(6) var<storage, read_write> c: array<f32>;
@group(0) @binding(7) var<storage, read> mrec: array<f32>;

@compute @workgroup_size(WG)
fn lstm_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let B = dims.batch;
  let H = dims.units;
  let t = time.t;
  let jr = unit_and_row(gid, nwg);
  let j = jr.x;
  let b0 = jr.y;
  if (b0 >= B) { return; }
  var rows: array<u32, ROWS>; // t·B + b, clamped into the batch (extra rows compute, never store)
  var z: array<vec4f, ROWS>;
  for (var r = 0u; r < ROWS; r++) {
    rows[r] = t * B + min(b0 + r, B - 1u);
    z[r] = gates[rows[r] * H + j];
  }
  if (t > 0u) {
    for (var k = 0u; k < H; k++) {
      let uk = u[k * H + j];
      for (var r = 0u; r < ROWS; r++) { z[r] = fma(vec4f(hprev[rows[r] * H + k]), uk, z[r]); }
    }
  }
  for (var r = 0u; r < ROWS; r++) {
    if (b0 + r >= B) { break; }
    let n = rows[r] * H + j;
    let g = vec4f(sigmoid(z[r].x), sigmoid(z[r].y), tanh_safe(z[r].z), sigmoid(z[r].w));
    var c_prev = 0.0;
    if (t > 0u) { c_prev = c[n - B * H]; }
    let ct = g.y * c_prev + g.x * g.z;
    let ht = g.w * tanh_safe(ct);
    gates[n] = g;
    c[n] = ct;
    h[n] = ht;
    if (t + 1u < dims.steps) { hprev[n + B * H] = ht * mrec[(b0 + r) * H + j]; }
  }
}

// ---- lstm_cell_backward ----
// Step t of BPTT, in reverse. The thread of unit k first finishes step t+1's recurrent product,
// dh_rec = (dZ_{t+1}·Uᵀ) ⊙ m_rec (a dot product over U's row k, contiguous as vec4f), then runs
// the pointwise backward of step t for its unit. So one dispatch per timestep, no scratch dh.
//   bgates [T·B, H] vec4f  post-activation gates from forward
//   bu     [H, H]   vec4f  U
//   bc     [T·B, H]        c from forward
//   dh_out [T·B, H]        gradient at h from above (the head, or the next layer's dX)
//   dz     [T·B, H] vec4f  out: block t = dZ_t (reads block t+1)
//   dc     [B, H]          gradient at c carried from step t+1 to step t (ignored at t = T−1)
//   bmrec  [B, H]          recurrent dropout mask
@group(0) @binding(2) var<storage, read> bgates: array<vec4f>;
@group(0) @binding(3) var<storage, read> bu: array<vec4f>;
@group(0) @binding(4) var<storage, read> bc: array<f32>;
@group(0) @binding(5) var<storage, read> dh_out: array<f32>;
@group(0) @binding(6) var<storage, read_write> dz: array<vec4f>;
@group(0) @binding(7) var<storage, read_write> dc: array<f32>;
@group(0) @binding(8) var<storage, read> bmrec: array<f32>;

@compute @workgroup_size(WG)
fn lstm_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let B = dims.batch;
  let H = dims.units;
  let t = time.t;
  let kr = unit_and_row(gid, nwg);
  let k = kr.x;
  let b0 = kr.y;
  if (b0 >= B) { return; }
  let last = t + 1u == dims.steps;
  var rows: array<u32, ROWS>;
  var dh_rec: array<f32, ROWS>;
  for (var r = 0u; r < ROWS; r++) { rows[r] = t * B + min(b0 + r, B - 1u); }
  if (!last) {
    for (var j = 0u; j < H; j++) {
      let uk = bu[k * H + j];
      for (var r = 0u; r < ROWS; r++) { dh_rec[r] += dot(dz[(rows[r] + B) * H + j], uk); }
    }
  }
  for (var r = 0u; r < ROWS; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    let n = rows[r] * H + k;
    let dh = dh_out[n] + dh_rec[r] * bmrec[b * H + k];
    let g = bgates[n];
    let tc = tanh_safe(bc[n]);
    var dc_next = 0.0;
    if (!last) { dc_next = dc[b * H + k]; }
    var c_prev = 0.0;
    if (t > 0u) { c_prev = bc[n - B * H]; }
    let dct = dc_next + dh * g.w * (1.0 - tc * tc);
    dz[n] = vec4f(
      dct * g.z * g.x * (1.0 - g.x),
      dct * c_prev * g.y * (1.0 - g.y),
      dct * g.x * (1.0 - g.z * g.z),
      dh * tc * g.w * (1.0 - g.w),
    );
    dc[b * H + k] = dct * g.y;
  }
}
