import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch } from '../../../test/support/engine/dispatch';
import { randomFloats } from '../../../test/support/engine/testDevice';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import { Prng } from '../../data/prng';
import { OPTIMIZERS } from '../../model/config';
import { adamCorrections, NORM_GROUPS, OPTIMIZER_WG } from '../contracts/optimizerConstants';
import { grad_norm_sq, grad_norm_total, type OptParams, optimizer_update } from '../reference/optimizer';
import type { WasmKernels } from './kernels';

/**
 * grad_norm_sq, grad_norm_total and optimizer_update in WebAssembly against one call of each twin,
 * on 1 and 3 threads. The kernels run the twins' f64 arithmetic in their order (the regularised
 * gradient rounded to f32 as there; partials in f64 as the reference engine keeps them), so every
 * buffer equals the twin's bit for bit.
 */
const COUNT = NORM_GROUPS * OPTIMIZER_WG * 2 + 37; // more than one pass of the groups, not a multiple of WG

const pools = new Map<number, Promise<WasmKernels>>();
const kernels = (threads: number) => {
  if (!pools.has(threads)) pools.set(threads, testKernels(threads, 8 * COUNT));
  return pools.get(threads)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

function state(seed: number) {
  const rng = new Prng(seed);
  const next = () => rng.next();
  const w = randomFloats(COUNT, next);
  w[7] = 0; // sign(0) = 0 for L1
  return {
    w,
    g: randomFloats(COUNT, next, 0.02),
    m: randomFloats(COUNT, next, 0.01),
    v: randomFloats(COUNT, next, 1e-4).map(Math.abs),
    regularized: new Float32Array(COUNT).map((_, i) => (i % 5 === 4 ? 0 : 1)), // biases: 0
    partials: new Float64Array(NORM_GROUPS + 1),
  };
}
type State = Record<'w' | 'g' | 'm' | 'v' | 'regularized', Float32Array> & { partials: Float64Array };

/** A copy of the state in the pool's memory. */
function inMemory(k: WasmKernels, s: State): State {
  const partials = k.pool.arena.f64(s.partials.length);
  partials.set(s.partials);
  return {
    w: inPool(k, s.w),
    g: inPool(k, s.g),
    m: inPool(k, s.m),
    v: inPool(k, s.v),
    regularized: inPool(k, s.regularized),
    partials,
  };
}

function expectEqual(got: State, want: State, what: string) {
  for (const name of Object.keys(want) as (keyof State)[]) {
    const at = firstMismatch(got[name], want[name]);
    expect(at, `${what}: ${name}[${at}] = ${got[name][at]}, its twin ${want[name][at]}`).toBe(-1);
  }
}

const opt = (clipnorm: number, l1: number, l2: number): OptParams => ({
  count: COUNT,
  groups: NORM_GROUPS,
  wg: OPTIMIZER_WG,
  lr: 0.01,
  l1,
  l2,
  clipnorm,
});

describe('WebAssembly optimizer kernels equal their twins', () => {
  for (const threads of [1, 3]) {
    it(`grad_norm_sq then grad_norm_total on ${threads} thread(s)`, async () => {
      const s = state(1);
      const o = opt(0.5, 0.001, 0.01);
      const k = await kernels(threads);
      const mark = k.pool.arena.bytes;
      const got = inMemory(k, s);
      const want = { ...s, partials: s.partials.slice() };
      k.grad_norm_sq(o, got.w, got.g, got.regularized, got.partials);
      grad_norm_sq(o, want.w, want.g, want.regularized, want.partials);
      expectEqual(got, want, 'grad_norm_sq');
      k.grad_norm_total(o, got.partials);
      grad_norm_total(o, want.partials);
      expectEqual(got, want, 'grad_norm_total');
      k.pool.arena.reset(mark);
    });

    for (const optimizer of OPTIMIZERS)
      for (const [clipnorm, l1, l2] of [
        [0, 0, 0],
        [0.05, 0.001, 0.01],
      ])
        it(`optimizer_update ${optimizer}, clipnorm ${clipnorm}, L1 ${l1}, L2 ${l2}, at update 3, on ${threads} thread(s)`, async () => {
          const s = state(2);
          if (optimizer === 'rmsprop') s.m = s.m.map(Math.abs); // a mean square
          s.partials[NORM_GROUPS] = 0.7; // the norm the clip reads (it clips at 0.05)
          const o = opt(clipnorm, l1, l2);
          const step = adamCorrections(3);
          const k = await kernels(threads);
          const mark = k.pool.arena.bytes;
          const got = inMemory(k, s);
          k.optimizer_update(o, step, optimizer, got.w, got.g, got.m, got.v, got.regularized, got.partials);
          const want = { ...s, w: s.w.slice(), m: s.m.slice(), v: s.v.slice() };
          optimizer_update(
            o,
            step,
            optimizer,
            want.w,
            want.g,
            want.m,
            want.v,
            want.regularized,
            want.partials,
          );
          expectEqual(got, want, `optimizer_update ${optimizer}`);
          k.pool.arena.reset(mark);
        });
  }
});
