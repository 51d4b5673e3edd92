import { describe, expect, it } from 'vitest';
import type { InsideProbe } from '../engine/host/inside';
import type { EpochReport } from '../engine/training/report';
import {
  domainOf,
  gradientSeries,
  HEATMAPS,
  heatmapPixels,
  mostActiveUnits,
  readoutAt,
  scaleOf,
  unitSeries,
} from './insideView';
import { curveNoise } from './storyEvidence';
import { accuracyOf, f3, last, positiveAfter, tailMean } from './storyRecord';

/** The inside views' numbers on tiny probes written out by hand ([T, H] row-major: t·H + j). */
const f32 = (...v: number[]) => Float32Array.from(v);

describe('which heatmaps, on which scale', () => {
  it('each cell shows its gates in Keras’s order, then its state', () => {
    expect(HEATMAPS).toEqual({
      lstm: ['i', 'f', 'g', 'o', 'c', 'h'],
      gru: ['z', 'r', 'hh', 'h'],
      simple_rnn: ['h'],
    });
  });

  it('sigmoid gates read 0..1; tanh outputs and states diverge around 0', () => {
    for (const q of ['i', 'f', 'o', 'z', 'r'] as const) {
      expect(scaleOf(q), q).toBe('sequential');
      expect(domainOf({ units: 1, directions: [] }, q), q).toEqual([0, 1]);
    }
    for (const q of ['g', 'hh', 'h'] as const) {
      expect(scaleOf(q), q).toBe('diverging');
      expect(domainOf({ units: 1, directions: [{ c: f32(9) }] }, q), q).toEqual([-1, 1]);
    }
  });

  it('the cell state’s domain: ±1 up to |c| = 1, ±2 up to 2, then the next multiple of 5, both directions', () => {
    const c = (...v: number[]) =>
      domainOf({ units: 1, directions: [{ c: f32(0.5) }, { c: f32(...v) }] }, 'c');
    expect(c(-1)).toEqual([-1, 1]);
    expect(c(1.01)).toEqual([-2, 2]);
    expect(c(-2)).toEqual([-2, 2]);
    expect(c(2.01)).toEqual([-5, 5]);
    expect(c(7)).toEqual([-10, 10]);
  });
});

describe('heatmap pixels', () => {
  // Bidirectional, H = 2, 2 steps: forward h = [[−1, 1], [1, −1]]; the reverse direction has no h.
  const layer = { units: 2, directions: [{ h: f32(-1, 1, 1, -1) }, {}] };

  it('one row per unit, one column per step; a direction without the quantity is left as it was', () => {
    const out = new Uint8ClampedArray(4 * 2 * 4).fill(7);
    const px = heatmapPixels(layer, 'h', 2, [-1, 1], out);
    expect(px).toBe(out);
    const pixel = (row: number, t: number) => [...px.slice((row * 2 + t) * 4, (row * 2 + t) * 4 + 4)];
    // Unit 0 runs −1 then 1, unit 1 the other way round: the same two colours, crossed, opaque.
    expect(pixel(0, 0)).toEqual(pixel(1, 1));
    expect(pixel(0, 1)).toEqual(pixel(1, 0));
    expect(pixel(0, 0)).not.toEqual(pixel(0, 1));
    expect([pixel(0, 0)[3], pixel(0, 1)[3]]).toEqual([255, 255]);
    // Rows 2 and 3 (the reverse units) are untouched.
    expect([...px.slice(16)]).toEqual(Array(16).fill(7));
  });

  it('a buffer of another size is not written: a new one comes back', () => {
    const wrong = new Uint8ClampedArray(8);
    const px = heatmapPixels(layer, 'h', 2, [-1, 1], wrong);
    expect(px).not.toBe(wrong);
    expect(px).toHaveLength(32);
    expect([...wrong]).toEqual(Array(8).fill(0));
  });
});

describe('a unit over time, and the most active units', () => {
  // H = 2, 3 steps: h of unit 0 is 0.1, 0.2, 0.3; of unit 1 −0.1, −0.2, −0.3; c the same plus 1.
  const h = f32(0.1, -0.1, 0.2, -0.2, 0.3, -0.3);
  const c = h.map((v) => v + 1);

  it('unitSeries: c and h of one unit against t; no c for a cell without one', () => {
    const near = (xy: { x: number; y: number }[]) => xy.map((p) => [p.x, Number(p.y.toFixed(4))]);
    const lstm = unitSeries({ units: 2, directions: [{ c, h }] }, 1, 3);
    expect(near(lstm.c!)).toEqual([
      [0, 0.9],
      [1, 0.8],
      [2, 0.7],
    ]);
    expect(near(lstm.h)).toEqual([
      [0, -0.1],
      [1, -0.2],
      [2, -0.3],
    ]);
    expect(unitSeries({ units: 2, directions: [{ h }] }, 0, 3).c).toBeNull();
  });

  it('ranks units by the variance of h over the steps, ties by unit number', () => {
    // Units 0..3 over 2 steps: [1, 3] variance 1 (mean 2); [5, 5] 0; [−2, 2] 4; [0, 0] 0.
    const layer = { units: 4, directions: [{ h: f32(1, 5, -2, 0, 3, 5, 2, 0) }] };
    expect(mostActiveUnits(layer, 2)).toEqual([
      { unit: 2, variance: 4 },
      { unit: 0, variance: 1 },
      { unit: 1, variance: 0 },
      { unit: 3, variance: 0 },
    ]);
    expect(mostActiveUnits(layer, 2, 1)).toEqual([{ unit: 2, variance: 4 }]);
  });
});

describe('gradient through time and the step readout', () => {
  it('gradientSeries: log10 of each norm against t; a zero norm is no point', () => {
    const norms = { steps: 4, c: [[f32(100, 1000)]], h: [[f32(1, 0)], [f32(10)]] };
    expect(gradientSeries(norms, 0, 0)).toEqual({
      c: [
        { x: 0, y: 2 },
        { x: 1, y: 3 },
      ],
      h: [
        { x: 0, y: 0 },
        { x: 1, y: Number.NaN },
      ],
    });
    expect(gradientSeries({ ...norms, c: null }, 1, 0)).toEqual({ c: null, h: [{ x: 0, y: 1 }] });
    // A layer or direction the norms do not have (yet): empty series, not an error.
    expect(gradientSeries(norms, 1, 1)).toEqual({ c: [], h: [] });
    expect(gradientSeries(null, 0, 0)).toEqual({ c: null, h: [] });
  });

  it('readoutAt: the likeliest class after step t and its probability; a value for one output', () => {
    const probe = (readout: Float32Array | null) => ({ activations: { readout } }) as unknown as InsideProbe;
    // 3 classes, 3 steps: [0.1 0.7 0.2], [0.5 0.2 0.3], [0.4 0.4 0.2].
    const r = probe(f32(0.1, 0.7, 0.2, 0.5, 0.2, 0.3, 0.4, 0.4, 0.2));
    expect(readoutAt(r, 0, 3)).toEqual({ best: 1, value: f32(0.7)[0] });
    expect(readoutAt(r, 1, 3)).toEqual({ best: 0, value: f32(0.5)[0] });
    expect(readoutAt(r, 2, 3)?.best).toBe(0); // a tie keeps the first class
    expect(readoutAt(probe(f32(0.1, 0.9, 0.3, 0.4)), 1, 2)).toEqual({ best: 1, value: f32(0.4)[0] });
    expect(readoutAt(probe(f32(3.5, -1.25)), 1, 1)).toEqual({ best: 0, value: -1.25 });
    expect(readoutAt(probe(null), 0, 3)).toBeNull();
  });
});

describe('the stories’ small helpers', () => {
  const report = (epoch: number, metrics: EpochReport['metrics']) =>
    ({ epoch, trainLoss: epoch, valLoss: 10 * epoch, metrics }) as EpochReport;
  const reg = { task: 'regression', mae: 0, rmse: 0 } as const;

  it('f3: three significant digits, whole numbers from 100, and 0 as 0', () => {
    expect([f3(0), f3(0.012345), f3(99.94), f3(100), f3(123.4), f3(-150), f3(-2.345), f3(1234)]).toEqual([
      '0',
      '0.0123',
      '99.9',
      '100',
      '123',
      '-150',
      '-2.35',
      '1234',
    ]);
  });

  it('tailMean over the last n epochs; last; accuracy only of a classifier; p(positive) after a step', () => {
    const reports = [1, 2, 3, 4, 5, 6, 7].map((e) => report(e, reg));
    expect(tailMean(reports, 'trainLoss')).toBe(5); // (3 + 4 + 5 + 6 + 7) / 5
    expect(tailMean(reports, 'valLoss', 2)).toBe(65);
    expect(tailMean(reports.slice(0, 2), 'trainLoss')).toBe(1.5);
    expect(last(reports).epoch).toBe(7);
    const cls: EpochReport['metrics'] = {
      task: 'classification',
      accuracy: 0.75,
      precision: 0,
      recall: 0,
      f1: 0,
      confusion: [],
    };
    expect(accuracyOf(report(1, cls))).toBe(0.75);
    expect(accuracyOf(report(1, reg))).toBeNaN();
    // A two-class readout [T, 2]: p(negative), p(positive) per step.
    expect(positiveAfter(f32(0.5, 0.5, 0.25, 0.75), 1)).toBe(0.75);
    expect(positiveAfter(f32(0.5, 0.5, 0.25, 0.75), 0)).toBe(0.5);
  });

  it('curveNoise: the mean absolute change from one epoch to the next; 0 for one epoch', () => {
    // Validation 10, 30, 20, 40 (10 × epoch, reordered): |20| + |−10| + |20| = 50 over 3 changes.
    const reports = [1, 3, 2, 4].map((e) => report(e, reg));
    expect(curveNoise(reports, 'valLoss')).toBeCloseTo(50 / 3, 12);
    expect(curveNoise(reports, 'trainLoss')).toBeCloseTo(5 / 3, 12);
    expect(curveNoise(reports.slice(0, 1), 'valLoss')).toBe(0);
    expect(curveNoise([], 'valLoss')).toBe(0);
  });
});

describe('the step readout and the units’ ranking, at their edges', () => {
  const probe = (readout: Float32Array) => ({ activations: { readout } }) as unknown as InsideProbe;

  it('readoutAt compares only step t’s own classes', () => {
    // [0.1 0.2 0.3], [0.6 0.8 0.7]: after step 0 class 2 (step 1's 0.6 is not one of its classes);
    // after step 1 class 1 (0.8 over 0.6 and 0.7).
    const r = probe(f32(0.1, 0.2, 0.3, 0.6, 0.8, 0.7));
    expect(readoutAt(r, 0, 3)).toEqual({ best: 2, value: f32(0.3)[0] });
    expect(readoutAt(r, 1, 3)).toEqual({ best: 1, value: f32(0.8)[0] });
  });

  it('gradientSeries: a layer the norms do not have is an empty series', () => {
    expect(gradientSeries({ steps: 1, c: null, h: [[f32(1)]] }, 3, 0)).toEqual({ c: null, h: [] });
  });

  it('mostActiveUnits: units of equal variance in unit order', () => {
    // Units 0–3 all alternate ±1 (variance 1).
    const h = f32(1, 1, 1, 1, -1, -1, -1, -1);
    expect(mostActiveUnits({ units: 4, directions: [{ h }] }, 2, 4).map((u) => u.unit)).toEqual([0, 1, 2, 3]);
  });
});

describe('the cell state’s domain of a layer without one', () => {
  it('a GRU layer has no c: the domain is the smallest, ±1', () => {
    expect(domainOf({ units: 1, directions: [{ h: f32(0.5, -3) }] }, 'c')).toEqual([-1, 1]);
  });
});
