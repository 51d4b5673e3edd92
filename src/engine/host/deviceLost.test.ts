import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import type { Weights } from '../../model/params';
import { createReferenceBackend } from '../reference/backend';
import type { EpochReport } from '../training/report';
import { Trainer } from '../training/trainer';
import { createWebGpuBackend } from '../webgpu/backend';
import { requestNodeDevice } from '../webgpu/nodeDevice';
import { type PreparedRun, prepareRun } from './session';

const config: Config = {
  ...DEFAULT_CONFIG,
  dataset: { name: 'sine', trainSize: 32, noise: 0.2, valFraction: 0.25, timesteps: 8 },
  layers: [8],
  batchSize: 8,
  epochs: 5,
  seed: 21,
};

/** A WebGPU backend on its own device (the test destroys one), kernels fixed so runs repeat. */
async function gpuBackend(run: PreparedRun) {
  const { device, adapterName } = await requestNodeDevice();
  const backend = await createWebGpuBackend(config, run.dataset, run.weights, device, {
    adapterName,
    autotune: false,
  });
  return { device, backend };
}

/** The weights after `epochs` epochs on WebGPU, no device lost: what epoch N ends with. */
async function weightsAfter(run: PreparedRun, epochs: number): Promise<Weights> {
  const { device, backend } = await gpuBackend(run);
  await new Trainer({ config, dataset: run.dataset, backend, epochs }).run();
  const weights = await backend.readWeights();
  backend.dispose();
  device.destroy();
  return weights;
}

describe('a lost GPU device', () => {
  it('hands the run to the CPU engine with exactly the last epoch’s weights, curves intact', async () => {
    const run = await prepareRun(config, readNodeDataFile);
    const { device, backend } = await gpuBackend(run);
    const reports: EpochReport[] = [];
    const notices: string[] = [];
    const handedOver: Weights[] = [];
    const trainer = new Trainer({
      config,
      dataset: run.dataset,
      backend,
      initialWeights: run.weights,
      fallback: async (weights) => {
        handedOver.push(weights);
        return createReferenceBackend(config, run.dataset, weights);
      },
      events: {
        onEpoch: (report) => {
          reports.push(report);
          if (report.epoch === 2) device.destroy();
        },
        onNotice: (_level, message) => notices.push(message),
      },
    });
    const summary = await trainer.run();

    expect(summary.reason).toBe('epochs');
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(trainer.backendInfo.kind).toBe('cpu');
    expect(notices.join(' ')).toMatch(/GPU device lost.*CPU engine from the weights of epoch 2/);
    // The CPU engine starts from epoch 2's weights, bit for bit: those of a WebGPU run of the
    // same config stopped after 2 epochs (same kernels, same order of work: the same floats).
    expect(handedOver).toHaveLength(1);
    const epoch2 = await weightsAfter(run, 2);
    expect(handedOver[0]).toEqual(epoch2);
    expect(handedOver[0]).not.toEqual(run.weights);
  });
});
