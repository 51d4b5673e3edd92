import { describe, expect, it } from 'vitest';
import { runDispatches, worstError } from '../../../test/support/engine/dispatch';
import { randomFloats, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import { OPTIMIZERS } from '../../model/config';
import { adamCorrections, NORM_GROUPS, OPTIMIZER_WG } from '../contracts/optimizerConstants';
import { grad_norm_sq, grad_norm_total, type OptParams, optimizer_update } from '../reference/optimizer';
import { GpuContext, readFloats } from './gpuContext';
import { optimizerDispatches, packOptParams, packStepParams } from './kernels';

/**
 * Each dispatch of the update (grad_norm_sq, grad_norm_total, optimizer_update) against one call
 * of its twin, from the same state. Measured: the norm's partials ≤ 1e-7 of their scale (f32 tree
 * sums against f64 sums), the optimizer state ≤ 1.1e-7, the weights ≤ 6e-8. Tolerance 5e-6
 * (~50x); a wrong constant (momentum 0.5 for 0.9, a missing bias correction), a flipped
 * sign or an L1/L2 term left out moves them by 1e-3 of their scale or more.
 */
const TOLERANCE = 5e-6;

/** More floats than NORM_GROUPS workgroups of WG cover in one pass, and not a multiple of WG. */
const COUNT = NORM_GROUPS * OPTIMIZER_WG * 2 + 37;

function state(seed: number) {
  const rng = new Prng(seed);
  const next = () => rng.next();
  const regularized = new Float32Array(COUNT).map((_, i) => (i % 5 === 4 ? 0 : 1)); // biases: 0
  const w = randomFloats(COUNT, next);
  w[7] = 0; // sign(0) = 0 for L1
  return {
    w,
    g: randomFloats(COUNT, next, 0.02),
    m: randomFloats(COUNT, next, 0.01),
    v: randomFloats(COUNT, next, 1e-4).map(Math.abs),
    regularized,
    partials: new Float32Array(NORM_GROUPS + 1),
  };
}
type State = ReturnType<typeof state>;

/** The GPU's copy of a state, and the readback of every buffer. */
async function onGpu(ctx: GpuContext, s: State) {
  const b = {
    w: ctx.upload('w', s.w),
    g: ctx.upload('g', s.g),
    m: ctx.upload('m', s.m),
    v: ctx.upload('v', s.v),
    regularized: ctx.upload('regularized', s.regularized),
    partials: ctx.upload('partials', s.partials),
  };
  const read = async () => {
    const out = {} as Record<keyof State, Float32Array>;
    for (const k of Object.keys(b) as (keyof State)[])
      out[k] = await readFloats(ctx.device, b[k], 0, s[k].length);
    return out;
  };
  return { b, read };
}

const copy = (s: State): State => ({
  w: s.w.slice(),
  g: s.g.slice(),
  m: s.m.slice(),
  v: s.v.slice(),
  regularized: s.regularized.slice(),
  partials: s.partials.slice(),
});

function compare(got: Record<string, Float32Array>, want: State, what: string) {
  for (const k of Object.keys(want) as (keyof State)[]) {
    const { error, at } = worstError(got[k], want[k]);
    expect(error, `${what}: ${k}[${at}]`).toBeLessThan(TOLERANCE);
  }
}

describe('the optimizer kernels: each dispatch equals its twin', () => {
  const opt = (clipnorm: number, l1: number, l2: number): OptParams => ({
    count: COUNT,
    groups: NORM_GROUPS,
    wg: OPTIMIZER_WG,
    lr: 0.01,
    l1,
    l2,
    clipnorm,
  });

  it('grad_norm_sq then grad_norm_total: the squared global norm of the regularised gradient', async () => {
    const s = state(1);
    const o = opt(0.5, 0.001, 0.01);
    const ctx = new GpuContext(await testDevice());
    const { b, read } = await onGpu(ctx, s);
    const uniforms = [
      ctx.uniform('opt', packOptParams(COUNT, o.lr, o.l1, o.l2, o.clipnorm)),
      ctx.uniform('step', packStepParams(0, 0, 1, 1)),
    ];
    const [normSq, total] = optimizerDispatches(ctx, 'sgd', COUNT, true, uniforms[0], uniforms[1], b);
    const want = copy(s);
    await runDispatches(ctx, [normSq]);
    grad_norm_sq(o, want.w, want.g, want.regularized, want.partials);
    compare(await read(), want, 'grad_norm_sq');
    await runDispatches(ctx, [total]);
    grad_norm_total(o, want.partials);
    compare(await read(), want, 'grad_norm_total');
    ctx.destroy();
  });

  for (const optimizer of OPTIMIZERS)
    for (const [clipnorm, l1, l2] of [
      [0, 0, 0],
      [0.05, 0.001, 0.01],
    ])
      it(`optimizer_update ${optimizer}, clipnorm ${clipnorm}, L1 ${l1}, L2 ${l2}, at update 3`, async () => {
        const s = state(2);
        if (optimizer === 'rmsprop') s.m = s.m.map(Math.abs); // a mean square
        const o = opt(clipnorm, l1, l2);
        // The norm the clip reads, as grad_norm_total leaves it (large enough to clip at 0.05).
        s.partials[NORM_GROUPS] = 0.7;
        const { c1, c2 } = adamCorrections(3);
        const ctx = new GpuContext(await testDevice());
        const { b, read } = await onGpu(ctx, s);
        const optU = ctx.uniform('opt', packOptParams(COUNT, o.lr, l1, l2, clipnorm));
        const stepU = ctx.uniform('step', packStepParams(3, 0, c1, c2));
        const dispatches = optimizerDispatches(ctx, optimizer, COUNT, false, optU, stepU, b);
        await runDispatches(ctx, [dispatches[dispatches.length - 1]]);
        const want = copy(s);
        optimizer_update(
          o,
          { c1, c2 },
          optimizer,
          want.w,
          want.g,
          want.m,
          want.v,
          want.regularized,
          want.partials,
        );
        compare(await read(), want, `optimizer_update ${optimizer}`);
        ctx.destroy();
      });
});
