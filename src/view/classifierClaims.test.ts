import { describe, expect, it } from 'vitest';
import { accuracyMetrics, datasetOf, readoutOf, recordOf } from '../../test/support/view/storyRecords';
import type { Metrics } from '../engine/training/report';
import { PRESETS } from '../model/presets';
import { CLASSIFIER_CLAIMS, presetStepFlops } from './classifierClaims';

/**
 * The classification stories' claims (word order, the seed article's model) on hand-built
 * readouts, accuracies and model shapes: each claim where it holds and just past each of its
 * bounds, verdicts and figures worked out by hand. The claims on trained models:
 * src/cli/storyClaims.test.ts.
 */

const [readsInOrder, notFlips] = CLASSIFIER_CLAIMS.sentiment;
const [sharpens, heaviest] = CLASSIFIER_CLAIMS['keras-seed'];

const GOOD_BUT = 'the plot was good but the acting was boring';
const BORING_BUT = 'the plot was boring but the acting was good';

it('each story lists its claims in the order its text makes them, with the sentences they read', () => {
  expect(CLASSIFIER_CLAIMS.sentiment.map((c) => c.id)).toEqual(['reads-in-order', 'not-flips']);
  expect(CLASSIFIER_CLAIMS['keras-seed'].map((c) => c.id)).toEqual(['accuracy-sharpens', 'heaviest']);
  expect(readsInOrder.sentences).toEqual([GOOD_BUT, BORING_BUT]);
  expect(notFlips.sentences).toEqual(['not bad at all', 'bad']);
});

/** p(positive) over 10 steps: `rest` until the last steps, which are given. */
const steps = (rest: number, ...tail: number[]) =>
  readoutOf([...new Array(10 - tail.length).fill(rest), ...tail]);
const withSentences = (sentences: Record<string, Float32Array>) => ({
  story: recordOf('sentiment', [[1, 1]], undefined, { sentences }),
});

describe('word order: the same words in the other order read the other way', () => {
  it('holds when the belief after the last word is under 0.5 for "good but boring", over it for the reverse', () => {
    expect(
      readsInOrder.check(withSentences({ [GOOD_BUT]: steps(0.9, 0.25), [BORING_BUT]: steps(0.1, 0.75) })),
    ).toEqual({
      holds: true,
      figure: `p(positive): "${GOOD_BUT}" 0.250, "${BORING_BUT}" 0.750`,
    });
  });

  it('fails at 0.5 either way', () => {
    const at = (a: number, b: number) =>
      readsInOrder.check(withSentences({ [GOOD_BUT]: steps(0.9, a), [BORING_BUT]: steps(0.1, b) })).holds;
    expect(at(0.5, 0.75)).toBe(false);
    expect(at(0.25, 0.5)).toBe(false);
  });
});

describe('word order: "not" flips "bad"', () => {
  // "not bad at all" fills steps 6–9 of 10: "not" 6, "bad" 7, "all" 9.
  const check = (notBad: number[], alone: number) =>
    notFlips.check(withSentences({ 'not bad at all': steps(0.5, ...notBad), bad: steps(0.5, 0.75, alone) }));

  it('holds when the belief is positive after "bad" and at the end, and "bad" alone is negative', () => {
    expect(check([0.375, 0.625, 0.25, 0.75], 0.25)).toEqual({
      holds: true,
      figure:
        'p(positive) after “not” 0.375, after “not bad” 0.625, after “not bad at all” 0.750; “bad” alone 0.250',
    });
  });

  it('fails at 0.5 after "bad", at the end, or for "bad" alone', () => {
    expect(check([0.375, 0.5, 0.25, 0.75], 0.25).holds).toBe(false);
    expect(check([0.375, 0.625, 0.75, 0.5], 0.25).holds).toBe(false);
    expect(check([0.375, 0.625, 0.25, 0.75], 0.5).holds).toBe(false);
  });
});

describe('the seed article: accuracy sharpens', () => {
  const run = (first: number, last: number) => {
    const record = recordOf('keras-seed', [
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const metrics: Metrics[] = [accuracyMetrics(first), accuracyMetrics(0.1), accuracyMetrics(last)];
    record.reports.forEach((r, k) => {
      r.metrics = metrics[k];
    });
    return { story: record };
  };

  it('holds from 0.9 at the end, at least 0.2 over epoch 1', () => {
    expect(sharpens.check(run(0.7, 0.9))).toEqual({
      holds: true,
      figure: 'validation accuracy 0.700 after epoch 1, 0.900 after epoch 3',
    });
    expect(sharpens.check(run(0.5, 0.89)).holds).toBe(false);
    // 0.75 + 0.2 is 0.95 exactly.
    expect(sharpens.check(run(0.75, 0.95)).holds).toBe(true);
    expect(sharpens.check(run(0.76, 0.95)).holds).toBe(false);
  });

  it('fails on a regression run, which has no accuracy', () => {
    const story = recordOf('keras-seed', [
      [1, 1],
      [1, 1],
    ]);
    expect(sharpens.check({ story }).holds).toBe(false);
  });
});

describe('the seed article: the heaviest preset', () => {
  // Matmul FLOPs of a step (stepCost.ts): per layer 2·P + 3·R (+ P past layer 0), P = 2·rows·F·4H,
  // R = 2·rows·H·4H, rows = batch·T; the head 3·2·batch·H·outputs.
  // long-range (H 32, T 100, batch 32), counted with 32 inputs and 10 outputs: rows 3200,
  // P = R = 2·3200·32·128 = 26,214,400; 5 · 26,214,400 + 6·32·32·10 = 131,133,440.
  // keras-seed (LSTM 128 → LSTM 64, T 50, batch 32, 8 channels, 10 classes): rows 1600,
  // layer 0: P = 2·1600·8·512 = 13,107,200, R = 2·1600·128·512 = 209,715,200 → 655,360,000;
  // layer 1: P = 2·1600·128·256 = 104,857,600, R = 2·1600·64·256 = 52,428,800 → 471,859,200;
  // head 6·32·64·10 = 122,880: 1,127,342,080.
  it('counts a preset’s step at its batch size', () => {
    expect(presetStepFlops('long-range', 32, 10)).toBe(131_133_440);
    expect(presetStepFlops('keras-seed', 8, 10)).toBe(1_127_342_080);
  });

  const story = (config: typeof PRESETS.overfit.config, features: number) => {
    const record = recordOf('keras-seed', [[1, 1]]);
    record.config = config;
    record.dataset = datasetOf({ timesteps: config.dataset.timesteps, features, outputs: 10 });
    return { story: record };
  };

  // The translation preset counted as the model it trains (63 characters in, its decoder, 11
  // symbols over 10 steps): 224,010,240, bench R5's count (bench/flops.ts, worked by hand there).
  it('counts the translation preset with its decoder', () => {
    expect(presetStepFlops('translation', 32, 10)).toBe(224_010_240);
  });

  it('holds for the seed article’s model, over twice the next (the translation preset)', () => {
    expect(heaviest.check(story(PRESETS['keras-seed'].config, 8))).toEqual({
      holds: true,
      figure: '1127 MFLOP a step, the next 224',
    });
  });

  it('fails below twice the next and holds above: long-range at batch 109 and 110', () => {
    // long-range is linear in its batch: 4,097,920 a row; twice the next is 448,020,480.
    const below = { ...PRESETS['long-range'].config, batchSize: 109 };
    expect(heaviest.check(story(below, 32))).toEqual({
      holds: false,
      figure: '447 MFLOP a step, the next 224',
    });
    expect(heaviest.check(story({ ...below, batchSize: 110 }, 32)).holds).toBe(true);
  });
});
