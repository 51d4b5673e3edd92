import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch, padded, SENTINEL } from '../../../test/support/engine/dispatch';
import { randomFloats } from '../../../test/support/engine/testDevice';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import { Prng } from '../../data/prng';
import { gather_batch, last_hidden, last_hidden_backward, mask_rows, sum_rows } from '../reference/batchOps';
import type { WasmKernels } from './kernels';

/**
 * gather_batch, mask_rows, sum_rows and the last_hidden pair in WebAssembly against their twins,
 * one call each, on 1 and 3 threads (last_hidden: one; it is B·H floats). All equal the twin bit
 * for bit: a copy, one f32 multiply (and, accumulating, one f32 add of the rounded product) per
 * element, f32 sums row by row in the twin's order (an f64 sum of two f32 rounded to f32 is the
 * f32 sum). So the tests ask for equality.
 */
const pools = new Map<number, Promise<WasmKernels>>();
const kernels = (threads: number) => {
  if (!pools.has(threads)) pools.set(threads, testKernels(threads, 1 << 21));
  return pools.get(threads)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

/** Runs `body` with the pool's arena rewound afterwards. */
async function withKernels<T>(threads: number, body: (k: WasmKernels) => T): Promise<T> {
  const k = await kernels(threads);
  const mark = k.pool.arena.bytes;
  try {
    return body(k);
  } finally {
    k.pool.arena.reset(mark);
  }
}

const untouched = (a: Float32Array, from: number, to: number) =>
  [...a.subarray(0, from), ...a.subarray(to)].every((v) => v === SENTINEL);

describe('WebAssembly gather_batch equals its twin', () => {
  // [n, T, F, K, B]: one of each; odd widths; rows repeated (an evaluation chunk's padding).
  const cases: [number, number, number, number, number][] = [
    [1, 1, 1, 1, 1],
    [10, 7, 5, 3, 4],
    [40, 3, 33, 2, 17],
    [6, 50, 8, 10, 32],
  ];
  for (const [n, T, F, K, B] of cases)
    for (const threads of [1, 3])
      it(`n=${n} T=${T} F=${F} K=${K} B=${B} on ${threads} thread(s)`, async () => {
        const rng = new Prng(n * 31 + T * 7 + F + B);
        const x = randomFloats(n * T * F, () => rng.next());
        const y = randomFloats(n * K, () => rng.next());
        const idx = Uint32Array.from({ length: B }, () => rng.int(n));
        const dims = { batch: B, steps: T, features: F, outputs: K };
        const want = { x0: new Float32Array(T * B * F), y0: new Float32Array(B * K) };
        gather_batch(dims, idx, x, y, want.x0, want.y0);
        const got = await withKernels(threads, (k) => {
          const idxIn = k.pool.arena.u32(B);
          idxIn.set(idx);
          const x0 = inPool(k, padded(T * B * F, 0));
          const y0 = inPool(k, padded(B * K, 0));
          k.gather_batch(dims, idxIn, inPool(k, x), inPool(k, y), x0, y0);
          return { x0: x0.slice(), y0: y0.slice() };
        });
        expect(firstMismatch(got.x0, want.x0), 'x0: first element off').toBe(-1);
        expect(firstMismatch(got.y0, want.y0), 'y0: first element off').toBe(-1);
      });
});

describe('WebAssembly mask_rows equals its twin', () => {
  // [rows, D, B, srcOffset, outOffset]: a layer's input (T·B rows), one timestep, odd widths, offsets.
  const cases: [number, number, number, number, number][] = [
    [1, 1, 1, 0, 0],
    [15, 7, 3, 0, 0],
    [16, 33, 16, 5, 3],
    [9, 65, 9, 64, 0],
    [1600, 8, 32, 0, 0],
  ];
  for (const [rows, D, B, srcOff, outOff] of cases)
    for (const threads of [1, 3])
      for (const accumulate of [0, 1])
        it(`rows=${rows} D=${D} B=${B}, src at ${srcOff}, out at ${outOff}, ${accumulate ? 'adding to' : 'overwriting'} out, on ${threads} thread(s)`, async () => {
          const rng = new Prng(rows * 101 + D * 3 + B + accumulate);
          const src = randomFloats(rows * D, () => rng.next());
          const mask = randomFloats(B * D, () => rng.next(), 2);
          // What out held before: a Bidirectional layer's first direction's dX, when adding.
          const before = randomFloats(rows * D, () => rng.next());
          const want = before.slice();
          mask_rows({ rows, cols: D, batch: B, src_off: 0, out_off: 0, accumulate }, src, want, mask);
          const got = await withKernels(threads, (k) => {
            const out = inPool(k, padded(rows * D, outOff, before));
            const dims = { rows, cols: D, batch: B, src_off: srcOff, out_off: outOff, accumulate };
            k.mask_rows(dims, inPool(k, padded(rows * D, srcOff, src)), out, inPool(k, mask));
            return out.slice();
          });
          expect(firstMismatch(got.subarray(outOff, outOff + rows * D), want), 'out: first element off').toBe(
            -1,
          );
          expect(untouched(got, outOff, outOff + rows * D), 'floats outside out untouched').toBe(true);
        });
});

describe('WebAssembly sum_rows equals its twin', () => {
  // [rows, D, srcOffset, outOffset]: one row; columns in 16s, 4s and singles; ~1,600 rows (T·B).
  const cases: [number, number, number, number][] = [
    [1, 1, 0, 0],
    [3, 5, 0, 0],
    [4, 64, 7, 1],
    [7, 65, 0, 4],
    [1600, 512, 3, 2],
  ];
  for (const [rows, D, srcOff, outOff] of cases)
    for (const threads of [1, 3])
      it(`rows=${rows} D=${D}, src at ${srcOff}, out at ${outOff}, on ${threads} thread(s)`, async () => {
        const rng = new Prng(rows * 13 + D);
        const src = randomFloats(rows * D, () => rng.next());
        const want = new Float32Array(D);
        sum_rows({ rows, cols: D, batch: 1, src_off: 0, out_off: 0, accumulate: 0 }, src, want);
        const got = await withKernels(threads, (k) => {
          const out = inPool(k, padded(D, outOff));
          const dims = { rows, cols: D, batch: 1, src_off: srcOff, out_off: outOff, accumulate: 0 };
          k.sum_rows(dims, inPool(k, padded(rows * D, srcOff, src)), out);
          return out.slice();
        });
        expect(firstMismatch(got.subarray(outOff, outOff + D), want), 'out: first column off').toBe(-1);
        expect(untouched(got, outOff, outOff + D), 'floats outside out untouched').toBe(true);
      });
});

describe('WebAssembly last_hidden / last_hidden_backward equal their twins', () => {
  // [B, H, T, directions]: one of each; odd widths; the R3 benchmark's Bidirectional(GRU(64)).
  const cases: [number, number, number, number][] = [
    [1, 1, 1, 1],
    [4, 7, 3, 1],
    [3, 5, 4, 2],
    [32, 64, 50, 2],
  ];
  for (const [B, H, T, directions] of cases)
    it(`B=${B} H=${H} T=${T}, ${directions} direction(s)`, async () => {
      const rng = new Prng(B * 17 + H * 5 + T + directions);
      const dims = { batch: B, units: H, steps: T, directions };
      const W = directions * H;
      const h = randomFloats(T * B * W, () => rng.next());
      const mask = randomFloats(B * W, () => rng.next(), 2);
      const dhd = randomFloats(B * W, () => rng.next());
      const want = { hd: new Float32Array(B * W), dH: padded(T * B * W, 0) };
      last_hidden(dims, h, mask, want.hd);
      last_hidden_backward(dims, dhd, mask, want.dH);
      const got = await withKernels(1, (k) => {
        const [hd, dH] = [inPool(k, new Float32Array(B * W)), inPool(k, padded(T * B * W, 0))];
        const maskIn = inPool(k, mask);
        k.last_hidden(dims, inPool(k, h), maskIn, hd);
        k.last_hidden_backward(dims, inPool(k, dhd), maskIn, dH);
        return { hd: hd.slice(), dH: dH.slice() };
      });
      expect(firstMismatch(got.hd, want.hd), 'hd: first element off').toBe(-1);
      // dH: the head's entries written, every other one left as it was (the sentinel).
      expect(firstMismatch(got.dH, want.dH), 'dH: first element off').toBe(-1);
      expect(want.dH.filter((v) => v !== SENTINEL)).toHaveLength(B * W);
    });
});
