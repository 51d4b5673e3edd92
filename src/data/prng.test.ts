import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

/*
 * Expected values come from an independent Python port of splitmix32-seeded sfc32 (12 discarded
 * outputs), Box–Muller and Fisher–Yates, run once; the script:
 *
 *   python3 - <<'PY'
 *   import math; M = 0xffffffff; imul = lambda a, b: (a * b) & M
 *   class P:
 *     def __init__(s, seed):
 *       st = seed & M; out = []
 *       for _ in range(4):
 *         st = (st + 0x9e3779b9) & M; z = st
 *         z = imul(z ^ (z >> 16), 0x85ebca6b); z = imul(z ^ (z >> 13), 0xc2b2ae35)
 *         out.append((z ^ (z >> 16)) & M)
 *       s.a, s.b, s.c, s.d = out; s.spare = None
 *       for _ in range(12): s.u32()
 *     def u32(s):
 *       t = (s.a + s.b + s.d) & M; s.d = (s.d + 1) & M; s.a = s.b ^ (s.b >> 9)
 *       s.b = (s.c + (s.c << 3)) & M; s.c = ((s.c << 21) | (s.c >> 11)) & M; s.c = (s.c + t) & M
 *       return t
 *     def nxt(s): return s.u32() / 4294967296
 *     def normal(s):
 *       if s.spare is not None: v = s.spare; s.spare = None; return v
 *       u = 0
 *       while u == 0: u = s.nxt()
 *       v = s.nxt(); r = math.sqrt(-2 * math.log(u))
 *       s.spare = r * math.sin(2 * math.pi * v); return r * math.cos(2 * math.pi * v)
 *     def int(s, n): return math.floor(s.nxt() * n)
 *     def fork(s, k): return P((s.u32() ^ imul(k + 1, 0x9e3779b9)) & M)
 *   p = P(42); print([p.u32() for _ in range(4)])          # and likewise for each test below
 *   PY
 */
describe('Prng (sfc32 seeded by splitmix32)', () => {
  it('gives the reference outputs for seeds 42 and 0', () => {
    const p = new Prng(42);
    expect([p.nextU32(), p.nextU32(), p.nextU32(), p.nextU32()]).toEqual([
      1028872839, 2516511472, 400437680, 853279530,
    ]);
    const q = new Prng(0);
    expect([q.nextU32(), q.nextU32(), q.nextU32()]).toEqual([4205396811, 3543653536, 1222415357]);
  });

  it('next() is nextU32 / 2^32, and uniform(lo, hi) = lo + (hi − lo)·next()', () => {
    expect(new Prng(42).next()).toBe(1028872839 / 4294967296);
    const p = new Prng(42);
    expect(p.uniform(2, 5)).toBeCloseTo(2.7186593760270625, 14);
    expect(p.uniform(2, 5)).toBeCloseTo(3.7577629573643208, 14);
  });

  it('int(n) floors next()·n', () => {
    const p = new Prng(7);
    expect(Array.from({ length: 8 }, () => p.int(10))).toEqual([1, 3, 8, 8, 3, 5, 9, 0]);
  });

  it('normal() gives the Box–Muller cosine value, then the kept sine value', () => {
    const p = new Prng(42);
    const got = [p.normal(), p.normal(), p.normal(), p.normal()];
    const want = [-1.450123486931413, -0.8689660584172896, 0.6904464376867262, 2.0660507880443504];
    for (const [i, v] of got.entries()) expect(v).toBeCloseTo(want[i], 12);
  });

  it('shuffle is Fisher–Yates from the end, drawing one int per position above 0', () => {
    const p = new Prng(42);
    expect(Array.from(p.shuffle([0, 1, 2, 3, 4, 5]))).toEqual([5, 4, 3, 0, 2, 1]);
    // five draws only: the next output is the reference's sixth
    expect(p.nextU32()).toBe(3588795744);
  });

  it('fork(k) seeds a child from the next output xor (k + 1)·golden ratio', () => {
    const p = new Prng(42);
    const a = p.fork(0);
    const b = p.fork(1);
    expect([a.nextU32(), b.nextU32()]).toEqual([3783552784, 1694529168]);
  });
});
