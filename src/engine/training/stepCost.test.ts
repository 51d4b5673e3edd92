import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG, LIMITS } from '../../model/config';
import { modelShape, modelShapeOf } from '../../model/params';
import { PRESET_NAMES, PRESETS } from '../../model/presets';
import { ConfigTooHeavyError, cpuStepTooHeavy, MAX_CPU_STEP_FLOPS, trainingStepFlops } from './stepCost';

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

  it('counts a small stack by hand: the input gradient only above layer 0, and the head', () => {
    // rows = 2·3 = 6. Layer 0 (F=1, H=2): projection 2·6·1·8 = 96, recurrent 2·6·2·8 = 192,
    // 2·96 + 3·192 = 768. Layer 1 (F=2, H=3): projection 288, recurrent 432, 3·288 + 3·432 = 2160.
    // Head: 3·2·2·3·2 = 72.
    expect(trainingStepFlops(modelShape([2, 3], 1, 2), 2, 3)).toBe(3000);
  });

  // One layer, F = 1, H = 4, one output, B = 2, T = 3: rows = 6, the head 3·2·2·4·1 = 48. With G
  // gates a direction is projection P = 2·6·1·4G = 48G, recurrent R = 2·6·4·4G = 192G, and the
  // first layer costs P + R forward, R + P + R backward (no input gradient): 2P + 3R = 672G.
  it('counts an LSTM by its 4 gates: 4·672 + 48 = 2736', () => {
    expect(trainingStepFlops(modelShape([4], 1, 1, 'lstm'), 2, 3)).toBe(2736);
  });

  it('counts a GRU by its 3 gates: P = 144, R = 576, 2·144 + 3·576 = 2016, + 48 = 2064', () => {
    expect(trainingStepFlops(modelShape([4], 1, 1, 'gru'), 2, 3)).toBe(2064);
  });

  it('counts a SimpleRNN by its 1 pre-activation: P = 48, R = 192, 2·48 + 3·192 = 672, + 48 = 720', () => {
    expect(trainingStepFlops(modelShape([4], 1, 1, 'simple_rnn'), 2, 3)).toBe(720);
  });

  it('counts both directions of a Bidirectional layer, and a head 2H wide: 2·2016 + 3·2·2·8·1 = 4128', () => {
    expect(trainingStepFlops(modelShape([4], 1, 1, 'gru', true), 2, 3)).toBe(4128);
  });

  it('counts a stacked Bidirectional LSTM with the upper layer reading both directions below', () => {
    // B = 2, T = 3, rows 6. Layer 1 (F = 1, H = 2, 4H = 8): P = 2·6·1·8 = 96, R = 2·6·2·8 = 192,
    // per direction 2·96 + 3·192 = 768, both 1536. Layer 2 (F = 2·2 = 4, H = 3, 4H = 12): P = 2·6·4·12
    // = 576, R = 2·6·3·12 = 432, per direction with the input gradient 3·576 + 3·432 = 3024, both
    // 6048. Head (6 wide, K = 2): 3·2·2·6·2 = 144. Sum 7728.
    expect(trainingStepFlops(modelShape([2, 3], 1, 2, 'lstm', true), 2, 3)).toBe(7728);
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
    expect(verdict.suggestion).toEqual({
      knob: 'batchSize',
      value: 47,
      config: { ...config, batchSize: 47 },
    });
    const { value } = verdict.suggestion!;
    expect(cpuStepTooHeavy({ ...config, batchSize: value }, data(config))).toBeNull();
    expect(cpuStepTooHeavy({ ...config, batchSize: value + 1 }, data(config))).not.toBeNull();
  });

  it('suggests the sequence length where the batch cannot go low enough', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 200 },
      layers: [512],
      batchSize: 16,
    };
    const verdict = cpuStepTooHeavy(config, data(config))!;
    expect(verdict.stepFlops).toBe(20158922752);
    expect(verdict.suggestion).toMatchObject({ knob: 'timesteps', value: 14 });
    expect(verdict.suggestion!.config).toEqual({ ...config, dataset: { ...config.dataset, timesteps: 14 } });
  });

  it('costs a batch of no more windows than the training split has', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 100 },
      layers: [512],
      batchSize: 100,
    };
    // 4 training windows: the batch is 4, already under 8, so the sequence length is the knob.
    const verdict = cpuStepTooHeavy(config, { features: 1, outputs: 1, timesteps: 100, trainRows: 4 })!;
    expect(verdict.stepFlops).toBe(2519871488);
    expect(verdict.suggestion).toMatchObject({ knob: 'timesteps', value: 59 });
  });

  it('scales every layer with the widest when it suggests units', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 8 },
      layers: [512, 128],
      batchSize: 8,
    };
    const verdict = cpuStepTooHeavy(config, { features: 5000, outputs: 1, timesteps: 8, trainRows: 1000 })!;
    expect(verdict.suggestion!.knob).toBe('units');
    expect(verdict.suggestion!.value).toBe(265);
    expect(verdict.suggestion!.config).toEqual({ ...config, layers: [265, 66] });
  });

  it('says what no single knob can fix, and the refusal names the step and the limit', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 8 },
      layers: [4],
      batchSize: 8,
    };
    const verdict = cpuStepTooHeavy(config, { features: 1e6, outputs: 1, timesteps: 8, trainRows: 1000 })!;
    expect(verdict).toEqual({ stepFlops: 4096024768, limitFlops: 1.5e9, suggestion: null });
    const error = new ConfigTooHeavyError(verdict);
    expect(error.name).toBe('ConfigTooHeavyError');
    expect(error.message).toBe(
      "one training step needs 4.1 GFLOP, over the CPU engine's limit of 1.5 GFLOP (it could not pause in between)",
    );
  });

  it('names the knob and the value that would fit in the refusal', () => {
    const config: Config = { ...DEFAULT_CONFIG, layers: [256], batchSize: 256 };
    const error = new ConfigTooHeavyError(cpuStepTooHeavy(config, data(config))!);
    expect(error.message).toBe(
      "one training step needs 8.1 GFLOP, over the CPU engine's limit of 1.5 GFLOP (it could not pause in " +
        'between); batchSize 47 would fit',
    );
  });

  it('costs a config by its own cell and directions: a GRU runs where the LSTM of its size is refused', () => {
    // GRU(32) on 15 features, 93 steps, batch 600: 600·32·(12·93·15 + 18·93·32 + 6) = 1,350,028,800,
    // under the limit; as an LSTM 600·32·(16·93·15 + 24·93·32 + 6) = 1,800,000,000, over it.
    const gru: Config = {
      ...DEFAULT_CONFIG,
      cell: 'gru',
      dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 93, trainSize: 1000 },
      layers: [32],
      batchSize: 600,
    };
    const width = { features: 15, outputs: 1, timesteps: 93, trainRows: 1000 };
    expect(trainingStepFlops(modelShapeOf(gru, 15, 1), 600, 93)).toBe(1_350_028_800);
    expect(cpuStepTooHeavy(gru, width)).toBeNull();
    expect(cpuStepTooHeavy({ ...gru, cell: 'lstm' }, width)?.stepFlops).toBe(1_800_000_000);
    // Bidirectional doubles the layer and the head's input: 2·600·32·(12·93·15 + 18·93·32) +
    // 6·600·64 = 2,700,057,600, refused.
    expect(cpuStepTooHeavy({ ...gru, bidirectional: true }, width)?.stepFlops).toBe(2_700_057_600);
  });

  it('takes a step of exactly the limit, and refuses one window more', () => {
    // LSTM(32) on 15 features, 93 steps, batch 500: 500·32·(16·93·15 + 24·93·32 + 6) = 1.5 GFLOP exactly.
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, timesteps: 93, trainSize: 1000 },
      layers: [32],
      batchSize: 500,
    };
    const width = { features: 15, outputs: 1, timesteps: 93, trainRows: 1000 };
    expect(trainingStepFlops(modelShape([32], 15, 1), 500, 93)).toBe(MAX_CPU_STEP_FLOPS);
    expect(cpuStepTooHeavy(config, width)).toBeNull();
    expect(cpuStepTooHeavy({ ...config, batchSize: 501 }, width)?.suggestion).toMatchObject({
      knob: 'batchSize',
      value: 500,
    });
  });
});

describe('cpuStepTooHeavy counts the model the engines train (issue 23)', () => {
  it('an encoder–decoder’s decoder: 512 units over dates is refused, its encoder alone with a Dense head is not', () => {
    const config: Config = { ...DEFAULT_CONFIG, layers: [512], batchSize: 512 };
    const dates = { features: 63, outputs: 110, timesteps: 30, trainRows: 4000 };
    const target = { steps: 10, vocabulary: [...'0123456789-'] };
    const plain = cpuStepTooHeavy(config, dates);
    const translation = cpuStepTooHeavy(config, { ...dates, target });
    expect(translation?.stepFlops ?? 0).toBeGreaterThan(plain?.stepFlops ?? 0);
    expect(translation).not.toBeNull();
  });
});
