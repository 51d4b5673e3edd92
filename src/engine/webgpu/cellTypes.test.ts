import { describe, expect, it } from 'vitest';
import { randomDataset } from '../../../test/support/engine/randomDataset';
import { relativeError, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import type { Task } from '../../data/types';
import { CELL_TYPES, type Config, DEFAULT_CONFIG } from '../../model/config';
import { modelShapeOf, weightTensors } from '../../model/params';
import { createReferenceBackend } from '../reference/backend';
import { initWeights } from '../reference/init';
import { createWebGpuBackend } from './backend';

/**
 * The WebGPU engine against the reference engine for every cell type, one direction and
 * Bidirectional: a 2-layer model with dropout on every path, L1/L2 and clipnorm, trained the same
 * 12 steps on both. Measured (the six models): step losses within 2.3e-7 relative, the validation
 * loss within 3e-8 and its outputs within 3.2e-7 of their scale, the weights within 1.2e-6 of each
 * tensor's scale (f32 sums in another order, step after step). Tolerances ~20x those; a wrong
 * index, a missing mask or one direction's term dropped moves them by 1e-2 or more.
 */
const LOSS_TOLERANCE = 5e-6;
const WEIGHT_TOLERANCE = 3e-5;
/**
 * The same with every cell on its sequence-fused kernels (forced: SwiftShader's autotuner never
 * picks them), so a fused cell = the reference is held in the whole engine, not only per dispatch.
 */
const FUSED = { rows: 2, threads: 64 };

describe('WebGPU engine = reference engine, for every cell type, one direction and Bidirectional', () => {
  for (const cell of CELL_TYPES)
    for (const bidirectional of [false, true])
      for (const fused of [false, true]) {
        const kind = bidirectional ? `Bidirectional(${cell})` : cell;
        const name = fused ? `${kind}, sequence-fused` : kind;
        it(`${name}: 12 steps of 2 layers with dropout, L1/L2 and clipnorm`, async () => {
          const config: Config = {
            ...DEFAULT_CONFIG,
            cell,
            bidirectional,
            layers: [6, 5],
            batchSize: 4,
            dropout: 0.2,
            recurrentDropout: 0.25,
            outputDropout: 0.1,
            l1: 0.001,
            l2: 0.01,
            clipnorm: 1,
            learningRate: 0.01,
            seed: 3,
          };
          const task: Task = cell === 'gru' ? 'regression' : 'classification';
          const data = randomDataset(task, 16, 5, 3, task === 'regression' ? 2 : 3, 9);
          const weights = initWeights(modelShapeOf(config, data.features, data.outputs), config.seed);
          const gpu = await createWebGpuBackend(config, data, weights, await testDevice(), {
            autotune: false,
            forceSequence: fused ? FUSED : undefined,
          });
          const cpu = createReferenceBackend(config, data, weights);
          const rng = new Prng(5);
          for (let s = 0; s < 12; s++) {
            const rows = new Uint32Array(config.batchSize).map(() => rng.int(data.train.n));
            gpu.trainStep(rows, s);
            cpu.trainStep(rows, s);
          }
          const [gl, cl] = [await gpu.takeLosses(), await cpu.takeLosses()];
          expect(gl.length).toBe(12);
          for (let s = 0; s < 12; s++) {
            expect(Math.abs(gl[s] - cl[s]) / Math.abs(cl[s]), `${name} step ${s} loss`).toBeLessThan(
              LOSS_TOLERANCE,
            );
          }
          const [gw, cw] = [weightTensors(await gpu.readWeights()), weightTensors(await cpu.readWeights())];
          for (const [i, t] of gw.entries()) {
            expect(relativeError(t, cw[i]), `${name} tensor ${i}`).toBeLessThan(WEIGHT_TOLERANCE);
          }
          const [ge, ce] = [await gpu.evaluate('val'), await cpu.evaluate('val')];
          expect(Math.abs(ge.loss - ce.loss) / ce.loss, `${name} validation loss`).toBeLessThan(
            LOSS_TOLERANCE,
          );
          expect(relativeError(ge.outputs, ce.outputs), `${name} validation outputs`).toBeLessThan(
            LOSS_TOLERANCE,
          );
          gpu.dispose();
        });
      }
});
