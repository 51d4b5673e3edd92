/**
 * The f32 load and store and the two-f64-lane helpers the attention kernels share (attention.ts,
 * seq2seq.ts): f64 between f32 loads and stores, each lane one output's sum in its twin's order.
 */

@inline export function ld(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}
@inline export function st(p: usize, i: i32, x: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>x);
}
/** Elements i and i + 1 as two f64 lanes. */
@inline export function ld2(p: usize, i: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2)));
}
@inline export function pair(x: f64, y: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(x), 1, y);
}
/** lanes += x·y, rounded as the twin's `+=` of a product (no fused multiply-add). */
@inline export function addProduct(lanes: v128, x: v128, y: v128): v128 {
  return f64x2.add(lanes, f64x2.mul(x, y));
}
