import { describe, expect, it } from 'vitest';
import { randomDataset } from '../../../test/support/engine/randomDataset';
import { relativeError, testDevice } from '../../../test/support/engine/testDevice';
import { Prng } from '../../data/prng';
import type { Dataset } from '../../data/types';
import { type Config, DEFAULT_CONFIG, OPTIMIZERS } from '../../model/config';
import { modelShapeOf, type Weights, weightTensors } from '../../model/params';
import { DeviceLostError } from '../contracts/backend';
import { createReferenceBackend } from '../reference/backend';
import { initWeights } from '../reference/init';
import { createWebGpuBackend } from './backend';
import { MATMUL_VARIANTS } from './matmulKernel';
import { requestNodeDevice } from './nodeDevice';

const CONFIG: Config = {
  ...DEFAULT_CONFIG,
  layers: [7, 5],
  batchSize: 6,
  dropout: 0.2,
  recurrentDropout: 0.25,
  outputDropout: 0.1,
  l2: 0.01,
  l1: 0.001,
  optimizer: 'adam',
  learningRate: 0.01,
  clipnorm: 1,
  seed: 11,
};

async function bothEngines(config: Config, dataset: Dataset) {
  const weights = initWeights(modelShapeOf(config, dataset.features, dataset.outputs), config.seed);
  const device = await testDevice();
  const gpu = await createWebGpuBackend(config, dataset, weights, device, { adapterName: 'test' });
  const cpu = createReferenceBackend(config, dataset, weights);
  return { gpu, cpu };
}

/** The rows of each step: the same for every run of a test. */
function stepRows(config: Config, dataset: Dataset, steps: number): Uint32Array[] {
  const rng = new Prng(5);
  return Array.from({ length: steps }, () =>
    new Uint32Array(config.batchSize).map(() => rng.int(dataset.train.n)),
  );
}

async function trainBoth(config: Config, dataset: Dataset, steps: number) {
  const { gpu, cpu } = await bothEngines(config, dataset);
  stepRows(config, dataset, steps).forEach((rows, s) => {
    gpu.trainStep(rows, s);
    cpu.trainStep(rows, s);
  });
  return { gpu, cpu, gpuLosses: await gpu.takeLosses(), cpuLosses: await cpu.takeLosses() };
}

function trainReference(config: Config, dataset: Dataset, steps: number) {
  const weights = initWeights(modelShapeOf(config, dataset.features, dataset.outputs), config.seed);
  const cpu = createReferenceBackend(config, dataset, weights);
  stepRows(config, dataset, steps).forEach((rows, s) => {
    cpu.trainStep(rows, s);
  });
  return cpu;
}

/**
 * Both engines run float32 and sum in different orders (the WGSL tree-sums, the reference sums
 * row by row, partly in f64), so they agree to rounding. Measured over every optimizer with
 * clipnorm off and on, 20 steps (2026-11, SwiftShader): losses ≤ 1.8e-7 relative, weights
 * ≤ 3.9e-7 of each tensor's scale, validation loss ≤ 6.5e-8, validation outputs ≤ 2.1e-7.
 * TOLERANCE is 26× the worst of these. Planted in optimizer.wgsl, a dropped L1 term (l1 = 0.001)
 * moves the losses by 3e-4 to 5e-3; momentum 0.5, RMSProp ρ 0.5 or Adam without bias correction
 * by 0.09 to 0.25.
 */
const TOLERANCE = 1e-5;
/** Learning rates that move the weights by 0.2–0.6 of their scale in 20 steps. */
const LEARNING_RATE = { sgd: 0.1, momentum: 0.05, rmsprop: 0.01, adam: 0.01 } as const;
/** Below the gradient's global norm in every step here, so clipping acts (see the test). */
const CLIPNORM = 0.3;

const lossError = (got: Float32Array, want: Float32Array) =>
  Math.max(...Array.from(want, (w, s) => Math.abs(got[s] - w) / Math.abs(w)));

const weightsError = (got: Weights, want: Weights) =>
  Math.max(...weightTensors(got).map((t, i) => relativeError(t, weightTensors(want)[i])));

describe('WebGPU backend matches the reference backend', () => {
  for (const optimizer of OPTIMIZERS)
    for (const clipnorm of [0, CLIPNORM])
      it(`${optimizer}, clipnorm ${clipnorm || 'off'}: 20 steps of a 2-layer model with dropout and L1/L2`, async () => {
        const data = randomDataset('classification', 20, 5, 3, 4, 1);
        const config: Config = { ...CONFIG, optimizer, clipnorm, learningRate: LEARNING_RATE[optimizer] };
        const { gpu, cpu, gpuLosses, cpuLosses } = await trainBoth(config, data, 20);
        expect(gpuLosses.length).toBe(20);
        expect(lossError(gpuLosses, cpuLosses), 'training losses').toBeLessThan(TOLERANCE);
        const cpuWeights = await cpu.readWeights();
        expect(weightsError(await gpu.readWeights(), cpuWeights), 'weights').toBeLessThan(TOLERANCE);
        const [ge, ce] = [await gpu.evaluate('val'), await cpu.evaluate('val')];
        expect(Math.abs(ge.loss - ce.loss) / ce.loss, 'validation loss').toBeLessThan(TOLERANCE);
        expect(relativeError(ge.outputs, ce.outputs), 'validation outputs').toBeLessThan(TOLERANCE);
        if (clipnorm > 0) {
          // Clipping acted: the same run without it ends elsewhere, by far more than the tolerance.
          const unclipped = await trainReference({ ...config, clipnorm: 0 }, data, 20);
          expect(weightsError(await unclipped.readWeights(), cpuWeights)).toBeGreaterThan(1000 * TOLERANCE);
        }
        gpu.dispose();
      });

  it('autotunes its GEMMs: a matmul variant serves some role', async () => {
    const data = randomDataset('classification', 20, 5, 3, 4, 1);
    const { gpu } = await bothEngines(CONFIG, data);
    expect(Object.values(gpu.info.kernels ?? {}).some((k) => MATMUL_VARIANTS.some((v) => v.name === k))).toBe(
      true,
    );
    gpu.dispose();
  });

  it('regression (MSE) with sgd and a batch of 1 over one-feature sequences', async () => {
    const data = randomDataset('regression', 9, 3, 1, 1, 2);
    const config: Config = { ...CONFIG, layers: [4], batchSize: 1, optimizer: 'sgd', clipnorm: 0, l1: 0 };
    const { gpu, cpu, gpuLosses, cpuLosses } = await trainBoth(config, data, 6);
    expect(lossError(gpuLosses, cpuLosses)).toBeLessThan(TOLERANCE);
    // Weights: measured 1.3e-6 here (one sample a step: less averaging of the rounding); 23×.
    expect(weightsError(await gpu.readWeights(), await cpu.readWeights())).toBeLessThan(3 * TOLERANCE);
    gpu.dispose();
  });

  it('restoreSnapshot puts the saved weights back', async () => {
    const data = randomDataset('classification', 12, 4, 2, 3, 3);
    const { gpu } = await bothEngines({ ...CONFIG, layers: [4] }, data);
    gpu.saveSnapshot();
    const before = await gpu.readWeights();
    for (let s = 0; s < 3; s++) gpu.trainStep(new Uint32Array([0, 1, 2, 3, 4, 5]), s);
    expect(relativeError((await gpu.readWeights()).headKernel, before.headKernel)).toBeGreaterThan(1e-3);
    gpu.restoreSnapshot();
    expect(Array.from((await gpu.readWeights()).headKernel)).toEqual(Array.from(before.headKernel));
    gpu.dispose();
  });

  it('refuses a config over the memory budget, naming the knob to lower', async () => {
    const data = randomDataset('classification', 12, 4, 2, 3, 3);
    const weights = initWeights(modelShapeOf(CONFIG, 2, 3), 1);
    const device = await testDevice();
    await expect(
      createWebGpuBackend(CONFIG, data, weights, device, { memoryBudgetBytes: 1000 }),
    ).rejects.toThrow(/budget.*lower/);
  });

  it('after the device is lost, every call rejects with DeviceLostError', async () => {
    const data = randomDataset('classification', 12, 4, 2, 3, 3);
    const config = { ...CONFIG, layers: [4] };
    const weights = initWeights(modelShapeOf(config, 2, 3), 1);
    const { device } = await requestNodeDevice(); // its own device: this test destroys it
    const gpu = await createWebGpuBackend(config, data, weights, device, { autotune: false });
    device.destroy();
    await device.lost;
    await expect(gpu.evaluate('val')).rejects.toBeInstanceOf(DeviceLostError);
    await expect(gpu.takeLosses()).rejects.toBeInstanceOf(DeviceLostError);
    expect(() => gpu.trainStep(new Uint32Array(6), 0)).toThrow(DeviceLostError);
  });

  it('a device lost while a readback waits on its map: DeviceLostError, not the map’s own error', async () => {
    // destroy() unmaps the staging buffers first, so a pending mapAsync rejects ("unmapped before
    // mapping was resolved") before device.lost resolves: the trainer must still see a lost device.
    const data = randomDataset('classification', 12, 4, 2, 3, 3);
    const config = { ...CONFIG, layers: [4] };
    const weights = initWeights(modelShapeOf(config, 2, 3), 1);
    const { device } = await requestNodeDevice();
    const gpu = await createWebGpuBackend(config, data, weights, device, { autotune: false });
    gpu.trainStep(
      Uint32Array.from({ length: 6 }, (_, i) => i),
      0,
    );
    const reads = [gpu.evaluate('val'), gpu.takeLosses(), gpu.readWeights()];
    device.destroy();
    const settled = await Promise.allSettled(reads);
    for (const r of settled) {
      expect(r.status).toBe('rejected');
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DeviceLostError);
    }
  });
});
