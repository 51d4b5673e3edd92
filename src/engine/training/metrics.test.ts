import { describe, expect, it } from 'vitest';
import type { Dataset, Split } from '../../data/types';
import { classificationMetrics, computeMetrics, forecastSample, regressionMetrics } from './metrics';

/**
 * Every number here is worked out by hand in the comment beside it, never by the code under test:
 * a swapped precision/recall, a transposed confusion matrix or a forgotten un-scaling must show.
 */

/** A split of `pairs` [truth, predicted] class indices: one-hot targets, and scores whose argmax is `predicted`. */
function classified(pairs: [number, number][], k: number): { split: Split; outputs: Float32Array } {
  const y = new Float32Array(pairs.length * k);
  const outputs = new Float32Array(pairs.length * k).fill(0.1);
  pairs.forEach(([truth, predicted], i) => {
    y[i * k + truth] = 1;
    outputs[i * k + predicted] = 0.7; // a softmax-like row: 0.7 for the pick, 0.1 elsewhere
  });
  return { split: { n: pairs.length, x: new Float32Array(0), y }, outputs };
}

const repeat = (times: number, pair: [number, number]): [number, number][] =>
  Array.from({ length: times }, () => pair);

describe('classification metrics, worked by hand', () => {
  it('a class never predicted has precision 0 and a class never true recall 0, both still in the macro average', () => {
    // 8 windows over 3 classes; class 1 is never true, class 2 is never predicted.
    const { split, outputs } = classified(
      [...repeat(3, [0, 0]), ...repeat(1, [0, 1]), ...repeat(2, [2, 0]), ...repeat(2, [2, 1])],
      3,
    );
    const m = classificationMetrics(split, outputs, 3);
    // confusion[true][predicted]
    expect(m.confusion).toEqual([
      [3, 1, 0],
      [0, 0, 0],
      [2, 2, 0],
    ]);
    // correct = the diagonal 3 + 0 + 0 = 3 of 8
    expect(m.accuracy).toBe(0.375);
    // precision = tp / column sum: class 0 3/(3+0+2) = 0.6, class 1 0/(1+0+2) = 0, class 2 no column → 0
    // macro (0.6 + 0 + 0) / 3 = 0.2
    expect(m.precision).toBeCloseTo(0.2, 12);
    // recall = tp / row sum: class 0 3/(3+1) = 0.75, class 1 no row → 0, class 2 0/4 = 0
    // macro (0.75 + 0 + 0) / 3 = 0.25
    expect(m.recall).toBeCloseTo(0.25, 12);
    // F1 class 0: 2·0.6·0.75 / (0.6 + 0.75) = 0.9 / 1.35 = 2/3; the others 0 → macro 2/9
    expect(m.f1).toBeCloseTo(2 / 9, 12);
  });

  it('macro F1 is the mean of the per-class F1s, not the F1 of the macro precision and recall', () => {
    // 10 windows; class 0 is over-predicted (it takes two of class 1's and one of class 2's).
    const { split, outputs } = classified(
      [...repeat(4, [0, 0]), ...repeat(2, [1, 0]), ...repeat(2, [1, 1]), [2, 0], [2, 2]],
      3,
    );
    const m = classificationMetrics(split, outputs, 3);
    expect(m.confusion).toEqual([
      [4, 0, 0],
      [2, 2, 0],
      [1, 0, 1],
    ]);
    // correct 4 + 2 + 1 = 7 of 10
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    // column sums 7, 2, 1: precision 4/7, 2/2, 1/1 → macro (4/7 + 2) / 3 = 6/7 = 0.857142…
    expect(m.precision).toBeCloseTo(6 / 7, 12);
    // row sums 4, 4, 2: recall 4/4, 2/4, 1/2 → macro 2/3
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    // F1: class 0 2·(4/7)·1 / (4/7 + 1) = 8/11, class 1 2·1·0.5/1.5 = 2/3, class 2 the same 2/3
    // macro (8/11 + 4/3) / 3 = (24/33 + 44/33) / 3 = 68/99 = 0.686868…
    // (the F1 of the macro averages would be 2·(6/7)·(2/3) / (6/7 + 2/3) = 0.75)
    expect(m.f1).toBeCloseTo(68 / 99, 12);
  });

  it('reads the class from the highest score, wherever it is in the row', () => {
    // Two windows of 4 classes, the scores not one-hot: truth 3 predicted 3, truth 1 predicted 2.
    const split: Split = { n: 2, x: new Float32Array(0), y: Float32Array.of(0, 0, 0, 1, 0, 1, 0, 0) };
    const outputs = Float32Array.of(0.2, 0.1, 0.3, 0.4, 0.05, 0.3, 0.6, 0.05);
    const m = classificationMetrics(split, outputs, 4);
    expect(m.confusion).toEqual([
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    expect(m.accuracy).toBe(0.5); // 1 of 2
    // precision: class 2 0/1, class 3 1/1 → (0 + 0 + 0 + 1) / 4 = 0.25; recall: class 1 0/1, class 3 1/1 → 0.25
    expect([m.precision, m.recall, m.f1]).toEqual([0.25, 0.25, 0.25]);
  });
});

/** A regression dataset whose validation split holds `y`, scaled by {mean, std}. */
function regressionSet(y: number[], outputs: number, targetScale?: { mean: number; std: number }): Dataset {
  const val: Split = { n: y.length / outputs, x: new Float32Array(0), y: Float32Array.from(y) };
  return {
    name: 'hand',
    task: 'regression',
    timesteps: 1,
    features: 1,
    outputs,
    train: val,
    val,
    featureNames: ['x'],
    description: '',
    targetScale,
  };
}

describe('classification at its edges, worked by hand', () => {
  it('a classification set gets classification metrics through computeMetrics', () => {
    // 2 windows, 2 classes: truth 0 then 1, predicted 0 then 0 → confusion [[1, 0], [1, 0]], accuracy 1/2.
    const { split, outputs } = classified(
      [
        [0, 0],
        [1, 0],
      ],
      2,
    );
    const dataset = { task: 'classification', outputs: 2, val: split } as unknown as Dataset;
    expect(computeMetrics(dataset, split, outputs)).toMatchObject({
      task: 'classification',
      accuracy: 0.5,
      confusion: [
        [1, 0],
        [1, 0],
      ],
    });
  });

  it('a tie of scores picks the first class; the next window’s scores never count', () => {
    // Window 0 scores [0.5, 0.5] (a tie: class 0), truth 0; window 1 scores [0.9, 0.1], truth 1.
    // Were the row read one past its end, window 0 would see window 1's 0.9 as a third class.
    const split: Split = { n: 2, x: new Float32Array(0), y: Float32Array.of(1, 0, 0, 1) };
    const m = classificationMetrics(split, Float32Array.of(0.5, 0.5, 0.9, 0.1), 2);
    expect(m.confusion).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(m.accuracy).toBe(0.5);
  });

  it('an empty split has accuracy 0, not NaN', () => {
    const m = classificationMetrics(
      { n: 0, x: new Float32Array(0), y: new Float32Array(0) },
      new Float32Array(0),
      3,
    );
    expect(m).toMatchObject({ accuracy: 0, precision: 0, recall: 0, f1: 0 });
  });
});

describe('regression metrics, worked by hand, in the target’s units', () => {
  it('MAE and RMSE over every target of every window, un-scaled by the std but not shifted by the mean', () => {
    // 2 windows × 2 targets, scaled units. Errors output − y: 1, −1, 0, −2.
    const dataset = regressionSet([0, 0.5, 0.25, 2], 2, { mean: 10, std: 2.5 });
    const outputs = Float32Array.of(1, -0.5, 0.25, 0);
    const m = computeMetrics(dataset, dataset.val, outputs);
    // MAE: (1 + 1 + 0 + 2) / 4 = 1 scaled unit × 2.5 = 2.5 target units
    // RMSE: √((1 + 1 + 0 + 4) / 4) = √1.5 = 1.2247449 scaled × 2.5 = 3.0618622 target units
    expect(m).toEqual({ task: 'regression', mae: 2.5, rmse: expect.closeTo(3.0618622, 6) });
  });

  it('without a target scale the errors are the scaled ones', () => {
    // Errors 0.5 and −1.5: MAE (0.5 + 1.5) / 2 = 1, RMSE √((0.25 + 2.25) / 2) = √1.25 = 1.1180340
    const dataset = regressionSet([0, 2], 1);
    const m = computeMetrics(dataset, dataset.val, Float32Array.of(0.5, 0.5));
    expect(m).toEqual({ task: 'regression', mae: 1, rmse: expect.closeTo(1.118034, 6) });
    // The same errors with std 4: MAE 4, RMSE 4.4721360
    const scaled = regressionMetrics(dataset.val, Float32Array.of(0.5, 0.5), 1, 4);
    expect(scaled.mae).toBe(4);
    expect(scaled.rmse).toBeCloseTo(4.472136, 6);
  });

  it('an empty split has zero errors rather than NaN', () => {
    const empty: Split = { n: 0, x: new Float32Array(0), y: new Float32Array(0) };
    expect(regressionMetrics(empty, new Float32Array(0), 1, 2)).toEqual({
      task: 'regression',
      mae: 0,
      rmse: 0,
    });
  });

  it('the forecast view draws the first target of each window, scaled back to its units', () => {
    // target = scaled · 2.5 + 10; windows' first targets y 0 and 0.25, outputs 1 and 0.25.
    const dataset = regressionSet([0, 0.5, 0.25, 2], 2, { mean: 10, std: 2.5 });
    const sample = forecastSample(dataset, Float32Array.of(1, -0.5, 0.25, 0));
    // truth: 0·2.5 + 10 = 10, 0.25·2.5 + 10 = 10.625; predicted: 1·2.5 + 10 = 12.5, 10.625
    expect(sample).toEqual({ truth: [10, 10.625], predicted: [12.5, 10.625] });
  });
});

describe('an encoder–decoder’s metrics (issue 23), worked by hand', () => {
  it('counts exact matches per window and right characters per step, the confusion over symbols', () => {
    // 3 windows of 2 steps over 3 symbols, y and outputs [n, steps·V] sample-major:
    //   window 0: truth (0, 1), decoded (0, 1): exact
    //   window 1: truth (2, 2), decoded (2, 0): one character wrong
    //   window 2: truth (1, 0), decoded (0, 1): both wrong
    const steps: [number, number][][] = [
      [
        [0, 0],
        [1, 1],
      ],
      [
        [2, 2],
        [2, 0],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ];
    const { split, outputs } = classified(steps.flat(), 3);
    const flat = { n: 3, x: split.x, y: split.y };
    const dataset = { task: 'classification', outputs: 6, target: { steps: 2, vocabulary: ['a', 'b', 'c'] } };
    const m = computeMetrics(dataset as Dataset, flat, outputs);
    expect(m.task).toBe('classification');
    if (m.task !== 'classification') return;
    expect(m.accuracy).toBeCloseTo(1 / 3, 12); // 1 of 3 windows exact
    expect(m.characterAccuracy).toBeCloseTo(3 / 6, 12); // 0,1 | 2 | none: 3 of 6 characters
    // Rows truth, columns decoded: a→a, b→b, c→c, c→a, b→a, a→b.
    expect(m.confusion).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 1],
    ]);
  });
});
