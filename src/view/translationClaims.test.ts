import { describe, expect, it } from 'vitest';
import { accuracyMetrics, recordOf, reportsOf } from '../../test/support/view/storyRecords';
import type { DateSource } from '../data/dates';
import type { StoryRecord } from './storyRecord';
import { MONTH_SHARE, partShares, partSpan, TRANSLATION_CLAIMS, YEAR_SHARE } from './translationClaims';

/**
 * The translation story's claims on small hand-built runs: each where it holds and just past its
 * bound, figures worked out by hand. On trained models: src/cli/storyClaims.test.ts.
 */
const [exact, year, month] = TRANSLATION_CLAIMS.translation;
const T_IN = 30;
const T_OUT = 10;

/** "25 March 2020" (format 0, D Month YYYY: 13 characters, year 9–12, month 3–7). */
const LONG: DateSource = { input: '25 March 2020', output: '2020-03-25', format: 0 };
/** "25/03/20" (format 10, DD/MM/YY: year 6–7, month 3–4). */
const SHORT: DateSource = { input: '25/03/20', output: '2020-03-25', format: 10 };

/**
 * A probed window whose year outputs (steps 0–3) put `onYear` on the year's characters (evenly)
 * and the rest on character 0, whose month outputs (5–6) put `onMonth` on character `monthAt`
 * (default: the month's first) and the rest on character 0, and whose other outputs look at
 * character 0.
 */
function windowOf(
  source: DateSource,
  onYear: number,
  onMonth: number,
  monthAt = 3,
): StoryRecord['windows'][number] {
  const length = [...source.input].length;
  const pad = T_IN - length;
  const [from, to] = source.format === 10 ? [6, 8] : [9, 13];
  const alpha = new Float32Array(T_OUT * T_IN);
  for (let i = 0; i < T_OUT; i++) {
    const row = i * T_IN + pad;
    if (i < 4) for (let k = from; k < to; k++) alpha[row + k] = onYear / (to - from);
    if (i === 5 || i === 6) alpha[row + monthAt] = onMonth;
    alpha[row] += 1 - (i < 4 ? onYear : i === 5 || i === 6 ? onMonth : 0);
  }
  return {
    input: new Float32Array(0),
    activations: {
      cell: 'lstm',
      steps: T_IN,
      layers: [],
      readout: null,
      translation: { outSteps: T_OUT, inSteps: T_IN, alpha, outputs: new Float32Array(T_OUT * 11) },
    },
  };
}

const runOf = (windows: [DateSource, number, number, number?][]) =>
  recordOf('translation', [[1, 1]], undefined, {
    windows: windows.map(([s, y, m, at]) => windowOf(s, y, m, at)),
    dates: windows.map(([s]) => s),
  });

it('lists the claims in the order the story makes them, each over 400 validation dates', () => {
  expect(TRANSLATION_CLAIMS.translation.map((c) => c.id)).toEqual([
    'translation-exact-match',
    'year-looks-at-year',
    'month-looks-at-month',
  ]);
  expect([exact.windows, year.windows, month.windows]).toEqual([undefined, 400, 400]);
  expect([YEAR_SHARE, MONTH_SHARE]).toEqual([0.75, 0.75]);
});

describe('exact match on validation passes 95% by the last epoch', () => {
  const run = (accuracies: number[]) =>
    recordOf('translation', [[1, 1]], undefined, {
      reports: reportsOf(
        accuracies.map(() => [1, 1]),
        accuracies.map(accuracyMetrics),
      ),
    });

  it('holds at 95%, saying when it first got there', () => {
    expect(exact.check({ story: run([0.5, 0.96, 0.95]) })).toEqual({
      holds: true,
      figure: 'exact match 95.0% after epoch 3 (first ≥ 95% at epoch 2)',
    });
  });

  it('fails just under it, even after passing it earlier', () => {
    expect(exact.check({ story: run([0.5, 0.99, 0.949]) })).toEqual({
      holds: false,
      figure: 'exact match 94.9% after epoch 3 (first ≥ 95% at epoch 2)',
    });
    expect(exact.check({ story: run([0.5, 0.9]) }).figure).toBe(
      'exact match 90.0% after epoch 2 (first ≥ 95% at epoch never)',
    );
  });
});

describe('the year’s output characters look at the input’s year: more than 3/4', () => {
  it('finds the year at the end of "25 March 2020" and of "25/03/20", past the padding', () => {
    const shares = partShares(
      runOf([
        [LONG, 0.5, 0],
        [SHORT, 1, 0],
      ]),
      'year',
    );
    expect(shares.map((s) => s.format)).toEqual([0, 10]);
    expect(shares[0].share).toBeCloseTo(0.5, 6);
    expect(shares[1].share).toBeCloseTo(1, 6);
    // Uniform: the year's characters over the string's, 4/13 and 2/8.
    expect(shares[0].uniform).toBeCloseTo(4 / 13, 9);
    expect(shares[1].uniform).toBeCloseTo(2 / 8, 9);
  });

  it('holds over a mean of 0.80 and fails at 0.75', () => {
    const holds = year.check({
      story: runOf([
        [LONG, 1, 0],
        [SHORT, 0.6, 0],
      ]),
    });
    expect(holds.holds).toBe(true);
    expect(holds.figure).toBe(
      'the year’s output characters put 80.0% of their attention on the input’s year (mean of 2 windows; least 60.0%; uniform 27.9%)',
    );
    const at = year.check({
      story: runOf([
        [LONG, 1, 0],
        [SHORT, 0.5, 0],
      ]),
    });
    expect(at.holds).toBe(false);
    expect(at.figure).toContain('put 75.0% of their attention');
  });

  it('fails, naming why, on a run with no translation probed or no dates to read', () => {
    const none = { holds: false, figure: 'no translation probed' };
    const run = runOf([[LONG, 1, 1]]);
    const bare = {
      ...run.windows[0],
      activations: { ...run.windows[0].activations, translation: undefined },
    };
    expect(year.check({ story: { ...run, windows: [bare] } })).toEqual(none);
    expect(year.check({ story: { ...run, dates: undefined } })).toEqual(none);
  });
});

describe('the month’s digits look at the month, or just after it: more than 3/4', () => {
  it('counts the month as written and the one character after it, not the one before', () => {
    // "25 March 2020": the month is characters 3–7, the space after it 8; "25/03/20": 3–4, then "/".
    const span = (source: DateSource) => partSpan('month', source);
    expect(span(LONG)).toEqual({ start: 3, end: 9 });
    expect(span(SHORT)).toEqual({ start: 3, end: 6 });
    const shares = (at: number) => partShares(runOf([[LONG, 1, 1, at]]), 'month')[0].share;
    expect([2, 3, 7, 8, 9].map(shares)).toEqual([0, 1, 1, 1, 0]);
    expect(partShares(runOf([[SHORT, 1, 1, 5]]), 'month')[0]).toEqual({
      share: 1,
      uniform: 3 / 8,
      format: 10,
    });
  });

  it('ends the span with the string: the year-first formats’ month is never last, but a span never runs past', () => {
    const ending: DateSource = { input: '2020-03', output: '2020-03-01', format: 13 };
    expect(partSpan('month', ending)).toEqual({ start: 5, end: 7 });
  });

  it('holds over a mean of 0.80 and fails at 0.75', () => {
    const holds = month.check({
      story: runOf([
        [LONG, 1, 1],
        [SHORT, 1, 0.6],
      ]),
    });
    expect(holds).toEqual({
      holds: true,
      figure:
        'the month’s output digits put 80.0% of their attention on the input’s month and the character after it (mean of 2 windows; least 60.0%; uniform 41.8%)',
    });
    const at = month.check({
      story: runOf([
        [LONG, 1, 1],
        [SHORT, 1, 0.5],
      ]),
    });
    expect(at.holds).toBe(false);
    expect(at.figure).toContain('put 75.0% of their attention');
    expect(month.check({ story: { ...runOf([[LONG, 1, 1]]), dates: [] } })).toEqual({
      holds: false,
      figure: 'no translation probed',
    });
  });
});
