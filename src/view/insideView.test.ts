import { describe, expect, it } from 'vitest';
import { Prng } from '../data/prng';
import type { Dataset } from '../data/types';
import type { ProbeLayer } from '../engine/contracts/probe';
import { createReferenceBackend } from '../engine/reference/backend';
import { initWeights } from '../engine/reference/init';
import { DEFAULT_CONFIG } from '../model/config';
import { modelShapeOf, parameterCount } from '../model/params';
import { PRESETS } from '../model/presets';
import { cellEquations, fmt4, linearText, type MathToken } from './cellEquations';
import { LUTS, lutIndex } from './colorScales';
import { domainOf, heatmapPixels, mostActiveUnits, valueAt } from './insideView';
import { modelSummary } from './modelSummary';

function randomDataset(T: number, F: number): Dataset {
  const rng = new Prng(3);
  const split = (n: number) => ({
    n,
    x: Float32Array.from({ length: n * T * F }, () => rng.normal()),
    y: new Float32Array(n),
  });
  return {
    name: 'random',
    task: 'regression',
    timesteps: T,
    features: F,
    outputs: 1,
    train: split(8),
    val: split(4),
    featureNames: [],
    description: '',
  };
}

async function probeOf(cell: 'lstm' | 'gru' | 'simple_rnn', bidirectional = false) {
  const config = { ...DEFAULT_CONFIG, layers: [5], cell, bidirectional };
  const dataset = randomDataset(6, 2);
  const weights = initWeights(modelShapeOf(config, 2, 1), 4);
  return createReferenceBackend(config, dataset, weights).probe!({ window: 1 });
}

/** The numbers a line shows, as printed (4 decimals, real minus signs). */
const shown = (x: number) => Number(fmt4(x).replace('\u2212', '-'));

describe('the step equations with one unit’s numbers', () => {
  it('LSTM: each line adds up as printed, and names Keras’s weights', async () => {
    const probe = await probeOf('lstm');
    const lines = cellEquations({ cell: 'lstm', layer: probe.layers[0], unit: 3, t: 4, steps: 6 });
    expect(lines.map((l) => l.id)).toEqual(['i', 'f', 'g', 'o', 'c', 'h']);
    expect(lines[1].text).toMatch(/^f_t = σ\(W_f·x_t \+ U_f·h_\{t−1\} \+ b_f\) = σ\(.+\) = .+$/);
    expect(lines[4].text).toMatch(/^c_t = f_t ⊙ c_\{t−1\} \+ i_t ⊙ g_t = /);
    const [f, cPrev, i, g, c] = lines[4].numbers.map(shown);
    expect(Math.abs(f * cPrev + i * g - c)).toBeLessThan(5e-4);
    const [o, c2, h] = lines[5].numbers.map(shown);
    expect(Math.abs(o * Math.tanh(c2) - h)).toBeLessThan(5e-4);
    expect(lines[4].numbers[1]).toBe(valueAt(probe.layers[0], 'c', 3, 3));
  });

  it('GRU and SimpleRNN: their own equations; the reverse direction’s previous step is t+1', async () => {
    const gru = await probeOf('gru', true);
    const lines = cellEquations({ cell: 'gru', layer: gru.layers[0], unit: 7, t: 2, steps: 6 });
    expect(lines.map((l) => l.id)).toEqual(['z', 'r', 'hh', 'h']);
    const [z, hPrev, oneMinusZ, hh, h] = lines[3].numbers.map(shown);
    expect(Math.abs(z * hPrev + oneMinusZ * hh - h)).toBeLessThan(5e-4);
    expect(lines[3].text).toContain('h_{t+1}');
    expect(lines[2].text).toMatch(/^h̃_t = tanh\(W_h·x_t \+ r_t ⊙ \(U_h·h_\{t\+1\} \+ b′_h\) \+ b_h\) = /);
    expect(lines[3].numbers[1]).toBe(valueAt(gru.layers[0], 'h', 7, 3));
    const rnn = await probeOf('simple_rnn');
    const [pre, out] = cellEquations({ cell: 'simple_rnn', layer: rnn.layers[0], unit: 0, t: 0, steps: 6 })[0]
      .numbers;
    expect(out).toBeCloseTo(Math.tanh(pre), 6);
  });
});

describe('the equations as math: tokens for MathML', () => {
  const ids = (tokens: MathToken[]): MathToken[] =>
    tokens.flatMap((tk) => (tk.kind === 'id' ? [tk, ...ids(tk.sub ?? [])] : []));

  it('subscripts are structure, not text: h with t, −, 1 below it (a real minus)', async () => {
    const probe = await probeOf('lstm');
    const [i] = cellEquations({ cell: 'lstm', layer: probe.layers[0], unit: 3, t: 4, steps: 6 });
    const hPrev = ids(i.sides[1]).find((tk) => tk.kind === 'id' && tk.text === 'h');
    expect(hPrev).toEqual({
      kind: 'id',
      text: 'h',
      sub: [
        { kind: 'id', text: 't' },
        { kind: 'op', text: '\u2212' },
        { kind: 'const', text: '1' },
      ],
    });
    // No identifier carries an underscore or a subscript in its own text.
    for (const tk of ids(i.sides.flat())) expect(tk.kind === 'id' && /[_{}]/.test(tk.text)).toBe(false);
    expect(i.sides[0]).toEqual([{ kind: 'id', text: 'i', sub: [{ kind: 'id', text: 't' }] }]);
    expect(i.sides[1][0]).toEqual({ kind: 'fn', text: 'σ' });
  });

  it('each side holds no "=": a line breaks between sides, and the live numbers are the line’s numbers', async () => {
    for (const [cell, bi] of [
      ['lstm', false],
      ['gru', true],
      ['simple_rnn', false],
    ] as const) {
      const probe = await probeOf(cell, bi);
      const lines = cellEquations({ cell, layer: probe.layers[0], unit: 6, t: 3, steps: 6 });
      for (const line of lines) {
        expect(line.sides.length, `${cell} ${line.id}`).toBe(4);
        for (const side of line.sides)
          expect(side.some((tk) => tk.kind === 'op' && tk.text === '=')).toBe(false);
        const shownNumbers = line.sides.flat().flatMap((tk) => (tk.kind === 'live' ? [tk.value] : []));
        expect(shownNumbers, `${cell} ${line.id}`).toEqual(line.numbers);
        // The formula side has no number from the probe; the last side is the result alone.
        expect(line.sides[1].some((tk) => tk.kind === 'live')).toBe(false);
        expect(line.sides[3]).toEqual([{ kind: 'live', value: line.numbers.at(-1) }]);
      }
    }
  });

  it('the GRU’s candidate is h with a tilde over it, and its second bias is primed', async () => {
    const gru = await probeOf('gru');
    const hh = cellEquations({ cell: 'gru', layer: gru.layers[0], unit: 1, t: 2, steps: 6 })[2];
    expect(hh.sides[0]).toEqual([{ kind: 'id', text: 'h', accent: '~', sub: [{ kind: 'id', text: 't' }] }]);
    expect(ids(hh.sides[1]).some((tk) => tk.kind === 'id' && tk.text === 'b' && tk.prime)).toBe(true);
  });

  it('a negative factor is wrapped in parentheses: 0.5000·(−0.2000), never 0.5000·−0.2000', async () => {
    const probe = await probeOf('lstm');
    let wrapped = 0;
    for (let unit = 0; unit < 5; unit++)
      for (let t = 0; t < 6; t++) {
        const c = cellEquations({ cell: 'lstm', layer: probe.layers[0], unit, t, steps: 6 })[4];
        const side = c.sides[2];
        side.forEach((tk, k) => {
          if (tk.kind !== 'live' || tk.value >= 0 || k === 0) return;
          expect(side[k - 1]).toEqual({ kind: 'op', text: '(' });
          wrapped++;
        });
        expect(linearText(side)).not.toMatch(/·−/);
      }
    expect(wrapped).toBeGreaterThan(0);
  });
});

describe('heatmaps and units', () => {
  it('colours every (unit, step) from its scale, the reverse direction’s units below the forward ones', async () => {
    const probe = await probeOf('lstm', true);
    const layer = probe.layers[0];
    const pixels = heatmapPixels(layer, 'f', 6, [0, 1]);
    expect(pixels.length).toBe(10 * 6 * 4);
    for (const [unit, t] of [
      [0, 0],
      [4, 5],
      [5, 0],
      [9, 3],
    ]) {
      const k = lutIndex(valueAt(layer, 'f', unit, t), 0, 1) * 3;
      const p = (unit * 6 + t) * 4;
      expect(Array.from(pixels.subarray(p, p + 3))).toEqual(Array.from(LUTS.sequential.subarray(k, k + 3)));
    }
    expect(domainOf(layer, 'g')).toEqual([-1, 1]);
    expect(domainOf(layer, 'i')).toEqual([0, 1]);
  });

  it('the cell state’s domain covers its largest value, rounded', () => {
    const layer: ProbeLayer = { units: 1, directions: [{ c: Float32Array.of(0.5, -3.2) }] };
    expect(domainOf(layer, 'c')).toEqual([-5, 5]);
  });

  it('ranks units by the variance of h over time', () => {
    const h = new Float32Array(3 * 4);
    for (let t = 0; t < 4; t++) {
      h[t * 3] = 0.1; // flat
      h[t * 3 + 1] = t % 2 ? 0.9 : -0.9; // swings
      h[t * 3 + 2] = t * 0.1; // drifts
    }
    const ranked = mostActiveUnits({ units: 3, directions: [{ h }] }, 4, 2);
    expect(ranked.map((r) => r.unit)).toEqual([1, 2]);
    expect(ranked[0].variance).toBeCloseTo(0.81, 5);
  });
});

describe('model.summary()', () => {
  it('the overfit preset: LSTM(96) on one feature, 37,632 + 97 parameters, far more than its training values', () => {
    const config = PRESETS.overfit.config;
    const summary = modelSummary(config, { features: 1, outputs: 1, timesteps: 16, trainSize: 22 })!;
    expect(summary.rows).toEqual([
      { name: 'lstm', type: 'LSTM', shape: '(None, 96)', params: 37_632 },
      { name: 'dense', type: 'Dense', shape: '(None, 1)', params: 97 },
    ]);
    expect(summary.total).toBe(parameterCount(modelShapeOf(config, 1, 1)));
    expect(summary.trainingValues).toBe(22 * 16);
    expect(summary.ratio).toBeGreaterThan(100);
  });

  it('stacked Bidirectional GRUs with output dropout: sequences, concatenated widths, Keras’s names', () => {
    const config = {
      ...DEFAULT_CONFIG,
      layers: [8, 4],
      cell: 'gru' as const,
      bidirectional: true,
      outputDropout: 0.2,
    };
    const summary = modelSummary(config, { features: 3, outputs: 2, timesteps: 10, trainSize: 5 })!;
    expect(summary.rows.map((r) => [r.name, r.type, r.shape])).toEqual([
      ['bidirectional', 'Bidirectional(GRU)', '(None, 10, 16)'],
      ['bidirectional_1', 'Bidirectional(GRU)', '(None, 8)'],
      ['dropout', 'Dropout', '(None, 8)'],
      ['dense', 'Dense', '(None, 2)'],
    ]);
    // Keras GRU(reset_after=True): 3·(H·(F + H) + 2H) per direction.
    expect(summary.rows[0].params).toBe(2 * 3 * (8 * (3 + 8) + 2 * 8));
    expect(summary.total).toBe(parameterCount(modelShapeOf(config, 3, 2)));
  });
});
