import type { ProbeLayer, ProbeQuantity } from '../engine/probe';
import type { CellType } from '../model/config';
import { valueAt } from './insideView';

/**
 * A step's equations with one unit's numbers, in Keras's names (W kernel, U recurrent_kernel, b
 * bias), e.g. `f_t = σ(W_f·x_t + U_f·h_{t−1} + b_f) = σ(2.3100) = 0.9100`. The numbers are the
 * probe's, rounded to 4 decimals for reading; the last number of each line is the probe's own
 * value, so a reader can check that the line adds up. In a Bidirectional layer's reverse
 * direction the previous step is t+1.
 */
export interface EquationLine {
  /** The quantity the line computes. */
  id: ProbeQuantity;
  text: string;
  /** The numbers on the right of the line, in order, then the result. */
  numbers: number[];
}

const MINUS = '\u2212';
/** 4 decimals, with a real minus sign; a negative factor in parentheses. */
export const fmt4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4).replace('-', MINUS) : '—');
const factor = (x: number) => (x < 0 ? `(${fmt4(x)})` : fmt4(x));

export interface EquationPlace {
  cell: CellType;
  layer: ProbeLayer;
  unit: number;
  t: number;
  steps: number;
}

export function cellEquations(p: EquationPlace): EquationLine[] {
  const { layer, unit, t, steps } = p;
  const reverse = unit >= layer.units;
  const prevT = reverse ? t + 1 : t - 1;
  const hasPrev = prevT >= 0 && prevT < steps;
  const prev = reverse ? 't+1' : 't\u22121';
  const v = (q: ProbeQuantity, at = t) => valueAt(layer, q, unit, at);
  const previous = (q: ProbeQuantity) => (hasPrev ? v(q, prevT) : 0);
  const gate = (id: ProbeQuantity, pre: ProbeQuantity, name: string, act: string): EquationLine => ({
    id,
    text: `${id}_t = ${act}(W_${name}·x_t + U_${name}·h_${prev} + b_${name}) = ${act}(${fmt4(v(pre))}) = ${fmt4(v(id))}`,
    numbers: [v(pre), v(id)],
  });
  if (p.cell === 'lstm') {
    const [f, i, g, o, c] = (['f', 'i', 'g', 'o', 'c'] as const).map((q) => v(q));
    const cPrev = previous('c');
    return [
      gate('i', 'pre_i', 'i', 'σ'),
      gate('f', 'pre_f', 'f', 'σ'),
      gate('g', 'pre_g', 'g', 'tanh'),
      gate('o', 'pre_o', 'o', 'σ'),
      {
        id: 'c',
        text: `c_t = f_t·c_${prev} + i_t·g_t = ${fmt4(f)}·${factor(cPrev)} + ${fmt4(i)}·${factor(g)} = ${fmt4(c)}`,
        numbers: [f, cPrev, i, g, c],
      },
      {
        id: 'h',
        text: `h_t = o_t·tanh(c_t) = ${fmt4(o)}·tanh(${fmt4(c)}) = ${fmt4(v('h'))}`,
        numbers: [o, c, v('h')],
      },
    ];
  }
  if (p.cell === 'gru') {
    const [z, hh, h] = (['z', 'hh', 'h'] as const).map((q) => v(q));
    const hPrev = previous('h');
    return [
      gate('z', 'pre_z', 'z', 'σ'),
      gate('r', 'pre_r', 'r', 'σ'),
      // reset_after: the reset gate scales the recurrent product (with its own bias) after it is taken.
      {
        id: 'hh',
        text: `h\u0303_t = tanh(W_h·x_t + r_t ⊙ (U_h·h_${prev} + b'_h) + b_h) = tanh(${fmt4(v('pre_hh'))}) = ${fmt4(hh)}`,
        numbers: [v('pre_hh'), hh],
      },
      {
        id: 'h',
        text: `h_t = z_t·h_${prev} + (1 − z_t)·h\u0303_t = ${fmt4(z)}·${factor(hPrev)} + ${fmt4(1 - z)}·${factor(hh)} = ${fmt4(h)}`,
        numbers: [z, hPrev, 1 - z, hh, h],
      },
    ];
  }
  return [
    {
      id: 'h',
      text: `h_t = tanh(W·x_t + U·h_${prev} + b) = tanh(${fmt4(v('pre_h'))}) = ${fmt4(v('h'))}`,
      numbers: [v('pre_h'), v('h')],
    },
  ];
}
