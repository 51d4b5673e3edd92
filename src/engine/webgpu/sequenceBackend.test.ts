import { describe, expect, it } from 'vitest';
import { relativeError, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import type { Dataset } from '../../data/types';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { modelShapeOf, weightTensors } from '../../model/params';
import { initWeights } from '../reference/init';
import { createWebGpuBackend } from './backend';

/**
 * The sequence-fused kernels of every cell kind (LSTM, GRU, SimpleRNN: one dispatch per layer and direction for the whole sequence)
 * against the per-timestep ones, in the whole engine: the same 6 training steps, with dropout on
 * every path, on edge shapes (B not a multiple of the slice, H not a multiple of 4, T = 1,
 * Bidirectional). The autotuner never picks them on SwiftShader (they are slower there), so the
 * test forces them. Measured on SwiftShader: bit for bit the same losses and weights for all
 * three kinds, with U in workgroup memory (persistent) or not (each fused kernel does each step's
 * sums in its per-timestep kernel's fma order). Tolerance 1e-5 (issue 14's bound), since
 * another GPU compiler may contract or order the two kernels' arithmetic differently.
 */
const TOLERANCE = 1e-5;

function dataset(T: number, seed: number): Dataset {
  const rng = new Prng(seed);
  const split = (n: number) => ({
    n,
    x: new Float32Array(n * T * 2).map(() => rng.normal()),
    y: new Float32Array(n).map(() => rng.normal()),
  });
  return {
    name: 'random',
    task: 'regression',
    timesteps: T,
    features: 2,
    outputs: 1,
    train: split(15),
    val: split(7),
    featureNames: [],
    description: 'random test data',
  };
}

for (const cell of ['lstm', 'gru', 'simple_rnn'] as const)
  describe(`the sequence-fused ${cell} kernels train exactly as the per-timestep ones`, () => {
    // The last with U staged in workgroup memory (the persistent variant; it fits at these H).
    const cases: [string, number[], number, boolean, boolean][] = [
      ['B=5 (slice of 2), H=7 and 6, T=4, 2 layers', [7, 6], 4, false, false],
      ['T=1', [5], 1, false, false],
      ['Bidirectional, 2 layers', [6, 3], 3, true, false],
      ['Bidirectional, 2 layers, U in workgroup memory (persistent)', [6, 3], 3, true, true],
    ];
    for (const [name, layers, T, bidirectional, persistent] of cases)
      it(name, async () => {
        const config: Config = {
          ...DEFAULT_CONFIG,
          cell,
          layers,
          bidirectional,
          batchSize: 5,
          dropout: 0.2,
          recurrentDropout: 0.3,
          outputDropout: 0.1,
          seed: 4,
        };
        const data = dataset(T, layers.length * 10 + T);
        const weights = initWeights(modelShapeOf(config, 2, 1), config.seed);
        const device = await testDevice();
        const perStep = await createWebGpuBackend(config, data, weights, device, { autotune: false });
        const fused = await createWebGpuBackend(config, data, weights, device, {
          autotune: false,
          forceSequence: { rows: 2, threads: 64, persistent },
        });
        // One dispatch per direction and direction of work, where the per-timestep path has T.
        const cells = layers.length * (bidirectional ? 2 : 1) * 2;
        expect(perStep.info.dispatchesPerStep! - fused.info.dispatchesPerStep!).toBe(cells * (T - 1));
        // Each layer's cell names its kernels: with `_persistent` where U was staged (info.kernels).
        const names = Object.entries(fused.info.kernels ?? {}).filter(([role]) => role.endsWith('.cell'));
        expect(names).toHaveLength(layers.length);
        for (const [, name] of names) expect(name.includes('_persistent'), name).toBe(persistent);
        // The inside views open: both keep the probe and the gradient norms through time.
        perStep.setProbe?.(3);
        fused.setProbe?.(3);
        const rng = new Prng(9);
        for (let s = 0; s < 6; s++) {
          const rows = new Uint32Array(5).map(() => rng.int(15));
          perStep.trainStep(rows, s);
          fused.trainStep(rows, s);
        }
        const [a, b] = [await perStep.takeLosses(), await fused.takeLosses()];
        for (let s = 0; s < 6; s++)
          expect(Math.abs(a[s] - b[s]) / Math.abs(a[s]), `step ${s}`).toBeLessThan(TOLERANCE);
        const [wa, wb] = [
          weightTensors(await perStep.readWeights()),
          weightTensors(await fused.readWeights()),
        ];
        for (const [i, t] of wa.entries())
          expect(relativeError(wb[i], t), `tensor ${i}`).toBeLessThan(TOLERANCE);
        // The probe of window 3 and the norms: the fused kernels write the same numbers.
        const [pa, pb] = [(await perStep.evaluate('val')).probe!, (await fused.evaluate('val')).probe!];
        const [na, nb] = [(await perStep.takeGradNorms?.())!, (await fused.takeGradNorms?.())!];
        const arrays = (p: typeof pa, n: typeof na) => [
          ...p.layers.flatMap((l) => l.directions.flatMap((d) => Object.values(d))),
          ...[n.c ?? [], n.h].flat(2),
        ];
        const [xa, xb] = [arrays(pa, na), arrays(pb, nb)];
        // The probe's quantities (LSTM 10, GRU 7, SimpleRNN 2) and the norms of h (and the LSTM's c).
        const perDirection = { lstm: 12, gru: 8, simple_rnn: 3 }[cell];
        expect(xa.length).toBe(layers.length * (bidirectional ? 2 : 1) * perDirection);
        expect(xb.length).toBe(xa.length);
        for (const [i, x] of xa.entries()) {
          for (const [k, v] of x.entries())
            expect(Math.abs(xb[i][k] - v), `probe array ${i}[${k}]`).toBeLessThan(TOLERANCE);
        }
        perStep.dispose();
        fused.dispose();
      });
  });
