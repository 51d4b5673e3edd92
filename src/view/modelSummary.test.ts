import { describe, expect, it } from 'vitest';
import { buildDataset, summarizeDataset } from '../data';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import { engineShapeOf, modelShapeOf, parameterCount } from '../model/params';
import { PRESETS } from '../model/presets';
import { formatRatio, modelSummary, summaryData } from './modelSummary';

/** Counts worked out by hand from Keras's formulas (see src/model/params.test.ts for them). */
describe('the model summary as Keras prints it', () => {
  it('the seed article’s model on its ten-class task: 120,202 parameters, 0.47 per training value', () => {
    const { config } = PRESETS['keras-seed'];
    // The page's summary comes from the dataset the worker built: 640 windows × 50 steps × 8 channels.
    const data = summaryData(summarizeDataset(buildDataset(config.dataset, config.seed, {})))!;
    expect(data).toEqual({ features: 8, outputs: 10, timesteps: 50, trainSize: 640 });
    const summary = modelSummary(config, data)!;
    expect(summary.rows).toEqual([
      // 4·(8·128 + 128·128 + 128) = 4·17,536
      { name: 'lstm', type: 'LSTM', shape: '(None, 50, 128)', params: 70_144 },
      // 4·(128·64 + 64·64 + 64) = 4·12,352
      { name: 'lstm_1', type: 'LSTM', shape: '(None, 64)', params: 49_408 },
      // (64 + 1)·10
      { name: 'dense', type: 'Dense', shape: '(None, 10)', params: 650 },
    ]);
    expect(summary.total).toBe(120_202); // 70,144 + 49,408 + 650
    expect(summary.trainingValues).toBe(256_000); // 640 · 50 · 8
    expect(summary.ratio).toBeCloseTo(0.469539, 6); // 120,202 / 256,000
    expect(formatRatio(summary.ratio!)).toBe('0.47');
  });

  it('a GRU and a SimpleRNN layer count their own gates and biases', () => {
    const gru = modelSummary(
      { ...DEFAULT_CONFIG, layers: [32], cell: 'gru' },
      { features: 3, outputs: 1, timesteps: 20, trainSize: 100 },
    )!;
    expect(gru.rows).toEqual([
      // reset_after=True: 3·(3·32 + 32·32 + 2·32) = 3·1,184
      { name: 'gru', type: 'GRU', shape: '(None, 32)', params: 3_552 },
      { name: 'dense', type: 'Dense', shape: '(None, 1)', params: 33 }, // (32 + 1)·1
    ]);
    expect(gru.trainingValues).toBe(6_000); // 100 · 20 · 3
    expect(gru.ratio).toBeCloseTo(0.5975, 10); // (3,552 + 33) / 6,000 = 3,585 / 6,000

    const rnn = modelSummary(
      { ...DEFAULT_CONFIG, layers: [16, 16], cell: 'simple_rnn' },
      { features: 5, outputs: 2, timesteps: 10, trainSize: 4 },
    )!;
    expect(rnn.rows).toEqual([
      // 5·16 + 16·16 + 16 = 352; the second sees 16: 16·16 + 16·16 + 16 = 528
      { name: 'simple_rnn', type: 'SimpleRNN', shape: '(None, 10, 16)', params: 352 },
      { name: 'simple_rnn_1', type: 'SimpleRNN', shape: '(None, 16)', params: 528 },
      { name: 'dense', type: 'Dense', shape: '(None, 2)', params: 34 }, // (16 + 1)·2
    ]);
    expect(rnn.total).toBe(914); // 352 + 528 + 34
  });

  it('Bidirectional doubles each layer and the widths after it; a Dropout row counts nothing', () => {
    const summary = modelSummary(
      { ...DEFAULT_CONFIG, layers: [8, 4], bidirectional: true, outputDropout: 0.5 },
      { features: 2, outputs: 3, timesteps: 7, trainSize: 10 },
    )!;
    expect(summary.rows).toEqual([
      // 2 · 4·(2·8 + 8·8 + 8) = 2·352
      { name: 'bidirectional', type: 'Bidirectional(LSTM)', shape: '(None, 7, 16)', params: 704 },
      // it sees 2·8 = 16 inputs: 2 · 4·(16·4 + 4·4 + 4) = 2·336
      { name: 'bidirectional_1', type: 'Bidirectional(LSTM)', shape: '(None, 8)', params: 672 },
      { name: 'dropout', type: 'Dropout', shape: '(None, 8)', params: 0 },
      { name: 'dense', type: 'Dense', shape: '(None, 3)', params: 27 }, // (2·4 + 1)·3
    ]);
    expect(summary.total).toBe(1_403); // 704 + 672 + 0 + 27
    expect(summary.trainingValues).toBe(140); // 10 · 7 · 2
    expect(summary.ratio).toBeCloseTo(10.0214286, 6); // 1,403 / 140
    expect(formatRatio(summary.ratio!)).toBe('10');
  });

  it('an additive attention row between the LSTM, which now returns sequences, and the head', () => {
    const config: Config = { ...DEFAULT_CONFIG, layers: [32], attention: 'additive' };
    const data = { features: 1, outputs: 1, timesteps: 20, trainSize: 100 };
    const summary = modelSummary(config, data)!;
    expect(summary.rows).toEqual([
      // 4·(1·32 + 32·32 + 32) = 4·1,088; all 20 states go on to the attention
      { name: 'lstm', type: 'LSTM', shape: '(None, 20, 32)', params: 4_352 },
      // W [32, 32] + b [32] + v [32] = 1,024 + 64; the context is as wide as a state
      { name: 'additive_attention', type: 'Attention(additive)', shape: '(None, 32)', params: 1_088 },
      { name: 'dense', type: 'Dense', shape: '(None, 1)', params: 33 }, // (32 + 1)·1
    ]);
    expect(summary.total).toBe(5_473); // 4,352 + 1,088 + 33
    expect(summary.total).toBe(parameterCount(modelShapeOf(config, 1, 1)));
    expect(summary.trainingValues).toBe(2_000); // 100 · 20 · 1
  });

  it('a dot attention over Bidirectional GRUs reads both directions: its query is 2H wide', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      layers: [4, 3],
      cell: 'gru',
      bidirectional: true,
      attention: 'dot',
      outputDropout: 0.2,
    };
    const summary = modelSummary(config, { features: 2, outputs: 3, timesteps: 5, trainSize: 10 })!;
    expect(summary.rows).toEqual([
      // 2 · 3·(2·4 + 4·4 + 2·4) = 2·96
      { name: 'bidirectional', type: 'Bidirectional(GRU)', shape: '(None, 5, 8)', params: 192 },
      // it sees 8 inputs: 2 · 3·(8·3 + 3·3 + 2·3) = 2·117; its sequences go on to the attention
      { name: 'bidirectional_1', type: 'Bidirectional(GRU)', shape: '(None, 5, 6)', params: 234 },
      // q [2·3]
      { name: 'dot_attention', type: 'Attention(dot)', shape: '(None, 6)', params: 6 },
      { name: 'dropout', type: 'Dropout', shape: '(None, 6)', params: 0 },
      { name: 'dense', type: 'Dense', shape: '(None, 3)', params: 21 }, // (6 + 1)·3
    ]);
    expect(summary.total).toBe(453); // 192 + 234 + 6 + 0 + 21
    expect(summary.total).toBe(parameterCount(modelShapeOf(config, 2, 3)));
  });

  it('a translation model: the encoder returns its states to the decoder, the head reads each output step', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { name: 'dates', trainSize: 400, noise: 0, valFraction: 0.1, timesteps: 30 },
      layers: [64],
      decoderAttention: 'general',
      // The decoder's head has no Dropout before it: no row, whatever the knob says.
      outputDropout: 0.3,
    };
    const dataset = buildDataset(config.dataset, config.seed, {});
    const data = summaryData(summarizeDataset(dataset))!;
    expect(data.target?.steps).toBe(10);
    const summary = modelSummary(config, data)!;
    expect(summary.rows).toEqual([
      // 63 input characters: 4·(63·64 + 64·64 + 64) = 4·8,192
      { name: 'lstm', type: 'LSTM', shape: '(None, 30, 64)', params: 32_768 },
      // kernel (11 + 1)·256 + recurrent 64·256 + bias 256 + Wa 64·64 + Wc 128·64 + bc 64
      // = 3,072 + 16,384 + 256 + 4,096 + 8,192 + 64
      { name: 'decoder', type: 'LSTM decoder + Attention(general)', shape: '(None, 10, 64)', params: 32_064 },
      // (64 + 1)·11 at every output step
      { name: 'dense', type: 'TimeDistributed(Dense)', shape: '(None, 10, 11)', params: 715 },
    ]);
    expect(summary.total).toBe(65_547); // 32,768 + 32,064 + 715
    expect(summary.total).toBe(parameterCount(engineShapeOf(config, dataset)));
    // dot has no Wa: 4,096 fewer.
    const dot = modelSummary({ ...config, decoderAttention: 'dot' }, data)!;
    expect(dot.total).toBe(61_451);
    expect(dot.total).toBe(parameterCount(engineShapeOf({ ...config, decoderAttention: 'dot' }, dataset)));
  });

  it('the overfit preset: 37,729 parameters for 352 training values, 107 each', () => {
    const summary = modelSummary(PRESETS.overfit.config, {
      features: 1,
      outputs: 1,
      timesteps: 16,
      trainSize: 22,
    })!;
    expect(summary.total).toBe(37_729); // 4·(1·96 + 96·96 + 96) = 37,632, + (96 + 1)·1
    expect(summary.ratio).toBeCloseTo(107.184659, 5); // 37,729 / (22 · 16 · 1) = 37,729 / 352
    expect(formatRatio(summary.ratio!)).toBe('107');
  });

  it('prints the ratio whole with thousands separators from 10 up, two significant digits below', () => {
    expect(formatRatio(12_345.6)).toBe('12,346');
    expect(formatRatio(10)).toBe('10');
    expect(formatRatio(9.44)).toBe('9.4');
    expect(formatRatio(0.012345)).toBe('0.012');
  });

  it('has no summary until the dataset is known, and no ratio without training values', () => {
    expect(modelSummary(DEFAULT_CONFIG, null)).toBeNull();
    const empty = modelSummary(DEFAULT_CONFIG, { features: 1, outputs: 1, timesteps: 20, trainSize: 0 })!;
    expect(empty.trainingValues).toBe(0);
    expect(empty.ratio).toBeNull();
  });
});
