import { describe, expect, it } from 'vitest';
import { accuracyMetrics, datasetOf, recordOf, reportsOf } from '../../test/support/view/storyRecords';
import { ATTENTION_CLAIMS, MIN_SEEN, markedShares, wordWeights } from './attentionClaims';
import type { StoryRecord } from './storyRecord';

/**
 * The attention story's claims on small hand-built runs: each where it holds and just past its
 * bound, figures worked out by hand. On trained models: src/cli/storyClaims.test.ts.
 */
const [gathers, leaves, plainStays] = ATTENTION_CLAIMS.attention;

/** A window of T = 10 adding-problem steps marked at `marks`, with attention weights `alpha`. */
function windowOf(marks: number[], alpha: number[]): StoryRecord['windows'][number] {
  const input = new Float32Array(10 * 2);
  for (const t of marks) input[t * 2 + 1] = 1;
  return {
    input,
    activations: {
      cell: 'lstm',
      steps: 10,
      layers: [],
      readout: null,
      attention: { score: 'additive', scores: new Float32Array(10), alpha: Float32Array.from(alpha) },
    },
  };
}

/** α with `onMarks` split over steps 2 and 7 and the rest spread evenly over the other 8. */
const alphaWith = (onMarks: number) =>
  Array.from({ length: 10 }, (_, t) => (t === 2 || t === 7 ? onMarks / 2 : (1 - onMarks) / 8));

const withWindows = (windows: StoryRecord['windows']) =>
  recordOf('attention', [[1, 1]], undefined, {
    dataset: datasetOf({ timesteps: 10, features: 2, outputs: 1 }),
    windows,
  });

it('lists the claims in the order the story makes them', () => {
  expect(ATTENTION_CLAIMS.attention.map((c) => c.id)).toEqual([
    'attention-on-marked-steps',
    'attention-leaves-plateau',
    'plain-lstm-on-plateau',
  ]);
  expect(gathers.windows).toBe(40);
  expect(plainStays.variants?.plain({ ...recordOf('attention', [[1, 1]]).config }).attention).toBe('none');
});

describe('the weights gather on the two marked steps: ≥ 5 × the uniform 2/T', () => {
  it('sums α at the marked steps of each window', () => {
    const record = withWindows([windowOf([2, 7], alphaWith(0.6)), windowOf([2, 7], alphaWith(0.2))]);
    const shares = markedShares(record);
    expect(shares[0]).toBeCloseTo(0.6, 6);
    expect(shares[1]).toBeCloseTo(0.2, 6);
  });

  it('holds at a mean of 1.0 (5 × 2/10 = 1.0 at T 10 is the bound) and fails just under it', () => {
    // T 10: uniform 2/10 = 0.2; 5× that is 1.0, so only all the weight on the markers holds.
    const all = gathers.check({ story: withWindows([windowOf([2, 7], alphaWith(1))]) });
    expect(all.holds).toBe(true);
    expect(all.figure).toBe(
      'the marked steps take 100% of the weight (mean of 1 windows; least 100%), 5.00× the uniform 2/10 = 20.0%',
    );
    const under = gathers.check({
      story: withWindows([windowOf([2, 7], alphaWith(1)), windowOf([2, 7], alphaWith(0.98))]),
    });
    expect(under.holds).toBe(false);
    expect(under.figure).toBe(
      'the marked steps take 99.0% of the weight (mean of 2 windows; least 98.0%), 4.95× the uniform 2/10 = 20.0%',
    );
  });

  it('fails, naming why, on a run without attention weights', () => {
    const w = windowOf([2, 7], alphaWith(1));
    const bare = { ...w, activations: { ...w.activations, attention: null } };
    expect(gathers.check({ story: withWindows([bare]) })).toEqual({
      holds: false,
      figure: 'no attention weights probed',
    });
  });
});

describe('the plateau: below 0.5 after epoch 5 with attention, ≥ 0.8 without', () => {
  const fiveEpochs = (fifth: number) =>
    recordOf('attention', [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
      [1, fifth],
    ]);

  it('leaves it below 0.5, not at 0.5', () => {
    expect(leaves.check({ story: fiveEpochs(0.49) })).toEqual({
      holds: true,
      figure: 'validation loss 0.490 after epoch 5',
    });
    expect(leaves.check({ story: fiveEpochs(0.5) }).holds).toBe(false);
    expect(leaves.check({ story: recordOf('attention', [[1, 0.1]]) }).holds).toBe(false);
  });

  it('the plain LSTM stays at 0.8 or more, not under', () => {
    const story = fiveEpochs(0.1);
    expect(plainStays.check({ story, plain: fiveEpochs(0.8) })).toEqual({
      holds: true,
      figure: 'without attention, validation loss 0.800 after epoch 5',
    });
    expect(plainStays.check({ story, plain: fiveEpochs(0.79) }).holds).toBe(false);
  });
});

describe('which words: “here” among the ten heaviest words; accuracy past 0.8', () => {
  const [accuracy, here] = ATTENTION_CLAIMS['which-words'];
  const VOCAB = ['<unk>', 'here', 'click', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const F = VOCAB.length;

  /** A text window of 3 steps, one word per step (−1: padding), with these weights. */
  function textWindow(ids: number[], alpha: number[]): StoryRecord['windows'][number] {
    const input = new Float32Array(3 * F);
    ids.forEach((id, t) => {
      if (id >= 0) input[t * F + id] = 1;
    });
    return {
      input,
      activations: {
        cell: 'lstm',
        steps: 3,
        layers: [],
        readout: null,
        attention: { score: 'additive', scores: new Float32Array(3), alpha: Float32Array.from(alpha) },
      },
    };
  }
  const text = (windows: StoryRecord['windows']) =>
    recordOf('which-words', [[1, 1]], undefined, {
      dataset: { ...datasetOf({ timesteps: 3, features: F, outputs: 2 }), vocabulary: VOCAB },
      windows,
    });
  /** `MIN_SEEN` windows of [padding, word, here] with α 0, 1 − w, w. */
  const windowsWith = (word: number, w: number) =>
    Array.from({ length: MIN_SEEN }, () => textWindow([-1, word, 1], [0, 1 - w, w]));

  it('ranks each word by its mean weight, skipping padding and words seen fewer than 10 times', () => {
    const record = text([...windowsWith(2, 0.3), textWindow([3, 3, 3], [0.2, 0.3, 0.5])]);
    expect(wordWeights(record)).toEqual([
      { word: 'click', mean: expect.closeTo(0.7, 6), seen: 10 },
      { word: 'here', mean: expect.closeTo(0.3, 6), seen: 10 },
    ]);
  });

  it('holds at rank 10, not 11', () => {
    // Ten other words each heavier than "here" (α 0.9 vs 0.05 at a step of its own): rank 11.
    const heavier = (n: number) =>
      Array.from({ length: n }, (_, k) =>
        Array.from({ length: MIN_SEEN }, () => textWindow([-1, 3 + k, 1], [0, 0.9, 0.1])),
      ).flat();
    const at10 = here.check({ story: text(heavier(9)) });
    expect(at10.holds).toBe(true);
    expect(at10.figure).toMatch(/^“here” ranks 10 of 10 words seen 10\+ times/);
    const at11 = here.check({ story: text(heavier(10)) });
    expect(at11.holds).toBe(false);
    expect(at11.figure).toMatch(/^“here” ranks 11 of 11 words/);
    expect(here.check({ story: text([]) })).toMatchObject({ holds: false });
    expect(here.check({ story: text([]) }).figure).toMatch(/^“here” ranks nowhere of 0 words/);
  });

  it('accuracy: holds above 0.8 at its best epoch, not at 0.8', () => {
    const run = (accs: number[]) =>
      recordOf('which-words', [[1, 1]], undefined, {
        reports: reportsOf(
          accs.map(() => [1, 1] as const),
          accs.map(accuracyMetrics),
        ),
      });
    expect(accuracy.check({ story: run([0.5, 0.81, 0.7]) })).toEqual({
      holds: true,
      figure: 'validation accuracy 0.810 at best, 0.700 after epoch 3',
    });
    expect(accuracy.check({ story: run([0.5, 0.8]) }).holds).toBe(false);
  });
});
