// matmul: C[M, N] = op(A)[M, K] · op(B)[K, N] (+ bias[N])
//   A is stored [M, K], or [K, M] when TRANS_A (op(A) = Aᵀ); B is stored [K, N], or [N, K] when TRANS_B.
//   All row-major f32; each operand starts at an element offset (dims.*_off) inside its buffer, so
//   one flat parameter buffer can hold every tensor.
// Constants injected by src/engine/webgpu/shaderSource.ts (never edited here):
//   WG_X, WG_Y  threads per workgroup (columns, rows)
//   TRANS_A, TRANS_B, BIAS (bool)
//   VEC_A, VEC_B (bool) the operand's offset and row stride are multiples of 4 (vec4f loads)
//   VEC_C (bool)  C's offset and N are multiples of 4 (the bias read as a vec4f)
//   RUNTIME_FLAGS (bool) transposes and bias come from dims.flags instead: one pipeline serves
//               every small GEMM of a step (compiling a pipeline costs ~0.3-1.5 s on SwiftShader)
//   TILE        edge of the workgroup tile of matmul_tiled (= 4·WG_X = 4·WG_Y), BK its depth

struct Dims {
  m: u32,
  n: u32,
  k: u32,
  a_off: u32,
  b_off: u32,
  c_off: u32,
  bias_off: u32,
  flags: u32, // with RUNTIME_FLAGS: bit 0 transA, bit 1 transB, bit 2 bias
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
// C one float at a time: a thread's columns may share a vec4f with another thread's (when N or C's
// offset is not a multiple of 4), and a write to one component of a vec4f may touch all four
// (WGSL § 8.5.1.3), so C is array<f32>, where each float is its own memory location. Race-free:
// each float of C is written by the one thread that owns it.
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
// The same A and B as vec4f (bindings 5, 6: the same buffers again, both read-only).
@group(0) @binding(5) var<storage, read> a_vec: array<vec4f>;
@group(0) @binding(6) var<storage, read> b_vec: array<vec4f>;

// op(A)[m, k] and op(B)[k, n]; callers clamp m and n into range, k is always in range.
fn trans_a() -> bool { return TRANS_A || (RUNTIME_FLAGS && (dims.flags & 1u) != 0u); }
fn trans_b() -> bool { return TRANS_B || (RUNTIME_FLAGS && (dims.flags & 2u) != 0u); }
fn has_bias() -> bool { return BIAS || (RUNTIME_FLAGS && (dims.flags & 4u) != 0u); }

fn load_a(m: u32, k: u32) -> f32 {
  if (trans_a()) { return a[dims.a_off + k * dims.m + m]; }
  return a[dims.a_off + m * dims.k + k];
}

fn load_b(k: u32, n: u32) -> f32 {
  if (trans_b()) { return b[dims.b_off + n * dims.k + k]; }
  return b[dims.b_off + k * dims.n + n];
}

fn store_c(m: u32, n: u32, v: f32) {
  if (m < dims.m && n < dims.n) {
    var out = v;
    if (has_bias()) { out += bias[dims.bias_off + n]; }
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

// A 4×4 block of op(A) for rows m .. m+3 and depth k .. k+3, as the matrix whose column i is
// op(A)[m+i, k .. k+3]. With VEC_A (TS checks offset and row stride are multiples of 4) it comes
// from four vec4f loads: rows of A along k, or (TRANS_A) rows of Aᵀ along m, transposed in
// registers. Rows past M are clamped: m+i when loading along k, the 4-row group when along m.
fn a_block(m: u32, k: u32) -> mat4x4f {
  if (VEC_A && !TRANS_A) {
    let last = dims.m - 1u;
    let base = dims.a_off / 4u + k / 4u;
    let stride = dims.k / 4u;
    return mat4x4f(a_vec[base + min(m, last) * stride], a_vec[base + min(m + 1u, last) * stride],
                   a_vec[base + min(m + 2u, last) * stride], a_vec[base + min(m + 3u, last) * stride]);
  }
  if (VEC_A && TRANS_A) {
    let base = dims.a_off / 4u + min(m, dims.m - 4u) / 4u;
    let stride = dims.m / 4u;
    return transpose(mat4x4f(a_vec[base + k * stride], a_vec[base + (k + 1u) * stride],
                             a_vec[base + (k + 2u) * stride], a_vec[base + (k + 3u) * stride]));
  }
  return transpose(mat4x4f(a4(m, k), a4(m, k + 1u), a4(m, k + 2u), a4(m, k + 3u)));
}

// A 4×4 block of op(B) for depth k .. k+3 and columns n .. n+3, as the matrix whose column j is
// op(B)[k+j, n .. n+3]; VEC_B as VEC_A.
fn b_block(k: u32, n: u32) -> mat4x4f {
  if (VEC_B && !TRANS_B) {
    let base = dims.b_off / 4u + min(n, dims.n - 4u) / 4u;
    let stride = dims.n / 4u;
    return mat4x4f(b_vec[base + k * stride], b_vec[base + (k + 1u) * stride],
                   b_vec[base + (k + 2u) * stride], b_vec[base + (k + 3u) * stride]);
  }
  if (VEC_B && TRANS_B) {
    let last = dims.n - 1u;
    let base = dims.b_off / 4u + k / 4u;
    let stride = dims.k / 4u;
    return transpose(mat4x4f(b_vec[base + min(n, last) * stride], b_vec[base + min(n + 1u, last) * stride],
                             b_vec[base + min(n + 2u, last) * stride], b_vec[base + min(n + 3u, last) * stride]));
  }
  return mat4x4f(b4(k, n), b4(k + 1u, n), b4(k + 2u, n), b4(k + 3u, n));
}

fn store4(m: u32, n: u32, v: vec4f) {
  // n is a multiple of 4, so with N one too, n < N means all four columns are in range.
  if (VEC_C) {
    if (m < dims.m && n < dims.n) {
      var out = v;
      if (has_bias()) {
        let o = dims.bias_off + n;
        out += vec4f(bias[o], bias[o + 1u], bias[o + 2u], bias[o + 3u]);
      }
      let i = dims.c_off + m * dims.n + n;
      c[i] = out.x;
      c[i + 1u] = out.y;
      c[i + 2u] = out.z;
      c[i + 3u] = out.w;
    }
    return;
  }
  store_c(m, n, v.x);
  store_c(m, n + 1u, v.y);
  store_c(m, n + 2u, v.z);
  store_c(m, n + 3u, v.w);
}

// Rows m .. m+3 of an accumulator block (column i = row m+i over n .. n+3).
fn store_block(m: u32, n: u32, acc: mat4x4f) {
  store4(m, n, acc[0]);
  store4(m + 1u, n, acc[1]);
  store4(m + 2u, n, acc[2]);
  store4(m + 3u, n, acc[3]);
}

// The depth a thread covers in blocks of 4; the rest (K mod 4) goes through rank-1 updates.
fn k_blocked() -> u32 { return dims.k & ~3u; }

// acc += b · aᵀ as fma chains (the 4×4×4 block product): a matrix product compiles to separate
// multiplies and adds on SwiftShader, twice the arithmetic. Row i of acc (column i) gathers
// Σ_j a[i][j] · b[j]: op(A)[m+i, k+j] · op(B)[k+j, n .. n+3].
fn mac_row(acc: vec4f, a: vec4f, b: mat4x4f) -> vec4f {
  return fma(vec4f(a.w), b[3], fma(vec4f(a.z), b[2], fma(vec4f(a.y), b[1], fma(vec4f(a.x), b[0], acc))));
}

fn mac(acc: mat4x4f, a: mat4x4f, b: mat4x4f) -> mat4x4f {
  return mat4x4f(mac_row(acc[0], a[0], b), mac_row(acc[1], a[1], b), mac_row(acc[2], a[2], b),
                 mac_row(acc[3], a[3], b));
}

// One rank-1 update of a 4×4 accumulator block: row m+i += op(A)[m+i, k] · op(B)[k, n .. n+3].
fn rank1(acc: mat4x4f, a: vec4f, b: vec4f) -> mat4x4f {
  return mat4x4f(fma(vec4f(a.x), b, acc[0]), fma(vec4f(a.y), b, acc[1]), fma(vec4f(a.z), b, acc[2]),
                 fma(vec4f(a.w), b, acc[3]));
}

// Register-blocked: each thread owns TM×TN outputs as 4×4 accumulator blocks (mat4x4f values,
// kept in registers) and consumes op(A) and op(B) 4 deep at a time (mac: the 4×4×4 product). Written out by hand: SwiftShader does not unroll loops, and a private array
// indexed in a loop lives in memory, ~50x slower. No workgroup memory: on SwiftShader barriers
// cost more than the loads they save.
@compute @workgroup_size(WG_X, WG_Y)
fn matmul_4x4(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * 4u;
  let n0 = gid.x * 4u;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var c00 = mat4x4f();
  let kb = k_blocked();
  for (var k = 0u; k < kb; k += 4u) {
    c00 = mac(c00, a_block(m0, k), b_block(k, n0));
  }
  for (var k = kb; k < dims.k; k++) {
    c00 = rank1(c00, a4(m0, k), b4(k, n0));
  }
  store_block(m0, n0, c00);
}

@compute @workgroup_size(WG_X, WG_Y)
fn matmul_4x8(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * 4u;
  let n0 = gid.x * 8u;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var c00 = mat4x4f();
  var c01 = mat4x4f();
  let kb = k_blocked();
  for (var k = 0u; k < kb; k += 4u) {
    let a0 = a_block(m0, k);
    c00 = mac(c00, a0, b_block(k, n0));
    c01 = mac(c01, a0, b_block(k, n0 + 4u));
  }
  for (var k = kb; k < dims.k; k++) {
    let a0 = a4(m0, k);
    c00 = rank1(c00, a0, b4(k, n0));
    c01 = rank1(c01, a0, b4(k, n0 + 4u));
  }
  store_block(m0, n0, c00);
  store_block(m0, n0 + 4u, c01);
}

@compute @workgroup_size(WG_X, WG_Y)
fn matmul_8x8(@builtin(global_invocation_id) gid: vec3u) {
  let m0 = gid.y * 8u;
  let n0 = gid.x * 8u;
  if (m0 >= dims.m || n0 >= dims.n) { return; }
  var c00 = mat4x4f();
  var c01 = mat4x4f();
  var c10 = mat4x4f();
  var c11 = mat4x4f();
  let kb = k_blocked();
  for (var k = 0u; k < kb; k += 4u) {
    let a0 = a_block(m0, k);
    let a1 = a_block(m0 + 4u, k);
    let b0 = b_block(k, n0);
    let b1 = b_block(k, n0 + 4u);
    c00 = mac(c00, a0, b0);
    c01 = mac(c01, a0, b1);
    c10 = mac(c10, a1, b0);
    c11 = mac(c11, a1, b1);
  }
  for (var k = kb; k < dims.k; k++) {
    let a0 = a4(m0, k);
    let a1 = a4(m0 + 4u, k);
    let b0 = b4(k, n0);
    let b1 = b4(k, n0 + 4u);
    c00 = rank1(c00, a0, b0);
    c01 = rank1(c01, a0, b1);
    c10 = rank1(c10, a1, b0);
    c11 = rank1(c11, a1, b1);
  }
  store_block(m0, n0, c00);
  store_block(m0, n0 + 4u, c01);
  store_block(m0 + 4u, n0, c10);
  store_block(m0 + 4u, n0 + 4u, c11);
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
