/**
 * a·b + c in four f32 lanes, the one multiply-add every hot loop of the kernels is made of.
 *
 * Two builds of the same sources (scripts/buildWasm.mjs): the plain SIMD build computes
 * c + a·b as today (f32x4.mul, then f32x4.add: two roundings); the relaxed build
 * (`--enable relaxed-simd`, kernels-relaxed.wasm) uses f32x4.relaxed_madd, a fused multiply-add
 * where the CPU has one (one rounding, one instruction), which the engine loads where the
 * runtime validates it (src/engine/wasm/simdBuild.ts). ASC_FEATURE_RELAXED_SIMD is the compiler's
 * constant, so each build holds only its own branch.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * The scalar c + a·b, rounded as one lane of madd: the edge elements of a tile (matmul.ts,
 * matmulDot.ts) then sum exactly as the tile's lanes do, so how c is split into tiles and threads
 * never changes a bit in either build.
 */
@inline export function maddScalar(a: f32, b: f32, c: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD)
    return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
  return c + a * b;
}
