import { describe, expect, it } from 'vitest';
import { Prng } from '../../data/prng';
import type { Dataset } from '../../data/types';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { modelShapeOf, weightTensors } from '../../model/params';
import { DeviceLostError } from '../backend';
import { createReferenceBackend } from '../reference/backend';
import { initWeights } from '../reference/init';
import { randomDataset } from '../testing/randomDataset';
import { relativeError, testDevice } from '../testing/testDevice';
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

async function trainBoth(config: Config, dataset: Dataset, steps: number) {
  const { gpu, cpu } = await bothEngines(config, dataset);
  const rng = new Prng(5);
  for (let s = 0; s < steps; s++) {
    const rows = new Uint32Array(config.batchSize).map(() => rng.int(dataset.train.n));
    gpu.trainStep(rows, s);
    cpu.trainStep(rows, s);
  }
  return { gpu, cpu, gpuLosses: await gpu.takeLosses(), cpuLosses: await cpu.takeLosses() };
}

describe('WebGPU backend matches the reference backend', () => {
  it('20 steps of a 2-layer model with dropout, L1/L2 and clipnorm: same losses within 1e-3', async () => {
    const data = randomDataset('classification', 20, 5, 3, 4, 1);
    const { gpu, cpu, gpuLosses, cpuLosses } = await trainBoth(CONFIG, data, 20);
    expect(gpuLosses.length).toBe(20);
    for (let s = 0; s < 20; s++) {
      expect(Math.abs(gpuLosses[s] - cpuLosses[s]) / Math.abs(cpuLosses[s]), `step ${s}`).toBeLessThan(1e-3);
    }
    const [gw, cw] = [await gpu.readWeights(), await cpu.readWeights()];
    for (const [i, t] of weightTensors(gw).entries()) {
      expect(relativeError(t, weightTensors(cw)[i])).toBeLessThan(1e-3);
    }
    const [ge, ce] = [await gpu.evaluate('val'), await cpu.evaluate('val')];
    expect(Math.abs(ge.loss - ce.loss) / ce.loss).toBeLessThan(1e-3);
    expect(relativeError(ge.outputs, ce.outputs)).toBeLessThan(1e-3);
    expect(Object.values(gpu.info.kernels ?? {}).some((k) => MATMUL_VARIANTS.some((v) => v.name === k))).toBe(
      true,
    );
    gpu.dispose();
  });

  it('regression (MSE) with sgd and a batch of 1 over one-feature sequences', async () => {
    const data = randomDataset('regression', 9, 3, 1, 1, 2);
    const config: Config = { ...CONFIG, layers: [4], batchSize: 1, optimizer: 'sgd', clipnorm: 0, l1: 0 };
    const { gpu, gpuLosses, cpuLosses } = await trainBoth(config, data, 6);
    expect(relativeError(gpuLosses, cpuLosses)).toBeLessThan(1e-3);
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
});
