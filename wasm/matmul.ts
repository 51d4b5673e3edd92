import { argInt, argPtr, sliceBegin, sliceEnd } from './abi';
import { madd, maddScalar } from './madd';
import { matmulDot } from './matmulDot';

/**
 * matmul: c[m, n] = op(a)[m, k] · op(b)[k, n] (+ bias[n]), the twin of matmul() in
 * src/engine/reference/matmul.ts (same dims, same operands; here a, b, c, bias are byte addresses
 * with the *_off offsets already added, and [i0, i1) × [j0, j1) is the block of c this thread owns).
 *
 * How each element is summed decides whether two engines agree, so it is the same in every path:
 *   op(b) = b (NN, TN): c = init, then c += op(a)[i, k]·b[k, j] for k = 0 … k−1 in order, in f32
 *     (init = bias or 0). Register blocking only changes which elements are computed together.
 *   op(b) = bᵀ (NT, matmulDot.ts): four partial sums s_q over k ≡ q (mod 4), the k tail added to s_0, then
 *     (bias +) ((s_0 + s_1) + s_2) + s_3 — the reference's order, lane q of a v128 being s_q.
 * So the result never depends on the tile shape or on how the threads split c: one thread or
 * eight give the same bits. The twin sums the same terms in the same order in f64. Each "+= a·b" is
 * madd (madd.ts): two roundings in the plain build, one (fused) in the relaxed build, the same in a
 * tile's lanes and at its scalar edges (maddScalar), so the above holds in both builds.
 *
 * Tiles (WebAssembly SIMD, 128-bit: four f32 lanes): 4 rows × 8 columns of c in 8 v128
 * accumulators, fed per k by two v128 loads of b and a splat of each row's a (XNNPACK's "splat"
 * micro-kernel shape: 11 live v128 values, inside the 16 registers x86 and ARM have), then 4 × 4,
 * 1 × 8, 1 × 4 and single elements at the edges.
 */

/** k per panel in the NN/TN loop: a panel of b (KC × n floats) stays in L2 while every row tile reads it. */
const KC: i32 = 128;

/**
 * A block of rows × [j0, j1) of c. Addresses: ap = op(a)[row 0, k 0] with byte strides ars (next
 * row) and acs (next k); bp = b[k 0, column 0], bs its row stride; cp = c[row 0, column 0], cs its
 * row stride; init = where the tile starts (0: zeros, else an address with row stride is: 0 for the
 * bias row shared by every row, cs for c itself).
 */
function gemmPanel(
  rows: i32,
  j0: i32,
  j1: i32,
  kc: i32,
  ap: usize,
  ars: usize,
  acs: usize,
  bp: usize,
  bs: usize,
  cp: usize,
  cs: usize,
  init: usize,
  is: usize,
): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const a = ap + <usize>i * ars;
    const c = cp + <usize>i * cs;
    const ini = init ? init + <usize>i * is : 0;
    let j = j0;
    for (; j + 8 <= j1; j += 8) tile4x8(a, ars, acs, bp + (<usize>j << 2), bs, kc, c + (<usize>j << 2), cs, ini ? ini + (<usize>j << 2) : 0, is);
    for (; j + 4 <= j1; j += 4) tile4x4(a, ars, acs, bp + (<usize>j << 2), bs, kc, c + (<usize>j << 2), cs, ini ? ini + (<usize>j << 2) : 0, is);
    for (let r = 0; r < 4; r++) {
      for (let jj = j; jj < j1; jj++) {
        const o = <usize>jj << 2;
        element(a + <usize>r * ars, acs, bp + o, bs, kc, c + <usize>r * cs + o, ini ? ini + <usize>r * is + o : 0);
      }
    }
  }
  for (; i < rows; i++) {
    const a = ap + <usize>i * ars;
    const c = cp + <usize>i * cs;
    const ini = init ? init + <usize>i * is : 0;
    let j = j0;
    for (; j + 8 <= j1; j += 8) tile1x8(a, acs, bp + (<usize>j << 2), bs, kc, c + (<usize>j << 2), ini ? ini + (<usize>j << 2) : 0);
    for (; j + 4 <= j1; j += 4) tile1x4(a, acs, bp + (<usize>j << 2), bs, kc, c + (<usize>j << 2), ini ? ini + (<usize>j << 2) : 0);
    for (; j < j1; j++) {
      const o = <usize>j << 2;
      element(a, acs, bp + o, bs, kc, c + o, ini ? ini + o : 0);
    }
  }
}

// @inline keeps the tiles' accumulators in registers inside gemmPanel's loops.
@inline function tile4x8(a: usize, ars: usize, acs: usize, bp: usize, bs: usize, kc: i32, cp: usize, cs: usize, init: usize, is: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (init) {
    c00 = v128.load(init); c01 = v128.load(init, 16);
    c10 = v128.load(init + is); c11 = v128.load(init + is, 16);
    c20 = v128.load(init + is * 2); c21 = v128.load(init + is * 2, 16);
    c30 = v128.load(init + is * 3); c31 = v128.load(init + is * 3, 16);
  }
  const a1 = ars, a2 = ars * 2, a3 = ars * 3;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(a);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(a + a1);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(a + a2);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(a + a3);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    a += acs;
    bp += bs;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(cp + cs, c10); v128.store(cp + cs, c11, 16);
  v128.store(cp + cs * 2, c20); v128.store(cp + cs * 2, c21, 16);
  v128.store(cp + cs * 3, c30); v128.store(cp + cs * 3, c31, 16);
}

@inline function tile4x4(a: usize, ars: usize, acs: usize, bp: usize, bs: usize, kc: i32, cp: usize, cs: usize, init: usize, is: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  if (init) {
    c0 = v128.load(init); c1 = v128.load(init + is); c2 = v128.load(init + is * 2); c3 = v128.load(init + is * 3);
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(a), b0, c0);
    c1 = madd(v128.load32_splat(a + ars), b0, c1);
    c2 = madd(v128.load32_splat(a + ars * 2), b0, c2);
    c3 = madd(v128.load32_splat(a + ars * 3), b0, c3);
    a += acs;
    bp += bs;
  }
  v128.store(cp, c0); v128.store(cp + cs, c1); v128.store(cp + cs * 2, c2); v128.store(cp + cs * 3, c3);
}

@inline function tile1x8(a: usize, acs: usize, bp: usize, bs: usize, kc: i32, cp: usize, init: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  if (init) {
    c0 = v128.load(init); c1 = v128.load(init, 16);
  }
  for (let k = 0; k < kc; k++) {
    const x = v128.load32_splat(a);
    c0 = madd(x, v128.load(bp), c0);
    c1 = madd(x, v128.load(bp, 16), c1);
    a += acs;
    bp += bs;
  }
  v128.store(cp, c0); v128.store(cp, c1, 16);
}

@inline function tile1x4(a: usize, acs: usize, bp: usize, bs: usize, kc: i32, cp: usize, init: usize): void {
  let c0 = init ? v128.load(init) : f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    c0 = madd(v128.load32_splat(a), v128.load(bp), c0);
    a += acs;
    bp += bs;
  }
  v128.store(cp, c0);
}

function element(a: usize, acs: usize, bp: usize, bs: usize, kc: i32, cp: usize, init: usize): void {
  let s: f32 = init ? load<f32>(init) : 0;
  for (let k = 0; k < kc; k++) {
    s = maddScalar(load<f32>(a), load<f32>(bp), s);
    a += acs;
    bp += bs;
  }
  store<f32>(cp, s);
}

/**
 * c[rows, n] += a[rows, k] · b[k, n], every operand row-major and contiguous: the recurrent product
 * of lstm_cell_forward (gates_t += hprev_t · U), summed as matmul sums (NN). Column strips outside,
 * row groups inside: a strip of b (k × 8 floats, U's columns) stays in L1 while every row group of
 * the thread's batch rows reads it, where rows outside would stream all of U per group. n = 4H is
 * a multiple of 4.
 */
export function gemmAccumulate(rows: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  const as = <usize>k << 2;
  const cs = <usize>n << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const bj = b + (<usize>j << 2);
    const cj = c + (<usize>j << 2);
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const ci = cj + <usize>i * cs;
      tile4x8(a + <usize>i * as, as, 4, bj, cs, k, ci, cs, ci, cs);
    }
    for (; i < rows; i++) {
      const ci = cj + <usize>i * cs;
      tile1x8(a + <usize>i * as, 4, bj, cs, k, ci, ci);
    }
  }
  for (; j + 4 <= n; j += 4) {
    const bj = b + (<usize>j << 2);
    const cj = c + (<usize>j << 2);
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const ci = cj + <usize>i * cs;
      tile4x4(a + <usize>i * as, as, 4, bj, cs, k, ci, cs, ci, cs);
    }
    for (; i < rows; i++) {
      const ci = cj + <usize>i * cs;
      tile1x4(a + <usize>i * as, 4, bj, cs, k, ci, ci);
    }
  }
  for (; j < n; j++)
    for (let i = 0; i < rows; i++) {
      const ci = c + <usize>i * cs + (<usize>j << 2);
      element(a + <usize>i * as, 4, b + (<usize>j << 2), cs, k, ci, ci);
    }
}

export function matmul(
  m: i32,
  n: i32,
  k: i32,
  transA: bool,
  transB: bool,
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
): void {
  if (i0 >= i1 || j0 >= j1) return;
  // op(a)[i, k] at a + i·ars + k·acs (bytes): a stored [m, k], or [k, m] when transA.
  const ars: usize = transA ? 4 : <usize>k << 2;
  const acs: usize = transA ? <usize>m << 2 : 4;
  if (transB) {
    matmulDot(n, k, ars, acs, a, b, c, bias, i0, i1, j0, j1);
    return;
  }
  const cs = <usize>n << 2;
  const rows = i1 - i0;
  const c0 = c + <usize>i0 * cs;
  const a0 = a + <usize>i0 * ars;
  if (k == 0) {
    // No terms: c is its init (the bias, or zeros).
    for (let i = 0; i < rows; i++)
      for (let j = j0; j < j1; j++) store<f32>(c0 + <usize>i * cs + (<usize>j << 2), bias ? load<f32>(bias + (<usize>j << 2)) : 0);
    return;
  }
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const first = k0 == 0;
    // The first panel starts from the bias (row stride 0) or zeros, later ones from c itself.
    const init: usize = first ? bias : c0;
    const is: usize = first ? 0 : cs;
    gemmPanel(rows, j0, j1, kc, a0 + <usize>k0 * acs, ars, acs, b + <usize>k0 * cs, cs, c0, cs, init, is);
  }
}

/**
 * One matmul call split over threads: by rows of c (whole tiles of 4) when c is at least as tall
 * as it is wide, else by columns (whole tiles of 8). INTS: m, n, k, transA, transB, a, b, c, bias.
 */
export function matmulJob(index: i32, count: i32): void {
  const m = argInt(0), n = argInt(1);
  let i0 = 0, i1 = m, j0 = 0, j1 = n;
  if (m >= n) {
    i0 = sliceBegin(m, index, count, 4);
    i1 = sliceEnd(m, index, count, 4);
  } else {
    j0 = sliceBegin(n, index, count, 8);
    j1 = sliceEnd(n, index, count, 8);
  }
  matmul(m, n, argInt(2), argInt(3) != 0, argInt(4) != 0, argPtr(5), argPtr(6), argPtr(7), argPtr(8), i0, i1, j0, j1);
}
