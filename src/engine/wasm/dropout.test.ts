import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch, SENTINEL } from '../../../test/support/engine/dispatch';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import { dropout_mask, maskParams } from '../reference/dropout';
import type { WasmKernels } from './kernels';

/**
 * dropout_mask in WebAssembly against its twin, one call each, on 1 and 3 threads: the same u32
 * hash (its last round in i32x4 lanes) and the same u32 comparison, so the masks are equal.
 */
const pools = new Map<number, Promise<WasmKernels>>();
const kernels = (threads: number) => {
  if (!pools.has(threads)) pools.set(threads, testKernels(threads, 1 << 16));
  return pools.get(threads)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

describe('WebAssembly dropout_mask equals its twin', () => {
  // [count, rate]: one entry, fewer than four, a remainder, no dropout (threshold 0), rate 0.99.
  const cases: [number, number][] = [
    [1, 0.5],
    [3, 0.3],
    [1027, 0.2],
    [4096, 0],
    [10_001, 0.99],
  ];
  for (const [count, rate] of cases)
    for (const threads of [1, 3])
      it(`count=${count} rate=${rate} on ${threads} thread(s), at two steps`, async () => {
        for (const step of [0, 123_457]) {
          const params = maskParams(0xdeadbeef, 7, rate, count);
          const want = new Float32Array(count).fill(SENTINEL);
          dropout_mask(params, step, want);
          const k = await kernels(threads);
          const mark = k.pool.arena.bytes;
          const mask = inPool(k, new Float32Array(count).fill(SENTINEL));
          k.dropout_mask(params, step, mask);
          const got = mask.slice();
          k.pool.arena.reset(mark);
          const at = firstMismatch(got, want);
          expect(at, `dropout_mask count=${count} rate=${rate} step=${step}: mask[${at}]`).toBe(-1);
        }
      });
});
