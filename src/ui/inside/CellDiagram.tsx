import { memo, useLayoutEffect, useRef } from 'react';
import type { ProbeLayer, ProbeQuantity } from '../../engine/contracts/probe';
import { CELL_KINDS } from '../../model/cellKinds';
import type { CellType } from '../../model/config';
import { fmt4 } from '../../view/cellEquations';
import { colorOf, inkOn, type ScaleKind } from '../../view/colorScales';
import { domainOf, valueAt } from '../../view/insideView';
import { useT } from '../useT';

interface DiagramProps {
  cell: CellType;
  layer: ProbeLayer;
  unit: number;
  t: number;
  steps: number;
}

/** Where each cell's valves stand: the input bus feeds each from below. */
const VALVES: Record<CellType, number[]> = {
  lstm: [120, 180, 240, 300],
  gru: [120, 200, 320],
  simple_rnn: [200],
};

/** A valve's box: wide enough for "tanh h̃" and "−0.0024" at the diagram's type sizes. */
const VALVE_WIDTH = 54;
/** Room left inside the box on each side of a label. */
const VALVE_PAD = 3;

/**
 * A valve's label. In a font wider than the one the box was sized for, the text is narrowed to fit
 * (textLength) rather than spill over the box's edge and its neighbour: fitLabels measures them
 * all once drawn.
 */
function FittedText(props: { x: number; y: number; fill: string; className?: string; text: string }) {
  return (
    <text
      x={props.x}
      y={props.y}
      textAnchor="middle"
      fill={props.fill}
      className={props.className}
      data-fit={VALVE_WIDTH - 2 * VALVE_PAD}
    >
      {props.text}
    </text>
  );
}

/**
 * Every valve label of the drawing narrowed to its box where it is wider: all the attributes off,
 * then all the lengths read, then the narrowing written, so one layout serves every label (a
 * label measured after another's write forces a layout each: 105 ms on an epoch's redraw, under
 * load, in bench:inside's trace).
 */
function fitLabels(svg: SVGSVGElement): void {
  const labels = [...svg.querySelectorAll<SVGTextElement>('text[data-fit]')].filter(
    (el) => typeof el.getComputedTextLength === 'function',
  );
  for (const el of labels) {
    el.removeAttribute('textLength');
    el.removeAttribute('lengthAdjust');
  }
  const wide = labels.filter((el) => el.getComputedTextLength() > Number(el.dataset.fit));
  for (const el of wide) {
    el.setAttribute('textLength', String(el.dataset.fit));
    el.setAttribute('lengthAdjust', 'spacingAndGlyphs');
  }
}

/** A valve: a gate's box, filled by its value on the gate's scale, its name and value inside. */
function Valve(props: {
  x: number;
  y: number;
  label: string;
  value: number;
  kind: ScaleKind;
  lo: number;
  hi: number;
}) {
  const { x, y, value, kind, lo, hi } = props;
  const ink = inkOn(kind, value, lo, hi);
  return (
    <g className="valve">
      <rect
        x={x - VALVE_WIDTH / 2}
        y={y}
        width={VALVE_WIDTH}
        height={34}
        rx={6}
        fill={colorOf(kind, value, lo, hi)}
      />
      <FittedText x={x} y={y + 14} fill={ink} text={props.label} />
      <FittedText x={x} y={y + 28} fill={ink} className="valve-value" text={fmt4(value)} />
    </g>
  );
}

/** A label with its symbols' subscripts lowered (c with t−1 below it), then its value. */
function Label(props: { x: number; y: number; end?: boolean; symbols: [string, string][]; value?: number }) {
  return (
    <text x={props.x} y={props.y} textAnchor={props.end ? 'end' : undefined} className="diagram-label">
      {props.symbols.map(([base, sub], k) => (
        <tspan key={`${base}${sub}`}>
          {k > 0 && ', '}
          {base}
          <tspan dy={3} className="diagram-sub">
            {sub}
          </tspan>
          <tspan dy={-3}>{'\u200b'}</tspan>
        </tspan>
      ))}
      {props.value !== undefined && ` = ${fmt4(props.value)}`}
    </text>
  );
}

function Node({ x, y, op }: { x: number; y: number; op: '×' | '+' }) {
  return (
    <g className="node">
      <circle cx={x} cy={y} r={11} />
      <text x={x} y={y + 5} textAnchor="middle">
        {op}
      </text>
    </g>
  );
}

/** One step's numbers as the diagrams read them: this step's, the previous step's, a state's colour. */
interface Reading {
  /** The quantity at this step. */
  v(q: ProbeQuantity): number;
  /** The quantity at the step before (after, in the reverse direction); 0 before the first. */
  prev(q: ProbeQuantity): number;
  /** A state value's colour on the cell state's scale. */
  state(x: number): string;
  /** The previous step's subscript: t−1, or t+1 in the reverse direction. */
  prevName: string;
}

function readingOf({ layer, unit, steps, t }: DiagramProps): Reading {
  const reverse = unit >= layer.units;
  const prevT = reverse ? t + 1 : t - 1;
  const has = prevT >= 0 && prevT < steps;
  const [clo, chi] = layer.directions[0].c ? domainOf(layer, 'c') : [-1, 1];
  return {
    v: (q) => valueAt(layer, q, unit, t),
    prev: (q) => (has ? valueAt(layer, q, unit, prevT) : 0),
    state: (x) => colorOf('diverging', x, clo, chi),
    prevName: reverse ? 't+1' : 't−1',
  };
}

/**
 * The cell at one unit and step, drawn as the textbook diagram: for the LSTM the cell-state line
 * across the top (c_{t−1} → × f → + i·g → c_t, coloured by its values, the stretch after the forget
 * valve as faint as f is small), the gates as valves below it, tanh(c_t) × o → h_t on the right;
 * the GRU and the SimpleRNN as the same kind of picture with their own gates.
 */
export const CellDiagram = memo(function CellDiagram(props: DiagramProps) {
  const t = useT();
  const r = readingOf(props);
  const Drawing = DRAWINGS[props.cell];
  const svg = useRef<SVGSVGElement>(null);
  // After every drawing: new values are new texts with new widths.
  useLayoutEffect(() => {
    if (svg.current) fitLabels(svg.current);
  });
  const label = t('insideDiagram', {
    cell: CELL_KINDS[props.cell].keras.className,
    unit: props.unit,
    t: props.t,
  });
  return (
    <svg
      ref={svg}
      viewBox="0 0 460 230"
      className="cell-diagram"
      role="img"
      aria-label={label}
      data-testid="cell-diagram"
    >
      <Drawing r={r} />
      <path
        d={`M30,214H320${VALVES[props.cell].map((x) => ` M${x},214V184`).join('')}`}
        className="wire bus"
      />
      <Label
        x={30}
        y={206}
        symbols={[
          ['h', r.prevName],
          ['x', 't'],
        ]}
      />
    </svg>
  );
});

/** The LSTM: the cell state along the top through × f and + i·g, then tanh(c) × o down to h. */
function LstmCell({ r: { v, prev, state, prevName } }: { r: Reading }) {
  return (
    <g>
      <line x1={30} y1={36} x2={352} y2={36} className="state-rail" />
      <line x1={30} y1={36} x2={109} y2={36} stroke={state(prev('c'))} className="state-line" />
      <line
        x1={131}
        y1={36}
        x2={199}
        y2={36}
        stroke={state(prev('c') * v('f'))}
        className="state-line"
        strokeOpacity={Math.max(0.15, v('f'))}
      />
      <line x1={221} y1={36} x2={352} y2={36} stroke={state(v('c'))} className="state-line" />
      <Label x={30} y={24} symbols={[['c', prevName]]} value={prev('c')} />
      <Label x={352} y={24} end symbols={[['c', 't']]} value={v('c')} />
      <Node x={120} y={36} op="×" />
      <Node x={210} y={36} op="+" />
      <Node x={210} y={100} op="×" />
      <Node x={300} y={124} op="×" />
      <path
        d="M120,150V47 M180,150V100H199 M240,150V100H221 M210,89V47 M300,36V60 M300,84V113 M300,150V135 M311,124H352"
        className="wire"
      />
      <ellipse cx={300} cy={72} rx={22} ry={12} className="squash" />
      <text x={300} y={76} textAnchor="middle" className="squash-label">
        tanh
      </text>
      <Label x={364} y={128} symbols={[['h', 't']]} value={v('h')} />
      <Valve x={120} y={150} label="σ f" value={v('f')} kind="sequential" lo={0} hi={1} />
      <Valve x={180} y={150} label="σ i" value={v('i')} kind="sequential" lo={0} hi={1} />
      <Valve x={240} y={150} label="tanh g" value={v('g')} kind="diverging" lo={-1} hi={1} />
      <Valve x={300} y={150} label="σ o" value={v('o')} kind="sequential" lo={0} hi={1} />
    </g>
  );
}

/** The GRU: the hidden state along the top through × z, h̃ joining through 1 − z. */
function GruCell({ r: { v, prev, state, prevName } }: { r: Reading }) {
  return (
    <g>
      {/* h_t = z·h_prev + (1 − z)·h̃: the state line through z's valve, h̃ joining through 1 − z. */}
      <line x1={30} y1={36} x2={352} y2={36} className="state-rail" />
      <line x1={30} y1={36} x2={109} y2={36} stroke={state(prev('h'))} className="state-line" />
      <line
        x1={131}
        y1={36}
        x2={249}
        y2={36}
        stroke={state(prev('h') * v('z'))}
        className="state-line"
        strokeOpacity={Math.max(0.15, v('z'))}
      />
      <line x1={271} y1={36} x2={352} y2={36} stroke={state(v('h'))} className="state-line" />
      <Label x={30} y={24} symbols={[['h', prevName]]} value={prev('h')} />
      <Label x={352} y={24} end symbols={[['h', 't']]} value={v('h')} />
      <Node x={120} y={36} op="×" />
      <Node x={260} y={36} op="+" />
      <Node x={260} y={96} op="×" />
      <circle cx={230} cy={118} r={11} className="squash" />
      <text x={230} y={122} textAnchor="middle" className="squash-label">
        1−
      </text>
      <path
        d="M120,150V47 M120,118H219 M241,118H260V107 M320,150V96H271 M260,85V47 M200,150V138H282V167H296"
        className="wire"
      />
      <text x={126} y={80} className="diagram-label">{`z = ${fmt4(v('z'))}`}</text>
      <text x={206} y={134} className="diagram-label">
        r
      </text>
      <Valve x={120} y={150} label="σ z" value={v('z')} kind="sequential" lo={0} hi={1} />
      <Valve x={200} y={150} label="σ r" value={v('r')} kind="sequential" lo={0} hi={1} />
      <Valve x={320} y={150} label="tanh h̃" value={v('hh')} kind="diverging" lo={-1} hi={1} />
    </g>
  );
}

/** The SimpleRNN: one tanh valve, straight to h. */
function SimpleRnnCell({ r: { v } }: { r: Reading }) {
  return (
    <g>
      <path d="M200,150V60H352" className="wire" />
      <Label x={352} y={50} end symbols={[['h', 't']]} value={v('h')} />
      <Valve x={200} y={150} label="tanh" value={v('h')} kind="diverging" lo={-1} hi={1} />
    </g>
  );
}

/** Each kind's picture: a kind without one fails `tsc` here. */
const DRAWINGS: Record<CellType, (props: { r: Reading }) => React.JSX.Element> = {
  lstm: LstmCell,
  gru: GruCell,
  simple_rnn: SimpleRnnCell,
};
