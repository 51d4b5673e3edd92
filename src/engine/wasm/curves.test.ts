import { describe, expect, it } from 'vitest';
import { readNodeDataFile } from '../../data/nodeFiles';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { PRESETS } from '../../model/presets';
import type { Backend } from '../contracts/backend';
import { prepareRun } from '../host/session';
import { createReferenceBackend } from '../reference/backend';
import type { EpochReport } from '../training/report';
import { Trainer } from '../training/trainer';
import { createWasmBackend } from './backend';
import { nodeWasmPlatform } from './nodePlatform';
import type { WasmBuild } from './simdBuild';

/**
 * The WebAssembly engine draws the reference engine's curves: a preset trained for 4 epochs on
 * each, every epoch's training and validation loss compared. Measured: overfit ≤ 1.8e-7 relative,
 * overfit as a GRU ≤ 1.5e-7, as a Bidirectional LSTM ≤ 2.4e-7, the shortened keras-seed ≤ 4.1e-8,
 * with additive attention ≤ 5.4e-8, as a Bidirectional GRU with dot attention ≤ 3.8e-8, the
 * dates encoder–decoder ≤ 8.6e-9 (LSTM, general) and ≤ 2.6e-8 (Bidirectional GRU, dot)
 * (f32 kernels against f64 twins, summed in the same order). The bound, 1e-5, is ~40× that and
 * 100× inside the 1e-3; a wrong kernel is off by 1e-2 or more.
 *
 * keras-seed is the seed article's whole model (LSTM(128, seq) → LSTM(64) → Dense(10), T = 50) on
 * 120 windows instead of 640 (3 steps an epoch instead of 16), for two reasons. Time: the reference
 * engine takes 0.5–2 s a step of it on this machine. And the full preset's trajectory is chaotic
 * from its third epoch: the reference engine against itself, one of ~120,000 weights nudged by 1e-6,
 * differs by 0.3% in epoch 3's validation loss and 4.8% in epoch 4's (measured, 2026-11-27), so no
 * f32 engine that sums in another order can stay within 1e-3 there. The WebAssembly engine stays
 * within 9e-6 of the reference over the full preset's first two epochs (measured the same day).
 *
 * The WebAssembly engine runs the build its platform chooses (the relaxed one here: vite.config.ts
 * gives the test processes relaxed SIMD), which measured ≤ 4.8e-7 relative (overfit with additive
 * attention; every other case ≤ 2.0e-7), 20× inside the same bound; the plain build draws the
 * overfit LSTM and GRU curves too (its whole steps on every cell: backend.test.ts).
 */
const RELATIVE = 1e-5;
const EPOCHS = 4;

async function curve(config: Config, engine: 'wasm' | 'ref', build?: WasmBuild): Promise<EpochReport[]> {
  const run = await prepareRun(config, readNodeDataFile);
  const backend: Backend =
    engine === 'ref'
      ? createReferenceBackend(config, run.dataset, run.weights)
      : await createWasmBackend(config, run.dataset, run.weights, nodeWasmPlatform(build ? { build } : {}));
  const reports: EpochReport[] = [];
  const trainer = new Trainer({
    config,
    dataset: run.dataset,
    backend,
    epochs: EPOCHS,
    events: { onEpoch: (r) => reports.push(r) },
  });
  await trainer.run();
  trainer.dispose();
  return reports;
}

async function expectSameCurves(name: string, config: Config, build?: WasmBuild) {
  const [wasm, ref] = [await curve(config, 'wasm', build), await curve(config, 'ref')];
  expect(wasm).toHaveLength(EPOCHS);
  expect(ref).toHaveLength(EPOCHS);
  for (let e = 0; e < EPOCHS; e++) {
    for (const key of ['trainLoss', 'valLoss'] as const) {
      const [got, want] = [wasm[e][key], ref[e][key]];
      expect(
        Math.abs(got - want) / Math.abs(want),
        `${name} epoch ${e + 1} ${key}: ${got} against ${want}`,
      ).toBeLessThan(RELATIVE);
    }
  }
}

describe('WebAssembly and reference engines draw the same curves', () => {
  for (const build of [undefined, 'plain'] as const) {
    const on = build ? `, ${build} build` : '';
    it(`overfit, 4 epochs${on}`, async () => {
      await expectSameCurves(`overfit${on}`, PRESETS.overfit.config, build);
    }, 120_000);

    it(`overfit as a GRU, 4 epochs${on}`, async () => {
      await expectSameCurves(`overfit GRU${on}`, { ...PRESETS.overfit.config, cell: 'gru' }, build);
    }, 120_000);
  }

  it('overfit as a Bidirectional LSTM, 4 epochs', async () => {
    await expectSameCurves('overfit Bidirectional', { ...PRESETS.overfit.config, bidirectional: true });
  }, 120_000);

  // Attention (issue 22): the head reads the context; the backward reaches every step of the layer.
  it('overfit with additive attention and output dropout, 4 epochs', async () => {
    await expectSameCurves('overfit additive', {
      ...PRESETS.overfit.config,
      attention: 'additive',
      outputDropout: 0.2,
    });
  }, 120_000);

  it('overfit as a Bidirectional GRU with dot attention, 4 epochs', async () => {
    const config: Config = { ...PRESETS.overfit.config, cell: 'gru', bidirectional: true, attention: 'dot' };
    await expectSameCurves('overfit Bidirectional GRU dot', config);
  }, 120_000);

  // Text: sentiment's reviews padded in front, the attention masking the padding on both engines.
  it('sentiment (256 reviews) with additive attention, the padding masked, 4 epochs', async () => {
    const config = PRESETS.sentiment.config;
    await expectSameCurves('sentiment additive', {
      ...config,
      dataset: { ...config.dataset, trainSize: 256 },
      attention: 'additive',
    });
  }, 120_000);

  // The encoder–decoder (issue 23): dates → ISO, teacher forcing in training, greedy decoding in
  // evaluation, the encoder's padding masked; a Bidirectional GRU encoder under the dot score too.
  for (const [name, change] of [
    ['LSTM encoder, general score', { layers: [16], decoderAttention: 'general' }],
    [
      'Bidirectional GRU encoder, dot score',
      { layers: [8], cell: 'gru', bidirectional: true, decoderAttention: 'dot' },
    ],
  ] as const) {
    it(`dates → ISO (256 dates), ${name}, 4 epochs`, async () => {
      const dataset = { ...DEFAULT_CONFIG.dataset, name: 'dates', trainSize: 256, timesteps: 20 } as const;
      const config: Config = {
        ...DEFAULT_CONFIG,
        ...change,
        layers: [...change.layers],
        dataset,
        learningRate: 0.01,
      };
      await expectSameCurves(`dates ${name}`, config);
    }, 120_000);
  }

  it('keras-seed (120 windows), 4 epochs', async () => {
    const config = PRESETS['keras-seed'].config;
    await expectSameCurves('keras-seed', { ...config, dataset: { ...config.dataset, trainSize: 120 } });
  }, 300_000);
});
