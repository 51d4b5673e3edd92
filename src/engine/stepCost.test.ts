import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG, LIMITS } from '../model/config';
import { modelShape } from '../model/params';
import { PRESET_NAMES, PRESETS } from '../model/presets';
import { cpuStepTooHeavy, MAX_CPU_STEP_FLOPS, trainingStepFlops } from './stepCost';

const data = (config: Config, features = 1, outputs = 1) => ({
  features,
  outputs,
  timesteps: config.dataset.timesteps,
  trainRows: config.dataset.trainSize,
});

/** The largest config the limits allow: 4×512 units, 200 steps, batch 512, 20,000 windows. */
const largest: Config = {
  ...DEFAULT_CONFIG,
  dataset: { ...DEFAULT_CONFIG.dataset, trainSize: LIMITS.trainSize.max, timesteps: LIMITS.timesteps.max },
  layers: [512, 512, 512, 512],
  batchSize: LIMITS.batchSize.max,
  epochs: 2,
};

describe('trainingStepFlops', () => {
  it("counts the benchmark's runs as bench/flops.ts does: R1 ≈ 0.159, R2 ≈ 1.13 GFLOP", () => {
    expect(trainingStepFlops(modelShape([64], 1, 1), 32, 50) / 1e9).toBeCloseTo(0.159, 3);
    expect(trainingStepFlops(modelShape([128, 64], 8, 10), 32, 50) / 1e9).toBeCloseTo(1.13, 2);
  });
});

describe('cpuStepTooHeavy', () => {
  it('lets every preset and the default config run on the CPU engine', () => {
    expect(cpuStepTooHeavy(DEFAULT_CONFIG, data(DEFAULT_CONFIG))).toBeNull();
    for (const name of PRESET_NAMES) {
      const { config } = PRESETS[name];
      // keras-seed's data has 8 features and 10 classes; the rest are narrower.
      expect(cpuStepTooHeavy(config, data(config, 8, 10)), name).toBeNull();
    }
  });

  it('refuses the largest config, with a lower value of one knob that fits and is the largest that does', () => {
    const verdict = cpuStepTooHeavy(largest, data(largest))!;
    expect(verdict.stepFlops / 1e12).toBeGreaterThan(4); // ~5 TFLOP: hours a step on a CPU
    expect(verdict.limitFlops).toBe(MAX_CPU_STEP_FLOPS);
    // Batch size and sequence length cannot get it under the limit alone (not even at 8); units can.
    expect(verdict.suggestion!.knob).toBe('units');
    const lowered = verdict.suggestion!.config;
    expect(lowered.layers).toEqual(Array(4).fill(verdict.suggestion!.value));
    expect(cpuStepTooHeavy(lowered, data(lowered))).toBeNull();
    const oneMore = { ...lowered, layers: lowered.layers.map((u) => u + 1) };
    expect(cpuStepTooHeavy(oneMore, data(oneMore))).not.toBeNull();
  });

  it('suggests the batch size first, where lowering it alone is enough', () => {
    const config: Config = { ...DEFAULT_CONFIG, layers: [256], batchSize: 256 };
    const verdict = cpuStepTooHeavy(config, data(config))!;
    expect(verdict.suggestion).toMatchObject({ knob: 'batchSize' });
    const { value } = verdict.suggestion!;
    expect(cpuStepTooHeavy({ ...config, batchSize: value }, data(config))).toBeNull();
    expect(cpuStepTooHeavy({ ...config, batchSize: value + 1 }, data(config))).not.toBeNull();
  });
});
