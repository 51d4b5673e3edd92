// matmul: C[M, N] = op(A)[M, K] · op(B)[K, N] (+ bias[N])
//   A is stored [M, K], or [K, M] when TRANS_A (op(A) = Aᵀ); B is stored [K, N], or [N, K] when TRANS_B.
//   All row-major f32; each operand starts at an element offset (dims.*_off) inside its buffer, so
//   one flat parameter buffer can hold every tensor.
// Constants injected by src/engine/webgpu/shaderSource.ts (never edited here):
//   TM, TN      outputs per thread (rows, columns); TN a multiple of 4
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

const TN4 = TN / 4u;

// Register-blocked: each thread owns a TM×TN block of C in registers (TN/4 vec4f per row) and
// streams op(A)'s column and op(B)'s row through it, one rank-1 update per k. No workgroup memory:
// on SwiftShader barriers cost more than the loads they save.
@compute @workgroup_size(WG_X, WG_Y)
fn matmul(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * TM;
  let n0 = gid.x * TN;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var acc: array<array<vec4f, TN4>, TM>;
  var rows: array<u32, TM>;
  for (var i = 0u; i < TM; i++) { rows[i] = min(m0 + i, dims.m - 1u); }
  var cols: array<u32, TN>;
  for (var j = 0u; j < TN; j++) { cols[j] = min(n0 + j, dims.n - 1u); }
  for (var k = 0u; k < dims.k; k++) {
    var bk: array<vec4f, TN4>;
    for (var j = 0u; j < TN4; j++) {
      bk[j] = vec4f(load_b(k, cols[4u * j]), load_b(k, cols[4u * j + 1u]),
                    load_b(k, cols[4u * j + 2u]), load_b(k, cols[4u * j + 3u]));
    }
    for (var i = 0u; i < TM; i++) {
      let ai = vec4f(load_a(rows[i], k));
      for (var j = 0u; j < TN4; j++) { acc[i][j] = fma(ai, bk[j], acc[i][j]); }
    }
  }
  for (var i = 0u; i < TM; i++) {
    for (var j = 0u; j < TN4; j++) {
      let v = acc[i][j];
      store_c(m0 + i, n0 + 4u * j, v.x);
      store_c(m0 + i, n0 + 4u * j + 1u, v.y);
      store_c(m0 + i, n0 + 4u * j + 2u, v.z);
      store_c(m0 + i, n0 + 4u * j + 3u, v.w);
    }
  }
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
  var acc: array<vec4f, 4>;
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
      for (var i = 0u; i < 4u; i++) { acc[i] = fma(vec4f(tile_a[kk][4u * lxy.y + i]), bv, acc[i]); }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let m = tm0 + 4u * lxy.y + i;
    let n = tn0 + 4u * lxy.x;
    store_c(m, n, acc[i].x);
    store_c(m, n + 1u, acc[i].y);
    store_c(m, n + 2u, acc[i].z);
    store_c(m, n + 3u, acc[i].w);
  }
}
