import { type DateSource, datesOf } from '../data/dates';
import { readNodeDataFile } from '../data/nodeFiles';
import { encodeSentence, wordsOfWindow } from '../data/sentence';
import { dataPrng } from '../data/splits';
import type { Dataset } from '../data/types';
import type { ProbeActivations } from '../engine/contracts/probe';
import { openCpuBackend } from '../engine/host/openBackend';
import { prepareRun } from '../engine/host/session';
import type { EpochProbe, EpochReport } from '../engine/training/report';
import { Trainer } from '../engine/training/trainer';
import { nodeWasmPlatform } from '../engine/wasm/nodePlatform';
import type { Config } from '../model/config';
import { PRESETS, type PresetName } from '../model/presets';
import { claimNeeds, STORY_CLAIMS, type StoryRecord, type StoryRuns } from '../view/storyClaims';

/**
 * Trains what a story's claims look at, headless, on the best CPU engine (WebAssembly SIMD on
 * every core), as the class's browser would without a GPU: the preset's config at a seed, and the
 * variants its claims compare with (same seed), each once per seed (runs are shared by config).
 */
export async function trainRecord(
  config: Config,
  needs: { windows: number; epochProbes: boolean; sentences: readonly string[] },
): Promise<StoryRecord> {
  const run = await prepareRun(config, readNodeDataFile);
  const { backend } = await openCpuBackend(config, run.dataset, run.weights, nodeWasmPlatform());
  const reports: EpochReport[] = [];
  const epochProbes: EpochProbe[] = [];
  const trainer = new Trainer({
    config,
    dataset: run.dataset,
    backend,
    events: {
      onEpoch: (r) => reports.push(r),
      onProbe: (p) => {
        if (needs.epochProbes) epochProbes.push(p);
      },
    },
  });
  // Window 0 is probed after every epoch: that also sums the gradient norms through time.
  trainer.setProbe(0);
  try {
    const summary = await trainer.run();
    const finalValLoss = (await backend.evaluate('val')).loss;
    const { val, timesteps: T, features: F } = run.dataset;
    const windows: { input: Float32Array; activations: ProbeActivations }[] = [];
    for (let w = 0; w < Math.min(needs.windows, val.n); w++) {
      const activations = await trainer.probeNow({ window: w });
      if (activations) windows.push({ input: val.x.slice(w * T * F, (w + 1) * T * F), activations });
    }
    const sentences: Record<string, Float32Array> = {};
    for (const text of needs.sentences) {
      const encoded = encodeSentence(text, run.dataset.vocabulary ?? [], T);
      if (!encoded.ok) throw new Error(`claim sentence "${text}": ${encoded.code}`);
      const readout = (await trainer.probeNow({ x: encoded.x }))?.readout;
      if (readout) sentences[text] = readout;
    }
    return {
      config,
      dataset: run.dataset,
      reports,
      summary,
      finalValLoss,
      epochProbes,
      windows,
      ...(config.dataset.name === 'dates'
        ? { dates: datesOfWindows(config, run.dataset, windows.length) }
        : {}),
      gradNorms: trainer.gradNorms,
      sentences,
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * The first n validation dates as human strings, drawn again by datesOf from the dataset's own
 * seed (the path buildDataset takes); each must spell the window's one-hot rows, or the claims
 * would read the wrong string's positions: a mismatch throws.
 */
export function datesOfWindows(config: Config, dataset: Dataset, n: number): DateSource[] {
  const { val, timesteps: T, features: F, vocabulary = [] } = dataset;
  const sources = datesOf(config.dataset, dataPrng(config.seed)).val.slice(0, n);
  sources.forEach((source, w) => {
    const spelt = wordsOfWindow(val.x.subarray(w * T * F, (w + 1) * T * F), T, vocabulary).join('');
    if (spelt !== source.input)
      throw new Error(`validation date ${w}: datesOf drew "${source.input}", the dataset holds "${spelt}"`);
  });
  return sources;
}

export interface ClaimOutcome {
  id: string;
  holds: boolean;
  figure: string;
}

/** Every claim of one story at one seed: the preset run and the variants its claims ask for. */
export async function checkStory(name: PresetName, seed: number): Promise<ClaimOutcome[]> {
  const claims = STORY_CLAIMS[name];
  const base: Config = { ...structuredClone(PRESETS[name].config), seed };
  const needs = claimNeeds(claims);
  const cache = new Map<string, Promise<StoryRecord>>();
  const record = (config: Config) => {
    const key = JSON.stringify(config);
    if (!cache.has(key)) cache.set(key, trainRecord(config, needs));
    return cache.get(key)!;
  };
  const outcomes: ClaimOutcome[] = [];
  for (const claim of claims) {
    const runs: StoryRuns = { story: await record(base) };
    for (const [variant, change] of Object.entries(claim.variants ?? {})) {
      runs[variant] = await record({ ...change(structuredClone(base)), seed });
    }
    const result = claim.check(runs);
    outcomes.push({ id: claim.id, ...result });
  }
  return outcomes;
}
