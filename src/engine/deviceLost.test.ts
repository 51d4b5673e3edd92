import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import { createReferenceBackend } from './reference/backend';
import type { EpochReport } from './report';
import { prepareRun } from './session';
import { Trainer } from './trainer';
import { createWebGpuBackend } from './webgpu/backend';
import { requestNodeDevice } from './webgpu/nodeDevice';

const config: Config = {
  ...DEFAULT_CONFIG,
  dataset: { name: 'sine', trainSize: 32, noise: 0.2, valFraction: 0.25, timesteps: 8 },
  layers: [8],
  batchSize: 8,
  epochs: 5,
  seed: 21,
};

describe('a lost GPU device', () => {
  it('hands the run to the CPU engine from the last epoch’s weights, curves intact', async () => {
    const run = await prepareRun(config, readNodeDataFile);
    const { device, adapterName } = await requestNodeDevice(); // its own device: this test destroys it
    const backend = await createWebGpuBackend(config, run.dataset, run.weights, device, {
      adapterName,
      autotune: false,
    });
    const reports: EpochReport[] = [];
    const notices: string[] = [];
    const fallbacks: string[] = [];
    const trainer = new Trainer({
      config,
      dataset: run.dataset,
      backend,
      initialWeights: run.weights,
      fallback: async (weights) => {
        fallbacks.push('cpu');
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
    expect(fallbacks).toEqual(['cpu']);
    expect(trainer.backendInfo.kind).toBe('cpu');
    expect(notices.join(' ')).toMatch(/GPU device lost.*CPU engine from the weights of epoch 2/);
    // Training went on from epoch 2's weights, not from scratch: the loss keeps its level.
    expect(reports[2].trainLoss).toBeLessThan(reports[0].trainLoss);
  });
});
