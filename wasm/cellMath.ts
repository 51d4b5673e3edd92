import { madd, maddScalar } from './madd';

/**
 * σ and tanh on four f32 lanes, for the cell kernels. The reference computes them in f64 with
 * Math.exp / Math.tanh and rounds to f32; these are Cephes' single-precision algorithms (expf,
 * tanhf), within a few f32 ulps of that, which the per-call tests bound.
 */

// @inline: a function call per activation would cost more than the activation.
@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/** e^x, x clamped to [−87.3, 88.3] (2^n stays a normal f32): x = n·ln 2 + r, e^r by a degree-6 polynomial. */
@inline export function expv(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, splat(-87.33654)), splat(88.3762626647949));
  const n = f32x4.nearest(f32x4.mul(x, splat(1.44269504088896341)));
  // ln 2 in two parts, so n·ln 2 is exact in the first.
  let r = f32x4.sub(x, f32x4.mul(n, splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let y = splat(1.9875691500e-4);
  y = madd(y, r, splat(1.3981999507e-3));
  y = madd(y, r, splat(8.3334519073e-3));
  y = madd(y, r, splat(4.1665795894e-2));
  y = madd(y, r, splat(1.6666665459e-1));
  y = madd(y, r, splat(5.0000001201e-1));
  y = f32x4.add(madd(y, z, r), splat(1));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/**
 * σ(x): 1/2 + tanh(x/2)/2 by tanhv's odd polynomial below |x| = 1.25 (|x/2| < 0.625, where that
 * polynomial holds), 1 / (1 + e^−x) above, as tanhv splits: the same function either way, within
 * the per-call tests' bound, and the polynomial costs far less than e^x and a division. A vector
 * takes one path when its four lanes agree, both (and a select) when not. Measured on R1's steps
 * (bench/timing/wasmStepTiming.ts R1 1): lstm_sequence_forward 2.10 → 1.75 ms, and R3's GRU
 * forward 1.66 → 1.43 ms a direction.
 */
@inline export function sigmoidv(x: v128): v128 {
  const isSmall = f32x4.lt(f32x4.abs(x), splat(1.25));
  if (!v128.any_true(isSmall)) return sigmoidLarge(x);
  const small = madd(tanhSmall(f32x4.mul(x, splat(0.5))), splat(0.5), splat(0.5));
  if (i32x4.all_true(isSmall)) return small;
  return v128.bitselect(small, sigmoidLarge(x), isSmall);
}

/** sigmoidv's 1 / (1 + e^−x) (|x| ≥ 1.25). */
@inline function sigmoidLarge(x: v128): v128 {
  return f32x4.div(splat(1), f32x4.add(splat(1), expv(f32x4.neg(x))));
}

/**
 * tanh of x clamped to ±15, as the reference's tanh_safe: an odd polynomial below |x| = 0.625
 * (where 1 − 2/(e^2x + 1) would cancel), 1 − 2/(e^2|x| + 1) with x's sign above.
 */
@inline export function tanhv(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, splat(-15)), splat(15));
  const ax = f32x4.abs(x);
  const isSmall = f32x4.lt(ax, splat(0.625));
  if (!v128.any_true(isSmall)) return tanhLarge(x, ax);
  if (i32x4.all_true(isSmall)) return tanhSmall(x);
  return v128.bitselect(tanhSmall(x), tanhLarge(x, ax), isSmall);
}

/** tanhv's odd polynomial (|x| < 0.625). */
@inline function tanhSmall(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = splat(-5.70498872745e-3);
  p = madd(p, z, splat(2.06390887954e-2));
  p = madd(p, z, splat(-5.37397155531e-2));
  p = madd(p, z, splat(1.33314422036e-1));
  p = madd(p, z, splat(-3.33332819422e-1));
  return madd(f32x4.mul(p, z), x, x);
}

/** tanhv's 1 − 2/(e^2|x| + 1) with x's sign (|x| ≥ 0.625). */
@inline function tanhLarge(x: v128, ax: v128): v128 {
  const e = expv(f32x4.add(ax, ax));
  const large = f32x4.sub(splat(1), f32x4.div(splat(2), f32x4.add(e, splat(1))));
  return v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
}

/** tanh of one f32, by the same lanes (so a unit at the edge gets the same value as one inside). */
@inline export function tanh1(x: f32): f32 {
  return f32x4.extract_lane(tanhv(f32x4.splat(x)), 0);
}

/**
 * Rows ↔ columns of a 4 × 4 block: from four units' gate vectors (i, f, g, o) to one vector per
 * gate over the four units, and back (the transpose is its own inverse). The result is left in
 * q0 … q3: globals, which each thread's instance has its own of.
 */
export let q0: v128 = f32x4.splat(0);
export let q1: v128 = f32x4.splat(0);
export let q2: v128 = f32x4.splat(0);
export let q3: v128 = f32x4.splat(0);

@inline export function transpose(v0: v128, v1: v128, v2: v128, v3: v128): void {
  const t0 = f32x4.shuffle(v0, v1, 0, 4, 1, 5); // v0.0 v1.0 v0.1 v1.1
  const t1 = f32x4.shuffle(v2, v3, 0, 4, 1, 5); // v2.0 v3.0 v2.1 v3.1
  const t2 = f32x4.shuffle(v0, v1, 2, 6, 3, 7); // v0.2 v1.2 v0.3 v1.3
  const t3 = f32x4.shuffle(v2, v3, 2, 6, 3, 7); // v2.2 v3.2 v2.3 v3.3
  q0 = f32x4.shuffle(t0, t1, 0, 1, 4, 5);
  q1 = f32x4.shuffle(t0, t1, 2, 3, 6, 7);
  q2 = f32x4.shuffle(t2, t3, 0, 1, 4, 5);
  q3 = f32x4.shuffle(t2, t3, 2, 3, 6, 7);
}

/**
 * Four dot products at once: Σ_m d[m]·u_r[m] for the four rows u_0 … u_3 of a matrix (row r at
 * u + r·len floats), m < len: the recurrent gradient dh_rec = dz_next · Uᵀ of four units, U's
 * rows being the units (GRU, SimpleRNN). Lane q of each accumulator sums m ≡ q (mod 4); the lanes
 * are folded by the transpose, then the tail m ≥ len − len mod 4 is added, unit by unit.
 */
@inline export function dots4(d: usize, u: usize, len: i32): v128 {
  const rs = <usize>len << 2;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let m = 0;
  for (; m + 4 <= len; m += 4) {
    const o = <usize>m << 2;
    const x = v128.load(d + o);
    a0 = madd(x, v128.load(u + o), a0);
    a1 = madd(x, v128.load(u + rs + o), a1);
    a2 = madd(x, v128.load(u + rs * 2 + o), a2);
    a3 = madd(x, v128.load(u + rs * 3 + o), a3);
  }
  transpose(a0, a1, a2, a3);
  let sum = f32x4.add(f32x4.add(f32x4.add(q0, q1), q2), q3);
  for (; m < len; m++) {
    const o = <usize>m << 2;
    const x = f32x4.splat(load<f32>(d + o));
    const col = f32x4(load<f32>(u + o), load<f32>(u + rs + o), load<f32>(u + rs * 2 + o), load<f32>(u + rs * 3 + o));
    sum = madd(x, col, sum);
  }
  return sum;
}

/** One dot product Σ_m d[m]·u[m], m < len, folded as dots4 folds each of its four. */
export function dotOne(d: usize, u: usize, len: i32): f32 {
  let a = f32x4.splat(0);
  let m = 0;
  for (; m + 4 <= len; m += 4) a = madd(v128.load(d + (<usize>m << 2)), v128.load(u + (<usize>m << 2)), a);
  let s = f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
  for (; m < len; m++) s = maddScalar(load<f32>(d + (<usize>m << 2)), load<f32>(u + (<usize>m << 2)), s);
  return s;
}
