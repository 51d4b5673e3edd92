import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch, padded, SENTINEL, worstError } from '../../../test/support/engine/dispatch';
import { randomFloats } from '../../../test/support/engine/testDevice';
import { inPool, testKernels, WASM_BUILDS } from '../../../test/support/engine/wasmPool';
import { Prng } from '../../data/prng';
import { type MatmulDims, matmul, matmulDims } from '../reference/matmul';
import type { WasmKernels } from './kernels';
import type { WasmBuild } from './simdBuild';

/**
 * One WebAssembly matmul call against one call of its twin, for every transpose and shapes on
 * both sides of each tile edge (4 rows, 8 and 4 columns, the 128-deep k panel, the k tail of the
 * NT lane sums), operands at offsets inside larger arrays, with and without a bias, on 1 and 3
 * threads; and the threads' split never changes a bit.
 *
 * Measured: ≤ 8.0e-7 of c's scale (f32 sums of up to 300 terms in the twin's order, against its
 * f64 sums); the relaxed build (fused multiply-adds, one rounding a term instead of two) ≤ 7.4e-7.
 * The tolerance, 1e-5, is ~12× that for both builds; a wrong index or a missing term moves c by
 * 1e-2 of its scale or more. Every test runs on both builds (simdBuild.ts).
 */
const TOLERANCE = 1e-5;
const PAD = 5;

const pools = new Map<string, Promise<WasmKernels>>();
const kernels = (build: WasmBuild, threads: number) => {
  const key = `${build} ${threads}`;
  if (!pools.has(key)) pools.set(key, testKernels(threads, 1 << 18, build));
  return pools.get(key)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

/** Runs one call on `threads` threads; returns c with PAD sentinels on either side. */
async function onWasm(
  build: WasmBuild,
  threads: number,
  dims: MatmulDims,
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array | null,
) {
  const k = await kernels(build, threads);
  const mark = k.pool.arena.bytes;
  const c = inPool(k, padded(dims.m * dims.n, PAD));
  k.matmul(
    { ...dims, a_off: PAD, b_off: PAD, c_off: PAD, bias_off: PAD },
    inPool(k, padded(a.length, PAD, a)),
    inPool(k, padded(b.length, PAD, b)),
    c,
    bias ? inPool(k, padded(bias.length, PAD, bias)) : null,
  );
  const out = c.slice();
  k.pool.arena.reset(mark);
  return out;
}

describe.each(WASM_BUILDS)('WebAssembly matmul equals its twin (%s build)', (build) => {
  // [m, n, k]: single elements; every row/column edge of the 4 × 8 tiles; k across the 128 panel
  // and not a multiple of 4; the engine's own shapes (projection, dW over T·B rows, dX = dZ·Wᵀ).
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 4],
    [5, 12, 9],
    [9, 17, 131],
    [33, 28, 260],
    [64, 256, 1],
    [8, 256, 300],
    [100, 9, 256],
  ];
  for (const [m, n, k] of shapes)
    for (const transA of [false, true])
      for (const transB of [false, true])
        it(`m=${m} n=${n} k=${k} transA=${transA} transB=${transB}, with and without a bias, 1 and 3 threads`, async () => {
          const rng = new Prng(m * 7919 + n * 31 + k + (transA ? 1 : 0) + (transB ? 2 : 0));
          const next = () => rng.next();
          const a = randomFloats(m * k, next);
          const b = randomFloats(k * n, next);
          const dims = matmulDims(m, n, k, transA, transB);
          for (const bias of [null, randomFloats(n, next)]) {
            const want = new Float32Array(m * n);
            matmul(dims, a, b, want, bias);
            const one = await onWasm(build, 1, dims, a, b, bias);
            const three = await onWasm(build, 3, dims, a, b, bias);
            const what = `matmul m=${m} n=${n} k=${k} transA=${transA} transB=${transB} bias=${bias !== null}`;
            const { error, at } = worstError(one.subarray(PAD, PAD + m * n), want);
            expect(error, `${what}: c[${at}]`).toBeLessThan(TOLERANCE);
            expect(firstMismatch(three, one), `${what}: 3 threads against 1, first float off`).toBe(-1);
            const outside = [...one.subarray(0, PAD), ...one.subarray(PAD + m * n)];
            expect(
              outside.every((v) => v === SENTINEL),
              `${what}: floats outside c untouched`,
            ).toBe(true);
          }
        });
});
