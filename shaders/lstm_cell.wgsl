// One LSTM timestep for a batch (src/engine/MATH.md), forward and backward, one dispatch each.
// Gate-interleaved layout (src/model/params.ts): the four gates (i, f, g, o) of unit j sit side by
// side, so with vec4f views a thread owns one unit's gates as one vec4f, and U's row k holds the
// gates of unit j at vec4 index k·H + j. Each thread computes 4 batch rows of one unit, keeping
// the gate pre-activations in registers: the recurrent GEMM, activations and cell update fused.
// The 4 rows are written out by hand: SwiftShader does not unroll loops, and a private array
// indexed in a loop lives in memory (~10x slower). Rows past B are clamped and never stored.
// Activations are time-major: row t·B + b is sample b at timestep t.
// Constants injected by src/engine/webgpu/shaderSource.ts: WG.

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
//   gates  [T·B, H] vec4f  in: row block t holds Zx_t = Xd_t·W + b; out: post-activation gates
//   u      [H, H]   vec4f  recurrent kernel U [H, 4H]
//   hprev  [T·B, H]        block t = h_{t-1} ⊙ m_rec (block 0 stays 0); this step writes block t+1
//                          (declared vec4f so rows read 4 units a load; written one float at a time)
//   h      [T·B, H]        out: h_t (the next layer's input)
//   c      [T·B, H]        out: c_t (reads c_{t-1})
//   mrec   [B, H]          recurrent dropout mask
@group(0) @binding(2) var<storage, read_write> gates: array<vec4f>;
@group(0) @binding(3) var<storage, read> u: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> hprev: array<vec4f>;
@group(0) @binding(5) var<storage, read_write> h: array<f32>;
@group(0) @binding(6) var<storage, read_write> c: array<f32>;
@group(0) @binding(7) var<storage, read> mrec: array<f32>;

// Activations and cell update of one (row, unit) from its pre-activations z.
fn cell_forward_row(t: u32, b: u32, j: u32, z: vec4f) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B) { return; }
  let n = (t * B + b) * H + j;
  let g = vec4f(sigmoid(z.x), sigmoid(z.y), tanh_safe(z.z), sigmoid(z.w));
  var c_prev = 0.0;
  if (t > 0u) { c_prev = c[n - B * H]; }
  let ct = g.y * c_prev + g.x * g.z;
  let ht = g.w * tanh_safe(ct);
  gates[n] = g;
  c[n] = ct;
  h[n] = ht;
  if (t + 1u < dims.steps) {
    let m = n + B * H;
    hprev[m >> 2u][m & 3u] = ht * mrec[b * H + j];
  }
}

// One float of h_{t-1} (H not a multiple of 4).
fn h1(i: u32) -> f32 { return hprev[i >> 2u][i & 3u]; }

// z + Σ_q x[q] · U row k+q (as the columns of uk): four fma, the gates of 4 units of h_{t-1}.
fn mac_row(z: vec4f, x: vec4f, uk: mat4x4f) -> vec4f {
  return fma(vec4f(x.w), uk[3], fma(vec4f(x.z), uk[2], fma(vec4f(x.y), uk[1], fma(vec4f(x.x), uk[0], z))));
}

@compute @workgroup_size(WG)
fn lstm_cell_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let t = time.t;
  let jr = unit_and_row(gid, nwg, 1u, ROWS_F);
  let j = jr.x;
  let b0 = jr.y;
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
  if (t > 0u && VEC_H) {
    // 4 units k … k+3 a round: U's 4 rows as a matrix, each batch row's h_{t-1} as one vec4f.
    let q0 = r0 / 4u;
    let q1 = r1 / 4u;
    let q2 = r2 / 4u;
    let q3 = r3 / 4u;
    let q4 = r4 / 4u;
    let q5 = r5 / 4u;
    let q6 = r6 / 4u;
    let q7 = r7 / 4u;
    for (var k = 0u; k < H; k += 4u) {
      let uk = mat4x4f(u[k * H + j], u[(k + 1u) * H + j], u[(k + 2u) * H + j], u[(k + 3u) * H + j]);
      let kq = k / 4u;
      z0 = mac_row(z0, hprev[q0 + kq], uk);
      z1 = mac_row(z1, hprev[q1 + kq], uk);
      if (ROWS_F >= 4u) {
        z2 = mac_row(z2, hprev[q2 + kq], uk);
        z3 = mac_row(z3, hprev[q3 + kq], uk);
      }
      if (ROWS_F >= 8u) {
        z4 = mac_row(z4, hprev[q4 + kq], uk);
        z5 = mac_row(z5, hprev[q5 + kq], uk);
        z6 = mac_row(z6, hprev[q6 + kq], uk);
        z7 = mac_row(z7, hprev[q7 + kq], uk);
      }
    }
  } else if (t > 0u) {
    for (var k = 0u; k < H; k++) {
      let uk = u[k * H + j];
      z0 = fma(vec4f(h1(r0 + k)), uk, z0);
      z1 = fma(vec4f(h1(r1 + k)), uk, z1);
      if (ROWS_F >= 4u) {
        z2 = fma(vec4f(h1(r2 + k)), uk, z2);
        z3 = fma(vec4f(h1(r3 + k)), uk, z3);
      }
      if (ROWS_F >= 8u) {
        z4 = fma(vec4f(h1(r4 + k)), uk, z4);
        z5 = fma(vec4f(h1(r5 + k)), uk, z5);
        z6 = fma(vec4f(h1(r6 + k)), uk, z6);
        z7 = fma(vec4f(h1(r7 + k)), uk, z7);
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
}

// ---- lstm_cell_backward ----
// Step t of BPTT, in reverse. The thread of units k0 … k0+3 first finishes step t+1's recurrent
// product, dh_rec = (dZ_{t+1}·Uᵀ) ⊙ m_rec (dot products over U's rows, contiguous as vec4f), then
// runs the pointwise backward of step t for its units. So one dispatch per timestep, no scratch dh.
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

// Pointwise backward of one (row, unit), given the recurrent gradient dh_rec reaching h_t.
fn cell_backward_row(t: u32, b: u32, k: u32, dh_rec: f32) {
  let B = dims.batch;
  let H = dims.units;
  if (b >= B || k >= H) { return; }
  let last = t + 1u == dims.steps;
  let n = (t * B + b) * H + k;
  let dh = dh_out[n] + dh_rec * bmrec[b * H + k];
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

// One row's four units: dh_rec[q] = Σ of the row's accumulator against unit q's U row.
fn backward_row4(t: u32, b: u32, k0: u32, a0: vec4f, a1: vec4f, a2: vec4f, a3: vec4f) {
  let one = vec4f(1.0);
  cell_backward_row(t, b, k0, dot(a0, one));
  cell_backward_row(t, b, k0 + 1u, dot(a1, one));
  cell_backward_row(t, b, k0 + 2u, dot(a2, one));
  cell_backward_row(t, b, k0 + 3u, dot(a3, one));
}

@compute @workgroup_size(WG)
fn lstm_cell_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let H = dims.units;
  let t = time.t;
  let kr = unit_and_row(gid, nwg, 4u, ROWS_B);
  let k0 = kr.x;
  let b0 = kr.y;
  if (b0 >= dims.batch) { return; }
  // Accumulator a<row><unit>: Σ_j dZ_{t+1}[row, j] ⊙ U[unit, j] as vec4f over the gates.
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
  if (t + 1u < dims.steps) {
    let u0 = min(k0, H - 1u) * H;
    let u1 = min(k0 + 1u, H - 1u) * H;
    let u2 = min(k0 + 2u, H - 1u) * H;
    let u3 = min(k0 + 3u, H - 1u) * H;
    let r0 = row_of(t + 1u, b0) * H;
    let r1 = row_of(t + 1u, b0 + 1u) * H;
    let r2 = row_of(t + 1u, b0 + 2u) * H;
    let r3 = row_of(t + 1u, b0 + 3u) * H;
    for (var j = 0u; j < H; j++) {
      let w0 = bu[u0 + j];
      let w1 = bu[u1 + j];
      let w2 = bu[u2 + j];
      let w3 = bu[u3 + j];
      let d0 = dz[r0 + j];
      a00 = fma(d0, w0, a00);
      a01 = fma(d0, w1, a01);
      a02 = fma(d0, w2, a02);
      a03 = fma(d0, w3, a03);
      if (ROWS_B >= 2u) {
        let d1 = dz[r1 + j];
        a10 = fma(d1, w0, a10);
        a11 = fma(d1, w1, a11);
        a12 = fma(d1, w2, a12);
        a13 = fma(d1, w3, a13);
      }
      if (ROWS_B >= 4u) {
        let d2 = dz[r2 + j];
        a20 = fma(d2, w0, a20);
        a21 = fma(d2, w1, a21);
        a22 = fma(d2, w2, a22);
        a23 = fma(d2, w3, a23);
        let d3 = dz[r3 + j];
        a30 = fma(d3, w0, a30);
        a31 = fma(d3, w1, a31);
        a32 = fma(d3, w2, a32);
        a33 = fma(d3, w3, a33);
      }
    }
  }
  backward_row4(t, b0, k0, a00, a01, a02, a03);
  if (ROWS_B >= 2u) { backward_row4(t, b0 + 1u, k0, a10, a11, a12, a13); }
  if (ROWS_B >= 4u) {
    backward_row4(t, b0 + 2u, k0, a20, a21, a22, a23);
    backward_row4(t, b0 + 3u, k0, a30, a31, a32, a33);
  }
}
