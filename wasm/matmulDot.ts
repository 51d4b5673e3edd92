import { madd, maddScalar } from './madd';

/**
 * matmul with op(b) = bᵀ (b stored [n, k]), the NT case of matmul.ts: each element of c is a dot
 * product over contiguous k, kept as four lane sums s_q over k ≡ q (mod 4), the k tail added to
 * s_0, then (bias +) ((s_0 + s_1) + s_2) + s_3 — the order of matmulDotRows in the reference
 * (src/engine/reference/matmul.ts). A v128 accumulator's lane q is s_q, so the SIMD tile and the
 * scalar element give the same bits.
 */

/**
 * op(b) = bᵀ (b stored [n, k]): c[i, j] = (bias[j] +) Σ_k op(a)[i, k]·b[j, k] as four lane sums,
 * 2 rows × 4 columns of c at a time where op(a) rows are contiguous (not transA).
 */
export function matmulDot(
  n: i32,
  k: i32,
  ars: usize,
  acs: usize,
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
): void {
  const cs = <usize>n << 2;
  const bs = <usize>k << 2;
  const vector = acs == 4;
  let i = i0;
  if (vector) {
    for (; i + 2 <= i1; i += 2) {
      let j = j0;
      for (; j + 4 <= j1; j += 4) dot2x4(a + <usize>i * ars, ars, b + <usize>j * bs, bs, k, c + <usize>i * cs + (<usize>j << 2), cs, bias ? bias + (<usize>j << 2) : 0);
      for (; j < j1; j++)
        for (let r = 0; r < 2; r++) dotElement(a + <usize>(i + r) * ars, acs, b + <usize>j * bs, k, c + <usize>(i + r) * cs + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0);
    }
  }
  for (; i < i1; i++)
    for (let j = j0; j < j1; j++) dotElement(a + <usize>i * ars, acs, b + <usize>j * bs, k, c + <usize>i * cs + (<usize>j << 2), bias ? bias + (<usize>j << 2) : 0);
}

/** The four lane sums of s folded as the reference folds s0..s3, the tail already in lane 0. */
@inline function foldLanes(s: v128, bias: usize): f32 {
  const sum = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  return bias ? load<f32>(bias) + sum : sum;
}

/** Lane 0 plus the terms k4 … k−1 in order: the reference adds the k tail to s0. */
@inline function withTail(s: v128, a: usize, b: usize, k4: i32, k: i32): v128 {
  if (k4 == k) return s;
  let s0 = f32x4.extract_lane(s, 0);
  for (let q = k4; q < k; q++) s0 = maddScalar(load<f32>(a + (<usize>q << 2)), load<f32>(b + (<usize>q << 2)), s0);
  return f32x4.replace_lane(s, 0, s0);
}

@inline function dot2x4(a: usize, ars: usize, b: usize, bs: usize, k: i32, cp: usize, cs: usize, bias: usize): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
  const k4 = k & ~3;
  const a1 = a + ars;
  const b1 = b + bs, b2 = b + bs * 2, b3 = b + bs * 3;
  for (let q = 0; q < k4; q += 4) {
    const o = <usize>q << 2;
    const x0 = v128.load(a + o);
    const x1 = v128.load(a1 + o);
    const y0 = v128.load(b + o);
    const y1 = v128.load(b1 + o);
    const y2 = v128.load(b2 + o);
    const y3 = v128.load(b3 + o);
    s00 = madd(x0, y0, s00);
    s01 = madd(x0, y1, s01);
    s02 = madd(x0, y2, s02);
    s03 = madd(x0, y3, s03);
    s10 = madd(x1, y0, s10);
    s11 = madd(x1, y1, s11);
    s12 = madd(x1, y2, s12);
    s13 = madd(x1, y3, s13);
  }
  store<f32>(cp, foldLanes(withTail(s00, a, b, k4, k), bias));
  store<f32>(cp, foldLanes(withTail(s01, a, b1, k4, k), bias ? bias + 4 : 0), 4);
  store<f32>(cp, foldLanes(withTail(s02, a, b2, k4, k), bias ? bias + 8 : 0), 8);
  store<f32>(cp, foldLanes(withTail(s03, a, b3, k4, k), bias ? bias + 12 : 0), 12);
  store<f32>(cp + cs, foldLanes(withTail(s10, a1, b, k4, k), bias));
  store<f32>(cp + cs, foldLanes(withTail(s11, a1, b1, k4, k), bias ? bias + 4 : 0), 4);
  store<f32>(cp + cs, foldLanes(withTail(s12, a1, b2, k4, k), bias ? bias + 8 : 0), 8);
  store<f32>(cp + cs, foldLanes(withTail(s13, a1, b3, k4, k), bias ? bias + 12 : 0), 12);
}

/** One element of an NT product, op(a)'s row at a with k stride acs; the same lanes as dot2x4. */
function dotElement(a: usize, acs: usize, b: usize, k: i32, cp: usize, bias: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const k4 = k & ~3;
  let q = 0;
  for (; q < k4; q += 4) {
    const o = <usize>q << 2;
    s0 = maddScalar(load<f32>(a + <usize>q * acs), load<f32>(b + o), s0);
    s1 = maddScalar(load<f32>(a + <usize>(q + 1) * acs), load<f32>(b + o, 4), s1);
    s2 = maddScalar(load<f32>(a + <usize>(q + 2) * acs), load<f32>(b + o, 8), s2);
    s3 = maddScalar(load<f32>(a + <usize>(q + 3) * acs), load<f32>(b + o, 12), s3);
  }
  for (; q < k; q++) s0 = maddScalar(load<f32>(a + <usize>q * acs), load<f32>(b + (<usize>q << 2)), s0);
  const sum = s0 + s1 + s2 + s3;
  store<f32>(cp, bias ? load<f32>(bias) + sum : sum);
}
