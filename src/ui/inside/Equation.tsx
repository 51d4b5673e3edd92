import { createElement, type ReactNode } from 'react';
import { type EquationLine, fmt4, type MathToken } from '../../view/cellEquations';

/**
 * MathML Core, the browsers' own math (Chromium, Firefox, Safari): typeset subscripts, σ and ⊙,
 * read by screen readers as math, no library to bundle or fetch. React creates these elements in
 * the MathML namespace under <math>; they are built with createElement because React's JSX types
 * list no MathML tags.
 */
const m = (tag: string, props: Record<string, string> | null, ...children: ReactNode[]) =>
  createElement(tag, props, ...children);

/** Operators that separate and should not stretch: parentheses keep the text's height. */
const FENCES = new Set(['(', ')']);

function token(tk: MathToken, key: number): ReactNode {
  switch (tk.kind) {
    case 'live':
      return m('mn', { key: String(key), className: 'live' }, fmt4(tk.value));
    case 'const':
      return m('mn', { key: String(key) }, tk.text);
    case 'fn':
      // The function's name, then the invisible "applied to" operator before its parenthesis.
      return [m('mi', { key: `${key}f` }, tk.text), m('mo', { key: `${key}a` }, '\u2061')];
    case 'op':
      return m(
        'mo',
        FENCES.has(tk.text) ? { key: String(key), stretchy: 'false' } : { key: String(key) },
        tk.text,
      );
    case 'id': {
      const k = String(key);
      if (!tk.sub && !tk.accent) return m('mi', { key: k }, tk.text);
      const letter = m('mi', null, tk.text);
      const base = tk.accent ? m('mover', { accent: 'true' }, letter, m('mo', null, tk.accent)) : letter;
      if (!tk.sub) return m('mrow', { key: k }, base);
      const sub = tk.sub.length === 1 ? token(tk.sub[0], 0) : m('mrow', null, ...tk.sub.map(token));
      if (tk.prime) return m('msubsup', { key: k }, base, sub, m('mo', null, '\u2032'));
      return m('msub', { key: k }, base, sub);
    }
  }
}

/**
 * One equation: each side in a math element of its own (`lhs = formula`, `= numbers`,
 * `= result`), so a narrow screen moves whole sides to the next line instead of breaking one.
 */
export function Equation({ line }: { line: EquationLine }) {
  const [lhs, ...rest] = line.sides;
  const side = (tokens: MathToken[], k: number, first: boolean) => (
    <span className="equation-term" key={k}>
      {m(
        'math',
        null,
        ...(first
          ? [m('mrow', { key: 'l' }, ...lhs.map(token)), m('mo', { key: '=' }, '=')]
          : [m('mo', { key: '=' }, '=')]),
        m('mrow', { key: 'r' }, ...tokens.map(token)),
      )}
    </span>
  );
  return <>{rest.map((tokens, k) => side(tokens, k, k === 0))}</>;
}
