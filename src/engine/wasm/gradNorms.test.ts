import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch } from '../../../test/support/engine/dispatch';
import { randomFloats } from '../../../test/support/engine/testDevice';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import { Prng } from '../../data/prng';
import { grad_norm_steps } from '../reference/gradNorms';
import type { WasmKernels } from './kernels';

/**
 * WebAssembly grad_norm_steps against its twin (reference/gradNorms.ts), one call each on 1 and 3
 * threads, onto an accumulator that already holds sums (as after earlier steps of an epoch). Both
 * sum the squares in f64 in the same order, take the f64 root and round the sum to f32: equal to
 * the bit, so the test asks for equality. Seen failing: the root dropped (squares summed), one
 * unit skipped, the accumulator overwritten instead of added to.
 */
const pools = new Map<number, Promise<WasmKernels>>();
const kernels = (threads: number) => {
  if (!pools.has(threads)) pools.set(threads, testKernels(threads, 1 << 18));
  return pools.get(threads)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

describe('WebAssembly grad_norm_steps equals its twin', () => {
  // [rows = T·B, cols = H]: one of each; H not a multiple of 4; the playground's B 32 × T 20, H 64.
  const cases: [number, number][] = [
    [1, 1],
    [15, 7],
    [640, 64],
  ];
  for (const [rows, cols] of cases)
    for (const threads of [1, 3])
      it(`rows=${rows} cols=${cols} on ${threads} thread(s)`, async () => {
        const rng = new Prng(rows * 13 + cols);
        const grad = randomFloats(rows * cols, () => rng.next(), 0.3);
        const before = randomFloats(rows, () => rng.next()).map(Math.abs);
        const want = before.slice();
        grad_norm_steps({ rows, cols }, grad, want);
        const k = await kernels(threads);
        const mark = k.pool.arena.bytes;
        try {
          const acc = inPool(k, before);
          k.grad_norm_steps({ rows, cols }, inPool(k, grad), acc);
          const at = firstMismatch(acc, want);
          expect(at, `acc[${at}]: ${acc[at]} ≠ ${want[at]}`).toBe(-1);
          expect(acc.some((v, r) => v !== before[r])).toBe(true);
        } finally {
          k.pool.arena.reset(mark);
        }
      });
});
