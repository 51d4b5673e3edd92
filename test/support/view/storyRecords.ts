import type { Dataset } from '../../../src/data/types';
import type { ProbeActivations } from '../../../src/engine/contracts/probe';
import type { EpochProbe, EpochReport, Metrics } from '../../../src/engine/training/report';
import { PRESETS, type PresetName } from '../../../src/model/presets';
import type { StoryRecord } from '../../../src/view/storyRecord';

/**
 * Small hand-built runs for the story claims' unit tests (overfitClaims, memoryClaims,
 * classifierClaims): every number in them is a literal the test chose, so a claim's verdict and
 * figure can be worked out by hand. Test support only; not mutated (stryker.config.mjs).
 */

const REGRESSION: Metrics = { task: 'regression', mae: 0, rmse: 0 };

/** Epoch reports from [trainLoss, valLoss] pairs (epoch k + 1 at index k). */
export function reportsOf(
  losses: readonly (readonly [number, number])[],
  metrics: Metrics[] = [],
): EpochReport[] {
  return losses.map(([trainLoss, valLoss], k) => ({
    epoch: k + 1,
    step: 10 * (k + 1),
    trainLoss,
    valLoss,
    metrics: metrics[k] ?? REGRESSION,
    stepsPerSec: 1,
    elapsedMs: 1000 * (k + 1),
    bestEpoch: 1,
    bestValLoss: valLoss,
  }));
}

/** A classification epoch's metrics with this accuracy (the rest is not read by the claims). */
export const accuracyMetrics = (accuracy: number): Metrics => ({
  task: 'classification',
  accuracy,
  precision: accuracy,
  recall: accuracy,
  f1: accuracy,
  confusion: [],
});

const EMPTY_SPLIT = { n: 0, x: new Float32Array(0), y: new Float32Array(0) };

/** A dataset with only what a claim reads: its shape, and the validation split's inputs. */
export function datasetOf(shape: {
  timesteps: number;
  features: number;
  outputs: number;
  val?: { n: number; x: Float32Array };
}): Dataset {
  const { timesteps, features, outputs } = shape;
  const val = shape.val ? { ...shape.val, y: new Float32Array(0) } : EMPTY_SPLIT;
  return {
    name: 'test',
    task: 'regression',
    timesteps,
    features,
    outputs,
    train: EMPTY_SPLIT,
    val,
    featureNames: [],
    description: '',
  };
}

/**
 * One run's record: the preset's config, the losses given, and a summary that says what `best`
 * says (default: not stopped early, best epoch 1 at its validation loss). Everything else empty
 * unless `extra` sets it.
 */
export function recordOf(
  preset: PresetName,
  losses: readonly (readonly [number, number])[],
  best: { epoch: number; valLoss: number; stoppedEarly?: boolean } = { epoch: 1, valLoss: losses[0][1] },
  extra: Partial<StoryRecord> = {},
): StoryRecord {
  return {
    config: structuredClone(PRESETS[preset].config),
    dataset: datasetOf({ timesteps: 2, features: 1, outputs: 1 }),
    reports: reportsOf(losses),
    summary: {
      done: true,
      reason: best.stoppedEarly ? 'early-stopping' : 'epochs',
      stoppedEarly: best.stoppedEarly ?? false,
      bestEpoch: best.epoch,
      bestValLoss: best.valLoss,
    },
    finalValLoss: best.valLoss,
    epochProbes: [],
    windows: [],
    gradNorms: null,
    sentences: {},
    ...extra,
  };
}

/** A one-layer LSTM probe over T steps of H units, from f, h and c given as [T][H] (each optional). */
export function probeOf(q: { f?: number[][]; h?: number[][]; c?: number[][] }): ProbeActivations {
  const some = q.f ?? q.h ?? q.c ?? [[0]];
  const flat = (a?: number[][]) => (a ? Float32Array.from(a.flat()) : undefined);
  return {
    cell: 'lstm',
    steps: some.length,
    layers: [{ units: some[0].length, directions: [{ f: flat(q.f), h: flat(q.h), c: flat(q.c) }] }],
    readout: null,
  };
}

/** The probe after `epoch` whose one unit's h goes 0 → `jump` (mean |Δh| = jump). */
export const jumpProbe = (epoch: number, jump: number): EpochProbe => ({
  epoch,
  window: 0,
  activations: probeOf({ h: [[0], [jump]] }),
  gradNorms: null,
});

/**
 * An adding-problem window of T steps: markers (feature 1) at `marks`, the first marked step's
 * feature 0 is `value` (0 elsewhere); each unit's f is 0.95 at every step where `latching[j]`, else
 * 0.1; c is 0 except at step `cStep`, where it is `held` (one value per unit).
 */
export function addingWindow(w: {
  T: number;
  marks: number[];
  value?: number;
  latching: boolean[];
  cStep?: number;
  held?: number[];
}): StoryRecord['windows'][number] {
  const input = new Float32Array(w.T * 2);
  for (const t of w.marks) input[t * 2 + 1] = 1;
  if (w.marks.length > 0) input[w.marks[0] * 2] = w.value ?? 0;
  const H = w.latching.length;
  const f = Array.from({ length: w.T }, () => w.latching.map((on) => (on ? 0.95 : 0.1)));
  const c = Array.from({ length: w.T }, (_, t) =>
    t === w.cStep && w.held ? w.held : new Array<number>(H).fill(0),
  );
  return { input, activations: probeOf({ f, c }) };
}

/** A two-class readout [T, 2] whose p(positive) after step t is `positive[t]`. */
export const readoutOf = (positive: readonly number[]) =>
  Float32Array.from(positive.flatMap((p) => [1 - p, p]));
