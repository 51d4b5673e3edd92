import type { ProbeLayer, ProbeQuantity } from '../engine/contracts/probe';
import type { CellType } from '../model/config';
import { valueAt } from './insideView';

/**
 * One token of typeset math, the pieces MathML Core is made of: an identifier (with its subscript,
 * an accent such as h̃'s tilde, a prime), an operator, a number fixed in the formula (the 1 of
 * 1 − z), a number the probe measured (`live`), or a function's name (σ, tanh).
 */
export type MathToken =
  | { kind: 'id'; text: string; sub?: MathToken[]; accent?: string; prime?: boolean }
  | { kind: 'op'; text: string }
  | { kind: 'const'; text: string }
  | { kind: 'live'; value: number }
  | { kind: 'fn'; text: string };

/**
 * A step's equations with one unit's numbers, in Keras's names (W kernel, U recurrent_kernel, b
 * bias), e.g. f_t = σ(W_f x_t + U_f h_{t−1} + b_f) = σ(2.3100) = 0.9100. The numbers are the
 * probe's, rounded to 4 decimals for reading; the last number of each line is the probe's own
 * value, so a reader can check that the line adds up. In a Bidirectional layer's reverse
 * direction the previous step is t+1.
 */
export interface EquationLine {
  /** The quantity the line computes. */
  id: ProbeQuantity;
  /**
   * The line's sides, joined by `=`: the quantity, its formula, then the formula with the numbers
   * in, then the result. A side is never broken; a narrow screen breaks the line between sides.
   */
  sides: MathToken[][];
  /** The line in linear text (subscripts as _t and _{t−1}), as it reads when copied. */
  text: string;
  /** The numbers on the right of the line, in order, then the result. */
  numbers: number[];
}

const MINUS = '\u2212';
/** Between a matrix and the vector it multiplies: no sign shown, but read as a product. */
export const INVISIBLE_TIMES = '\u2062';
/** 4 decimals, with a real minus sign; a negative factor in parentheses. */
export const fmt4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4).replace('-', MINUS) : '—');

const op = (text: string): MathToken => ({ kind: 'op', text });
const fn = (text: string): MathToken => ({ kind: 'fn', text });
const live = (value: number): MathToken => ({ kind: 'live', value });
/** A subscript: a letter, or a step and its neighbour (t−1, t+1). */
function subscript(s: string): MathToken[] {
  const near = /^(\w)([+\u2212])(\d)$/.exec(s);
  if (!near) return [{ kind: 'id', text: s }];
  return [{ kind: 'id', text: near[1] }, op(near[2]), { kind: 'const', text: near[3] }];
}
/** A symbol, with its subscript unless that is empty (SimpleRNN's one W, U, b). */
const sym = (text: string, sub: string, more: { accent?: string; prime?: boolean } = {}): MathToken => ({
  kind: 'id',
  text,
  ...(sub ? { sub: subscript(sub) } : {}),
  ...more,
});
/** A scalar factor in the numbers' side: a negative one in parentheses, so that a·(−b) reads right. */
const factor = (x: number): MathToken[] => (x < 0 ? [op('('), live(x), op(')')] : [live(x)]);
const applied = (name: string, inner: MathToken[]): MathToken[] => [fn(name), op('('), ...inner, op(')')];
const times = op(INVISIBLE_TIMES);
const dot = op('·');

const BINARY = new Set(['+', MINUS, '⊙', '=']);
/** The linear text of tokens: binary operators spaced, subscripts of more than one token braced. */
export function linearText(tokens: MathToken[], inSub = false): string {
  return tokens
    .map((tk) => {
      if (tk.kind === 'live') return fmt4(tk.value);
      if (tk.kind === 'op') {
        if (tk.text === INVISIBLE_TIMES) return '·';
        return BINARY.has(tk.text) && !inSub ? ` ${tk.text} ` : tk.text;
      }
      if (tk.kind !== 'id' || !tk.sub) return tk.text;
      const sub = linearText(tk.sub, true);
      const base = `${tk.text}${tk.accent ? '\u0303' : ''}${tk.prime ? '′' : ''}`;
      return `${base}_${tk.sub.length > 1 ? `{${sub}}` : sub}`;
    })
    .join('');
}

export interface EquationPlace {
  cell: CellType;
  layer: ProbeLayer;
  unit: number;
  t: number;
  steps: number;
}

const line = (id: ProbeQuantity, sides: MathToken[][], numbers: number[]): EquationLine => ({
  id,
  sides,
  text: sides.map((s) => linearText(s)).join(' = '),
  numbers,
});

export function cellEquations(p: EquationPlace): EquationLine[] {
  const { layer, unit, t, steps } = p;
  const reverse = unit >= layer.units;
  const prevT = reverse ? t + 1 : t - 1;
  const hasPrev = prevT >= 0 && prevT < steps;
  const prev = reverse ? 't+1' : `t${MINUS}1`;
  const v = (q: ProbeQuantity, at = t) => valueAt(layer, q, unit, at);
  const previous = (q: ProbeQuantity) => (hasPrev ? v(q, prevT) : 0);
  /** x_t W + h_prev U + b through the gate's activation: the formula, its pre-activation, its value. */
  const gate = (id: ProbeQuantity, pre: ProbeQuantity, name: string, act: string): EquationLine =>
    line(
      id,
      [
        [sym(id, 't')],
        applied(act, [
          sym('W', name),
          times,
          sym('x', 't'),
          op('+'),
          sym('U', name),
          times,
          sym('h', prev),
          op('+'),
          sym('b', name),
        ]),
        applied(act, [live(v(pre))]),
        [live(v(id))],
      ],
      [v(pre), v(id)],
    );
  switch (p.cell) {
    case 'lstm':
      return lstmLines(v, previous('c'), prev, gate);
    case 'gru':
      return gruLines(v, previous('h'), prev, gate);
    case 'simple_rnn':
      return simpleRnnLines(v, prev);
  }
}

function lstmLines(
  v: (q: ProbeQuantity) => number,
  cPrev: number,
  prev: string,
  gate: (id: ProbeQuantity, pre: ProbeQuantity, name: string, act: string) => EquationLine,
): EquationLine[] {
  const [f, i, g, o, c] = (['f', 'i', 'g', 'o', 'c'] as const).map((q) => v(q));
  return [
    gate('i', 'pre_i', 'i', 'σ'),
    gate('f', 'pre_f', 'f', 'σ'),
    gate('g', 'pre_g', 'g', 'tanh'),
    gate('o', 'pre_o', 'o', 'σ'),
    line(
      'c',
      [
        [sym('c', 't')],
        [sym('f', 't'), op('⊙'), sym('c', prev), op('+'), sym('i', 't'), op('⊙'), sym('g', 't')],
        [live(f), dot, ...factor(cPrev), op('+'), live(i), dot, ...factor(g)],
        [live(c)],
      ],
      [f, cPrev, i, g, c],
    ),
    line(
      'h',
      [
        [sym('h', 't')],
        [sym('o', 't'), op('⊙'), ...applied('tanh', [sym('c', 't')])],
        [live(o), dot, ...applied('tanh', [live(c)])],
        [live(v('h'))],
      ],
      [o, c, v('h')],
    ),
  ];
}

type GateLine = (id: ProbeQuantity, pre: ProbeQuantity, name: string, act: string) => EquationLine;

/** The GRU's lines (reset_after, as Keras): z and r gates, the candidate h̃, then h. */
function gruLines(
  v: (q: ProbeQuantity) => number,
  hPrev: number,
  prev: string,
  gate: GateLine,
): EquationLine[] {
  const [z, hh, h] = (['z', 'hh', 'h'] as const).map((q) => v(q));
  const hTilde = sym('h', 't', { accent: '~' });
  return [
    gate('z', 'pre_z', 'z', 'σ'),
    gate('r', 'pre_r', 'r', 'σ'),
    // reset_after: the reset gate scales the recurrent product (with its own bias) after it is taken.
    line(
      'hh',
      [
        [hTilde],
        applied('tanh', [
          sym('W', 'h'),
          times,
          sym('x', 't'),
          op('+'),
          sym('r', 't'),
          op('⊙'),
          op('('),
          sym('U', 'h'),
          times,
          sym('h', prev),
          op('+'),
          sym('b', 'h', { prime: true }),
          op(')'),
          op('+'),
          sym('b', 'h'),
        ]),
        applied('tanh', [live(v('pre_hh'))]),
        [live(hh)],
      ],
      [v('pre_hh'), hh],
    ),
    line(
      'h',
      [
        [sym('h', 't')],
        [
          sym('z', 't'),
          op('⊙'),
          sym('h', prev),
          op('+'),
          op('('),
          { kind: 'const', text: '1' },
          op(MINUS),
          sym('z', 't'),
          op(')'),
          op('⊙'),
          hTilde,
        ],
        [live(z), dot, ...factor(hPrev), op('+'), live(1 - z), dot, ...factor(hh)],
        [live(h)],
      ],
      [z, hPrev, 1 - z, hh, h],
    ),
  ];
}

/** The SimpleRNN's one line: h through tanh. */
function simpleRnnLines(v: (q: ProbeQuantity) => number, prev: string): EquationLine[] {
  return [
    line(
      'h',
      [
        [sym('h', 't')],
        applied('tanh', [
          sym('W', ''),
          times,
          sym('x', 't'),
          op('+'),
          sym('U', ''),
          times,
          sym('h', prev),
          op('+'),
          sym('b', ''),
        ]),
        applied('tanh', [live(v('pre_h'))]),
        [live(v('h'))],
      ],
      [v('pre_h'), v('h')],
    ),
  ];
}
