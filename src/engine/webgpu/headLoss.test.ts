import { describe, expect, it } from 'vitest';
import { runDispatches, worstError } from '../../../test/support/engine/dispatch';
import { randomFloats, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import { type LossDims, mse_loss, softmax_cross_entropy } from '../reference/loss';
import { GpuContext, readFloats } from './gpuContext';
import { lossDispatch, packStepParams } from './kernels';

/**
 * One dispatch of softmax_cross_entropy / mse_loss against one call of its twin. The kernel's
 * threads (64) each sum a share of the rows and a tree sums the shares, in f32; exp and log come
 * from another library. Measured on these shapes: outputs, dlogits and row losses ≤ 2.1e-7 of their
 * scale, the batch mean ≤ 1.3e-7. Tolerance 5e-6 (~25x); a wrong index, a missing 1/B or a sign is
 * off by 1e-2 or more.
 */
const TOLERANCE = 5e-6;
const SLOT = 3;

function batchOf(entry: 'softmax_cross_entropy' | 'mse_loss', B: number, K: number, seed: number) {
  const rng = new Prng(seed);
  const logits = randomFloats(B * K, () => rng.next(), 4);
  const y = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    if (entry === 'softmax_cross_entropy') y[b * K + rng.int(K)] = 1;
    else for (let k = 0; k < K; k++) y[b * K + k] = rng.normal();
  }
  return { logits, y };
}

describe('the loss kernels: each dispatch equals its twin', () => {
  // [B, K]: one row; fewer rows than threads; more rows than the 64 threads (each thread sums
  // several); one class / one target; ten classes as keras-seed has.
  const shapes: [number, number][] = [
    [1, 1],
    [5, 3],
    [130, 10],
    [64, 2],
    [7, 1],
  ];
  for (const entry of ['softmax_cross_entropy', 'mse_loss'] as const)
    for (const [B, K] of shapes) {
      if (entry === 'softmax_cross_entropy' && K === 1) continue;
      it(`${entry} B=${B} K=${K}`, async () => {
        const { logits, y } = batchOf(entry, B, K, B * 31 + K);
        const dims: LossDims = { batch: B, outputs: K };
        const want = {
          dlogits: new Float32Array(B * K),
          outputs: new Float32Array(B * K),
          rowLoss: new Float32Array(B),
          stepLoss: new Float32Array(SLOT + 2),
        };
        const twin = entry === 'softmax_cross_entropy' ? softmax_cross_entropy : mse_loss;
        twin(dims, { slot: SLOT }, logits, y, want.dlogits, want.outputs, want.rowLoss, want.stepLoss);

        const ctx = new GpuContext(await testDevice());
        const step = ctx.uniform('step', packStepParams(0, SLOT, 1, 1));
        const bufs = {
          dlogits: ctx.storage('dlogits', B * K),
          outputs: ctx.storage('outputs', B * K),
          rowLoss: ctx.storage('rowLoss', B),
          stepLoss: ctx.storage('stepLoss', SLOT + 2),
        };
        const [l, t] = [ctx.upload('logits', logits), ctx.upload('y', y)];
        const d = lossDispatch(
          ctx,
          entry,
          dims,
          step,
          l,
          t,
          bufs.dlogits,
          bufs.outputs,
          bufs.rowLoss,
          bufs.stepLoss,
        );
        await runDispatches(ctx, [d]);
        for (const name of Object.keys(want) as (keyof typeof want)[]) {
          const got = await readFloats(ctx.device, bufs[name], 0, want[name].length);
          const { error, at } = worstError(got, want[name]);
          expect(error, `${entry} B=${B} K=${K}: ${name}[${at}]`).toBeLessThan(TOLERANCE);
        }
        ctx.destroy();
        // The mean is at the slot and nowhere else.
        expect(want.stepLoss.filter((v) => v !== 0).length).toBe(1);
      });
    }
});
