// matmul: C[M, N] = op(A)[M, K] · op(B)[K, N] (+ bias[N])
//   A is stored [M, K], or [K, M] when TRANS_A (op(A) = Aᵀ); B is stored [K, N], or [N, K] when TRANS_B.
//   All row-major f32; each operand starts at an element offset (dims.*_off) inside its buffer, so
//   one flat parameter buffer can hold every tensor.
// Constants injected by src/engine/webgpu/shaderSource.ts (never edited here):
//   WG_X, WG_Y  threads per workgroup (columns, rows)
//   TRANS_A, TRANS_B, BIAS (bool)
//   TILE        edge of the workgroup tile of matmul_tiled (= 4·WG_X = 4·WG_Y), BK its depth

struct Dims {
  m: u32,
  n: u32,
  k: u32,
  a_off: u32,
  b_off: u32,
  c_off: u32,
  bias_off: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;

// op(A)[m, k] and op(B)[k, n]; callers clamp m and n into range, k is always in range.
fn load_a(m: u32, k: u32) -> f32 {
  if (TRANS_A) { return a[dims.a_off + k * dims.m + m]; }
  return a[dims.a_off + m * dims.k + k];
}

fn load_b(k: u32, n: u32) -> f32 {
  if (TRANS_B) { return b[dims.b_off + n * dims.k + k]; }
  return b[dims.b_off + k * dims.n + n];
}

fn store_c(m: u32, n: u32, v: f32) {
  if (m < dims.m && n < dims.n) {
    var out = v;
    if (BIAS) { out += bias[dims.bias_off + n]; }
    c[dims.c_off + m * dims.n + n] = out;
  }
}

// op(A)[m .. m+3, k] and op(B)[k, n .. n+3] as vec4f, indices clamped into range (the extra
// lanes compute values store4 never writes).
fn a4(m: u32, k: u32) -> vec4f {
  let last = dims.m - 1u;
  return vec4f(load_a(min(m, last), k), load_a(min(m + 1u, last), k), load_a(min(m + 2u, last), k),
               load_a(min(m + 3u, last), k));
}

fn b4(k: u32, n: u32) -> vec4f {
  let last = dims.n - 1u;
  return vec4f(load_b(k, min(n, last)), load_b(k, min(n + 1u, last)), load_b(k, min(n + 2u, last)),
               load_b(k, min(n + 3u, last)));
}

fn store4(m: u32, n: u32, v: vec4f) {
  store_c(m, n, v.x);
  store_c(m, n + 1u, v.y);
  store_c(m, n + 2u, v.z);
  store_c(m, n + 3u, v.w);
}

// Register-blocked: each thread owns a block of C in named vec4f registers and streams op(A)'s
// column and op(B)'s row through it, one rank-1 update per k. Written out by hand: SwiftShader
// does not unroll loops, and a private array indexed in a loop lives in memory, ~50x slower.
// No workgroup memory: on SwiftShader barriers cost more than the loads they save.
@compute @workgroup_size(WG_X, WG_Y)
fn matmul_4x4(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * 4u;
  let n0 = gid.x * 4u;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var c0 = vec4f(0.0);
  var c1 = vec4f(0.0);
  var c2 = vec4f(0.0);
  var c3 = vec4f(0.0);
  for (var k = 0u; k < dims.k; k++) {
    let a = a4(m0, k);
    let b0 = b4(k, n0);
    c0 = fma(vec4f(a.x), b0, c0);
    c1 = fma(vec4f(a.y), b0, c1);
    c2 = fma(vec4f(a.z), b0, c2);
    c3 = fma(vec4f(a.w), b0, c3);
  }
  store4(m0, n0, c0);
  store4(m0 + 1u, n0, c1);
  store4(m0 + 2u, n0, c2);
  store4(m0 + 3u, n0, c3);
}

@compute @workgroup_size(WG_X, WG_Y)
fn matmul_4x8(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * 4u;
  let n0 = gid.x * 8u;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var c0 = vec4f(0.0);
  var c1 = vec4f(0.0);
  var c2 = vec4f(0.0);
  var c3 = vec4f(0.0);
  var d0 = vec4f(0.0);
  var d1 = vec4f(0.0);
  var d2 = vec4f(0.0);
  var d3 = vec4f(0.0);
  for (var k = 0u; k < dims.k; k++) {
    let a = a4(m0, k);
    let b0 = b4(k, n0);
    let b1 = b4(k, n0 + 4u);
    c0 = fma(vec4f(a.x), b0, c0);
    d0 = fma(vec4f(a.x), b1, d0);
    c1 = fma(vec4f(a.y), b0, c1);
    d1 = fma(vec4f(a.y), b1, d1);
    c2 = fma(vec4f(a.z), b0, c2);
    d2 = fma(vec4f(a.z), b1, d2);
    c3 = fma(vec4f(a.w), b0, c3);
    d3 = fma(vec4f(a.w), b1, d3);
  }
  store4(m0, n0, c0);
  store4(m0, n0 + 4u, d0);
  store4(m0 + 1u, n0, c1);
  store4(m0 + 1u, n0 + 4u, d1);
  store4(m0 + 2u, n0, c2);
  store4(m0 + 2u, n0 + 4u, d2);
  store4(m0 + 3u, n0, c3);
  store4(m0 + 3u, n0 + 4u, d3);
}

@compute @workgroup_size(WG_X, WG_Y)
fn matmul_8x8(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * 8u;
  let n0 = gid.x * 8u;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var c0 = vec4f(0.0);
  var c1 = vec4f(0.0);
  var c2 = vec4f(0.0);
  var c3 = vec4f(0.0);
  var c4 = vec4f(0.0);
  var c5 = vec4f(0.0);
  var c6 = vec4f(0.0);
  var c7 = vec4f(0.0);
  var d0 = vec4f(0.0);
  var d1 = vec4f(0.0);
  var d2 = vec4f(0.0);
  var d3 = vec4f(0.0);
  var d4 = vec4f(0.0);
  var d5 = vec4f(0.0);
  var d6 = vec4f(0.0);
  var d7 = vec4f(0.0);
  for (var k = 0u; k < dims.k; k++) {
    let a = a4(m0, k);
    let e = a4(m0 + 4u, k);
    let b0 = b4(k, n0);
    let b1 = b4(k, n0 + 4u);
    c0 = fma(vec4f(a.x), b0, c0);
    d0 = fma(vec4f(a.x), b1, d0);
    c1 = fma(vec4f(a.y), b0, c1);
    d1 = fma(vec4f(a.y), b1, d1);
    c2 = fma(vec4f(a.z), b0, c2);
    d2 = fma(vec4f(a.z), b1, d2);
    c3 = fma(vec4f(a.w), b0, c3);
    d3 = fma(vec4f(a.w), b1, d3);
    c4 = fma(vec4f(e.x), b0, c4);
    d4 = fma(vec4f(e.x), b1, d4);
    c5 = fma(vec4f(e.y), b0, c5);
    d5 = fma(vec4f(e.y), b1, d5);
    c6 = fma(vec4f(e.z), b0, c6);
    d6 = fma(vec4f(e.z), b1, d6);
    c7 = fma(vec4f(e.w), b0, c7);
    d7 = fma(vec4f(e.w), b1, d7);
  }
  store4(m0, n0, c0);
  store4(m0, n0 + 4u, d0);
  store4(m0 + 1u, n0, c1);
  store4(m0 + 1u, n0 + 4u, d1);
  store4(m0 + 2u, n0, c2);
  store4(m0 + 2u, n0 + 4u, d2);
  store4(m0 + 3u, n0, c3);
  store4(m0 + 3u, n0 + 4u, d3);
  store4(m0 + 4u, n0, c4);
  store4(m0 + 4u, n0 + 4u, d4);
  store4(m0 + 5u, n0, c5);
  store4(m0 + 5u, n0 + 4u, d5);
  store4(m0 + 6u, n0, c6);
  store4(m0 + 6u, n0 + 4u, d6);
  store4(m0 + 7u, n0, c7);
  store4(m0 + 7u, n0 + 4u, d7);
}

// Workgroup-tiled: a TILE×TILE block of C per workgroup, op(A) and op(B) staged through workgroup
// memory BK deep; each thread still owns a 4×4 block. The usual winner on real GPUs.
var<workgroup> tile_a: array<array<f32, TILE>, BK>; // [k][m]
var<workgroup> tile_b: array<array<f32, TILE>, BK>; // [k][n]

@compute @workgroup_size(WG_X, WG_Y)
fn matmul_tiled(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32,
                @builtin(local_invocation_id) lxy: vec3u) {
  let tm0 = wid.y * TILE;
  let tn0 = wid.x * TILE;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  let threads = WG_X * WG_Y;
  for (var k0 = 0u; k0 < dims.k; k0 += BK) {
    for (var e = lid; e < BK * TILE; e += threads) {
      let kk = e / TILE;
      let mn = e % TILE;
      let k = k0 + kk;
      var va = 0.0;
      var vb = 0.0;
      if (k < dims.k) {
        va = load_a(min(tm0 + mn, dims.m - 1u), k);
        vb = load_b(k, min(tn0 + mn, dims.n - 1u));
      }
      tile_a[kk][mn] = va;
      tile_b[kk][mn] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let bv = vec4f(tile_b[kk][4u * lxy.x], tile_b[kk][4u * lxy.x + 1u],
                     tile_b[kk][4u * lxy.x + 2u], tile_b[kk][4u * lxy.x + 3u]);
      let r = 4u * lxy.y;
      acc0 = fma(vec4f(tile_a[kk][r]), bv, acc0);
      acc1 = fma(vec4f(tile_a[kk][r + 1u]), bv, acc1);
      acc2 = fma(vec4f(tile_a[kk][r + 2u]), bv, acc2);
      acc3 = fma(vec4f(tile_a[kk][r + 3u]), bv, acc3);
    }
    workgroupBarrier();
  }
  let m = tm0 + 4u * lxy.y;
  let n = tn0 + 4u * lxy.x;
  store4(m, n, acc0);
  store4(m + 1u, n, acc1);
  store4(m + 2u, n, acc2);
  store4(m + 3u, n, acc3);
}
