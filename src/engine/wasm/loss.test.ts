import { afterAll, describe, expect, it } from 'vitest';
import { firstMismatch, SENTINEL } from '../../../test/support/engine/dispatch';
import { randomFloats } from '../../../test/support/engine/testDevice';
import { inPool, testKernels } from '../../../test/support/engine/wasmPool';
import { Prng } from '../../data/prng';
import { type LossDims, mse_loss, softmax_cross_entropy } from '../reference/loss';

/**
 * softmax_cross_entropy / mse_loss in WebAssembly against one call of each twin. The kernel does
 * the twin's arithmetic in the twin's order in f64 with the same Math.exp and Math.log (imported),
 * and rounds to f32 where the twin's f32 outputs do: every output equals it bit for bit.
 */
const SLOT = 3;
const kernels = testKernels(1, 1 << 16);
afterAll(async () => (await kernels).pool.dispose());

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

describe('WebAssembly loss kernels equal their twins', () => {
  // [B, K]: one row, one class or target, ten classes as keras-seed has, a batch of 130.
  const shapes: [number, number][] = [
    [1, 1],
    [5, 3],
    [130, 10],
    [32, 1],
  ];
  for (const entry of ['softmax_cross_entropy', 'mse_loss'] as const)
    for (const [B, K] of shapes) {
      if (entry === 'softmax_cross_entropy' && K === 1) continue;
      it(`${entry} B=${B} K=${K}`, async () => {
        const { logits, y } = batchOf(entry, B, K, B * 31 + K);
        const dims: LossDims = { batch: B, outputs: K };
        const fresh = () => ({
          dlogits: new Float32Array(B * K).fill(SENTINEL),
          outputs: new Float32Array(B * K).fill(SENTINEL),
          rowLoss: new Float32Array(B).fill(SENTINEL),
          stepLoss: new Float32Array(SLOT + 2).fill(SENTINEL),
        });
        const want = fresh();
        const twin = entry === 'softmax_cross_entropy' ? softmax_cross_entropy : mse_loss;
        twin(dims, { slot: SLOT }, logits, y, want.dlogits, want.outputs, want.rowLoss, want.stepLoss);

        const k = await kernels;
        const mark = k.pool.arena.bytes;
        const start = fresh();
        const got = {
          dlogits: inPool(k, start.dlogits),
          outputs: inPool(k, start.outputs),
          rowLoss: inPool(k, start.rowLoss),
          stepLoss: inPool(k, start.stepLoss),
        };
        k[entry](
          dims,
          { slot: SLOT },
          inPool(k, logits),
          inPool(k, y),
          got.dlogits,
          got.outputs,
          got.rowLoss,
          got.stepLoss,
        );
        for (const name of Object.keys(want) as (keyof typeof want)[]) {
          const at = firstMismatch(got[name], want[name]);
          expect(
            at,
            `${entry} B=${B} K=${K}: ${name}[${at}] = ${got[name][at]}, its twin ${want[name][at]}`,
          ).toBe(-1);
        }
        k.pool.arena.reset(mark);
      });
    }
});
