import { describe, expect, it } from 'vitest';
import type { ProbeDirection } from '../engine/contracts/probe';
import { cellEquations, fmt4, INVISIBLE_TIMES } from './cellEquations';

/**
 * The step equations as a reader copies them, on probes written out by hand: one unit per
 * direction, the numbers chosen so each prints exactly. The view prints the probe's numbers; it
 * does not compute them, so they need not satisfy the cell's equations.
 */
const f32 = (...v: number[]) => Float32Array.from(v);
const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

describe('fmt4', () => {
  it('four decimals with a real minus sign; not a number is a dash', () => {
    expect([fmt4(0.5), fmt4(-0.5), fmt4(0), fmt4(Number.NaN), fmt4(Number.POSITIVE_INFINITY)]).toEqual([
      '0.5000',
      '\u22120.5000',
      '0.0000',
      '—',
      '—',
    ]);
  });
});

describe('LSTM, Bidirectional, 3 steps', () => {
  const forward: ProbeDirection = {
    pre_i: f32(0, 0.5, 0),
    i: f32(0, 0.625, 0),
    pre_f: f32(0, 1, 0),
    f: f32(0, 0.75, 0),
    pre_g: f32(0, -0.5, 0),
    g: f32(0, -0.5, 0),
    pre_o: f32(0, 2, 0),
    o: f32(0, 0.875, 0),
    c: f32(1.5, -0.25, 0),
    h: f32(0, -0.125, 0),
  };
  const zero = f32(0, 0, 0);
  const reverse: ProbeDirection = {
    ...Object.fromEntries(Object.keys(forward).map((q) => [q, zero])),
    f: f32(0.5, 0.5, 0.5),
    c: f32(0, 0.5, 2),
  };
  const layer = { units: 1, directions: [forward, reverse] };
  const at = (unit: number, t: number) => cellEquations({ cell: 'lstm', layer, unit, t, steps: 3 });

  it('step 1 of the forward unit: every line as printed, the previous cell state from step 0', () => {
    expect(texts(at(0, 1))).toEqual([
      'i_t = σ(W_i·x_t + U_i·h_{t−1} + b_i) = σ(0.5000) = 0.6250',
      'f_t = σ(W_f·x_t + U_f·h_{t−1} + b_f) = σ(1.0000) = 0.7500',
      'g_t = tanh(W_g·x_t + U_g·h_{t−1} + b_g) = tanh(−0.5000) = −0.5000',
      'o_t = σ(W_o·x_t + U_o·h_{t−1} + b_o) = σ(2.0000) = 0.8750',
      'c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t = 0.7500·1.5000 + 0.6250·(−0.5000) = −0.2500',
      'h_t = o_t ⊙ tanh(c_t) = 0.8750·tanh(−0.2500) = −0.1250',
    ]);
    expect(at(0, 1).map((l) => l.id)).toEqual(['i', 'f', 'g', 'o', 'c', 'h']);
    expect(at(0, 1)[4].numbers).toEqual([0.75, 1.5, 0.625, -0.5, -0.25]);
    expect(at(0, 1)[5].numbers).toEqual([0.875, -0.25, -0.125]);
    expect(at(0, 1)[0].numbers).toEqual([0.5, 0.625]);
  });

  it('step 0 has no previous step: c_{t−1} is 0, and a zero factor takes no parentheses', () => {
    const c = at(0, 0)[4];
    expect(c.text).toBe('c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t = 0.0000·0.0000 + 0.0000·0.0000 = 1.5000');
    expect(c.numbers).toEqual([0, 0, 0, 0, 1.5]);
  });

  it('the reverse unit (unit H) reads its previous step at t+1, and none after the last step', () => {
    expect(at(1, 1)[4].text).toBe('c_t = f_t ⊙ c_{t+1} + i_t ⊙ g_t = 0.5000·2.0000 + 0.0000·0.0000 = 0.5000');
    expect(at(1, 1)[0].text).toBe('i_t = σ(W_i·x_t + U_i·h_{t+1} + b_i) = σ(0.0000) = 0.0000');
    expect(at(1, 2)[4].numbers).toEqual([0.5, 0, 0, 0, 2]);
  });

  it('a matrix times a vector is an invisible times in the math, read as a product', () => {
    expect(at(0, 1)[0].sides[1]).toContainEqual({ kind: 'op', text: INVISIBLE_TIMES });
    expect(INVISIBLE_TIMES).toBe('\u2062');
  });
});

describe('GRU (reset_after) and SimpleRNN', () => {
  it('GRU step 1: z, r, the candidate h̃ with the primed recurrent bias, and the blend', () => {
    const d: ProbeDirection = {
      pre_z: f32(0, -1),
      z: f32(0, 0.25),
      pre_r: f32(0, 0),
      r: f32(0, 0.5),
      pre_hh: f32(0, -0.75),
      hh: f32(0, -0.5),
      h: f32(0.5, -0.25),
    };
    const lines = cellEquations({
      cell: 'gru',
      layer: { units: 1, directions: [d] },
      unit: 0,
      t: 1,
      steps: 2,
    });
    expect(texts(lines)).toEqual([
      'z_t = σ(W_z·x_t + U_z·h_{t−1} + b_z) = σ(−1.0000) = 0.2500',
      'r_t = σ(W_r·x_t + U_r·h_{t−1} + b_r) = σ(0.0000) = 0.5000',
      'h\u0303_t = tanh(W_h·x_t + r_t ⊙ (U_h·h_{t−1} + b′_h) + b_h) = tanh(−0.7500) = −0.5000',
      'h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h\u0303_t = 0.2500·0.5000 + 0.7500·(−0.5000) = −0.2500',
    ]);
    expect(lines.map((l) => l.id)).toEqual(['z', 'r', 'hh', 'h']);
    expect(lines[3].numbers).toEqual([0.25, 0.5, 0.75, -0.5, -0.25]);
    expect(lines[2].numbers).toEqual([-0.75, -0.5]);
  });

  it('SimpleRNN: one W, U and b without subscripts', () => {
    const d: ProbeDirection = { pre_h: f32(0.5), h: f32(0.375) };
    const lines = cellEquations({
      cell: 'simple_rnn',
      layer: { units: 1, directions: [d] },
      unit: 0,
      t: 0,
      steps: 1,
    });
    expect(texts(lines)).toEqual(['h_t = tanh(W·x_t + U·h_{t−1} + b) = tanh(0.5000) = 0.3750']);
    expect(lines[0].numbers).toEqual([0.5, 0.375]);
  });
});

describe('the tokens behind the GRU’s blend and the SimpleRNN’s line', () => {
  const one = (cell: 'gru' | 'simple_rnn', d: ProbeDirection) =>
    cellEquations({ cell, layer: { units: 1, directions: [d] }, unit: 0, t: 0, steps: 1 });

  it('the 1 of (1 − z_t) is a constant (MathML mn), not a name', () => {
    const d = {
      pre_z: f32(0),
      z: f32(0.5),
      pre_r: f32(0),
      r: f32(0.5),
      pre_hh: f32(0),
      hh: f32(0),
      h: f32(0),
    };
    const blend = one('gru', d)[3].sides[1];
    expect(blend.filter((tk) => tk.kind === 'const')).toEqual([{ kind: 'const', text: '1' }]);
  });

  it('the SimpleRNN’s one line computes h', () => {
    expect(one('simple_rnn', { pre_h: f32(0.5), h: f32(0.375) }).map((l) => l.id)).toEqual(['h']);
  });
});
