import { describe, expect, it } from 'vitest';
import { addingWindow, datasetOf, recordOf } from '../../test/support/view/storyRecords';
import type { GradNorms } from '../engine/contracts/probe';
import { PRESETS } from '../model/presets';
import { MEMORY_CLAIMS } from './memoryClaims';
import type { StoryRecord } from './storyRecord';

/**
 * The memory stories' claims (the adding problem, why an LSTM) on small hand-built runs and
 * windows: each claim where it holds and just past each of its bounds, verdicts and figures worked
 * out by hand. The claims on trained models: src/cli/storyClaims.test.ts.
 */

const [plateau, latch, cellHolds, reaches] = MEMORY_CLAIMS['long-range'];
const [carried, guessesMean, vanishes, gatedSolve] = MEMORY_CLAIMS['why-lstm'];

const bestAt = (valLoss: number, extra: Partial<StoryRecord> = {}) =>
  recordOf(
    'why-lstm',
    [
      [1, 1],
      [1, valLoss],
    ],
    { epoch: 2, valLoss },
    extra,
  );
const norms = (q: Partial<GradNorms>): GradNorms => ({ steps: 1, c: null, h: [], ...q });

it('each story lists its claims in the order its text makes them, and what they need recorded', () => {
  expect(MEMORY_CLAIMS['long-range'].map((c) => c.id)).toEqual([
    'plateau-then-drop',
    'forget-gate-latch',
    'c-holds-first',
    'gradient-reaches-back',
  ]);
  expect(MEMORY_CLAIMS['why-lstm'].map((c) => c.id)).toEqual([
    'carried-25-steps',
    'rnn-guesses-mean',
    'rnn-gradient-vanishes',
    'gated-cells-solve',
  ]);
  expect([latch.windows, cellHolds.windows]).toEqual([40, 40]);
});

describe('long-range: the loss sits near 1, then drops', () => {
  const run = (first: number, best: number) =>
    recordOf(
      'long-range',
      [
        [1, first],
        [1, 0.5],
        [1, best],
        [1, 0.2],
      ],
      { epoch: 3, valLoss: best },
    );

  it('holds from 0.7 after epoch 1 to a best under 0.1', () => {
    expect(plateau.check({ story: run(0.7, 0.09) })).toEqual({
      holds: true,
      figure: 'validation loss 0.700 after epoch 1, best 0.0900 at epoch 3',
    });
    expect(plateau.check({ story: run(0.69, 0.09) }).holds).toBe(false);
    expect(plateau.check({ story: run(0.7, 0.1) }).holds).toBe(false);
  });
});

describe('long-range: a few units’ forget gate latches between the markers', () => {
  // T = 6, markers at 1 and 4: f must hold on steps 2, 3 and 4. Units that latch per window.
  const ON = [true, true, true];
  const TWO = [true, true, false];
  const ONE = [true, false, false];
  const story = (windows: StoryRecord['windows']) => recordOf('long-range', [[1, 1]], undefined, { windows });
  const at = (latching: boolean[], marks = [1, 4]) => addingWindow({ T: 6, marks, latching });

  it('holds when 4 windows in 5 (0.8) have at least 2 latching units', () => {
    // Latches 3, 3, 1, 2, 3: sorted 1, 2, 3, 3, 3, the median 3.
    expect(latch.check({ story: story([at(ON), at(ON), at(ONE), at(TWO), at(ON)]) })).toEqual({
      holds: true,
      figure:
        '≥ 2 units with f ≥ 0.9 on ≥ 90% of the steps between the markers in 4/5 windows (median 3 of 32 units)',
    });
  });

  it('fails at 3 windows in 5; a window without two markers counts as none latching', () => {
    expect(latch.check({ story: story([at(ON), at(ON), at(ONE), at(ONE), at(TWO)]) }).holds).toBe(false);
    const result = latch.check({ story: story([at(ON), at(ON, [1]), at(ONE), at(TWO), at(ON)]) });
    expect(result.holds).toBe(false);
    expect(result.figure).toContain('in 3/5 windows (median 2 of 32 units)');
  });
});

describe('long-range: the latching units’ c holds the first marked value', () => {
  // T = 6, markers at 1 and 4: c is read at step 3, just before the second marker. Two units; the
  // first marked values 1, 2, 3, 4, and one window with a single marker that is left out.
  const story = (latching: boolean[][], held: number[][]) => {
    const windows = latching.map((units, k) =>
      addingWindow({ T: 6, marks: [1, 4], value: k + 1, latching: units, cStep: 3, held: held[k] }),
    );
    windows.push(
      addingWindow({ T: 6, marks: [1], value: 9, latching: [true, true], cStep: 3, held: [9, 9] }),
    );
    const record = recordOf('long-range', [[1, 1]], undefined, { windows });
    record.config.layers = [2];
    return record;
  };
  const ALL: boolean[][] = [
    [true, false],
    [true, false],
    [true, false],
    [true, false],
  ];
  const figure = (latching: number, unit: number, of: number, r: string) =>
    `${latching} units latch in half the windows or more; the best, unit ${unit} (${of}/4): c before the second marker vs the first marked value, r = ${r}`;

  it('holds at |r| = 0.8, a negative r counting as its size', () => {
    // Unit 0: c 5, 3, −1, 1 against 1, 2, 3, 4: centred (2, 0, −4, −2)·(−1.5, −0.5, 0.5, 1.5) = −8,
    // over √(20 · 5) = 10: r = −0.8. Unit 1 follows the values exactly but never latches.
    const held = [5, 3, -1, 1].map((c0, k) => [c0, k + 1]);
    expect(cellHolds.check({ story: story(ALL, held) })).toEqual({
      holds: true,
      figure: figure(1, 0, 4, '-0.800'),
    });
  });

  it('fails below 0.8', () => {
    // c −5, −3, 1, −2: 6.5 / √(18.75 · 5) = 0.671.
    const held = [-5, -3, 1, -2].map((c0) => [c0, 0]);
    expect(cellHolds.check({ story: story(ALL, held) })).toEqual({
      holds: false,
      figure: figure(1, 0, 4, '0.671'),
    });
  });

  it('counts a unit that latches in half the windows, not one that latches in fewer', () => {
    // Unit 0 latches everywhere but its c is constant (r = 0); unit 1's c is twice the value (r = 1).
    const held = [1, 2, 3, 4].map((v) => [7, 2 * v]);
    const half = ALL.map(([u0], k) => [u0, k % 2 === 0]);
    expect(cellHolds.check({ story: story(half, held) })).toEqual({
      holds: true,
      figure: figure(2, 1, 2, '1.00'),
    });
    const once = ALL.map(([u0], k) => [u0, k === 0]);
    expect(cellHolds.check({ story: story(once, held) })).toEqual({
      holds: false,
      figure: figure(1, -1, 0, '0'),
    });
  });
});

describe('long-range: the learning signal reaches back to the first step', () => {
  const story = (gradNorms: GradNorms | null) => recordOf('long-range', [[1, 1]], undefined, { gradNorms });
  const c = (first: number) => [[Float32Array.from([first, 50, 100])]];

  it('holds from ‖∂L/∂c_0‖ / ‖∂L/∂c_T‖ = 0.01', () => {
    expect(reaches.check({ story: story(norms({ c: c(1) })) })).toEqual({
      holds: true,
      figure: '‖∂L/∂c_0‖ / ‖∂L/∂c_T‖ = 0.0100',
    });
    expect(reaches.check({ story: story(norms({ c: c(0.99) })) }).holds).toBe(false);
  });

  it('fails without the cell state’s norms', () => {
    const none = { holds: false, figure: 'no gradient norms' };
    expect(reaches.check({ story: story(null) })).toEqual(none);
    expect(reaches.check({ story: story(norms({ c: null })) })).toEqual(none);
    expect(reaches.check({ story: story(norms({ c: [] })) })).toEqual(none);
    expect(reaches.check({ story: story(norms({ c: [[]] })) })).toEqual(none);
  });
});

describe('why-lstm: the first marked number is carried 25 steps or more', () => {
  // T = 11: the story's carry is 11 − ⌊11/2⌋ = 6. The shortest carry is T − 1 − the first marker.
  const story = (firsts: number[]) => {
    const T = 11;
    const x = new Float32Array(firsts.length * T * 2);
    firsts.forEach((first, w) => {
      x[(w * T + first) * 2 + 1] = 1;
      x[(w * T + 9) * 2 + 1] = 1;
    });
    const record = recordOf('why-lstm', [[1, 1]]);
    record.dataset = datasetOf({ timesteps: T, features: 2, outputs: 1, val: { n: firsts.length, x } });
    return record;
  };

  it('holds when every window’s first marker is carried the story’s steps', () => {
    // Carries 8, 6, 7.
    expect(carried.check({ story: story([2, 4, 3]) })).toEqual({
      holds: true,
      figure: 'shortest carry to the output: 6 steps (the story says 6)',
    });
    expect(carried.check({ story: story([2, 5, 3]) })).toEqual({
      holds: false,
      figure: 'shortest carry to the output: 5 steps (the story says 6)',
    });
  });
});

describe('why-lstm: the SimpleRNN fails where the gated cells solve it', () => {
  it('the SimpleRNN stays at a best validation loss of 0.8 or more', () => {
    expect(guessesMean.check({ story: bestAt(0.01), rnn: bestAt(0.8) })).toEqual({
      holds: true,
      figure: "SimpleRNN's best validation loss 0.800 (guessing the mean: 1)",
    });
    expect(guessesMean.check({ story: bestAt(0.01), rnn: bestAt(0.79) }).holds).toBe(false);
  });

  it('the SimpleRNN’s ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖ under 1e-3', () => {
    const rnn = (first: number) =>
      bestAt(1, { gradNorms: norms({ h: [[Float32Array.from([first, 10, 1000])]] }) });
    expect(vanishes.check({ story: bestAt(0.01), rnn: rnn(0.5) })).toEqual({
      holds: true,
      figure: "SimpleRNN's ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖ = 5.00e-4",
    });
    expect(vanishes.check({ story: bestAt(0.01), rnn: rnn(1) }).holds).toBe(false);
    const none = { holds: false, figure: 'no gradient norms' };
    expect(vanishes.check({ story: bestAt(0.01), rnn: bestAt(1) })).toEqual(none);
    expect(vanishes.check({ story: bestAt(0.01), rnn: bestAt(1, { gradNorms: norms({ h: [] }) }) })).toEqual(
      none,
    );
  });

  it('the LSTM and the GRU both reach a best under 0.1', () => {
    expect(gatedSolve.check({ story: bestAt(0.09), gru: bestAt(0.05) })).toEqual({
      holds: true,
      figure: 'best validation loss: LSTM 0.0900, GRU 0.0500',
    });
    expect(gatedSolve.check({ story: bestAt(0.1), gru: bestAt(0.05) }).holds).toBe(false);
    expect(gatedSolve.check({ story: bestAt(0.05), gru: bestAt(0.1) }).holds).toBe(false);
  });

  it('the variants change only the cell', () => {
    const config = PRESETS['why-lstm'].config;
    expect(guessesMean.variants?.rnn(config)).toEqual({ ...config, cell: 'simple_rnn' });
    expect(vanishes.variants?.rnn(config)).toEqual({ ...config, cell: 'simple_rnn' });
    expect(gatedSolve.variants?.gru(config)).toEqual({ ...config, cell: 'gru' });
  });
});
