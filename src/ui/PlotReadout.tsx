import { nearestByX, nearestInPlane, type Scale, type XY } from '../view/plotGeometry';
import type { PlotBox } from './PlotAxes';
import type { PlotProps } from './plotTypes';

interface ReadoutProps extends PlotProps {
  box: PlotBox;
  sx: Scale;
  sy: Scale;
  pointer: { px: number; py: number };
  mode: 'x' | 'plane';
}

export interface ReadoutContent {
  guideX: number | null;
  title: string;
  /** The marks at this x (best epoch, early stop, a change to the run): read aloud with the values. */
  notes: string[];
  rows: { label: string; color: string; value: string; at: XY }[];
}

/** What the readout says at the pointer: also read aloud when the chart is explored by keyboard. */
export function readoutContent(props: Omit<ReadoutProps, 'box'>): ReadoutContent | null {
  const { sx, sy, pointer, series } = props;
  let guideX: number | null = null;
  let title = '';
  const rows: ReadoutContent['rows'] = [];
  let notes: string[] = [];
  const format = props.formatValue ?? props.formatY;
  if (props.mode === 'x') {
    // Snap to the data x nearest the pointer over all series (past runs may be longer than this one).
    const target = sx.invert(pointer.px);
    let x = Number.NaN;
    for (const s of series) {
      const p = s.points[nearestByX(s.points, target)];
      if (p && !(Math.abs(p.x - target) >= Math.abs(x - target))) x = p.x;
    }
    if (Number.isNaN(x)) return null;
    guideX = sx(x);
    title = props.readoutTitle?.(x) ?? props.formatX(x);
    notes = (props.markers ?? []).filter((m) => m.x === x).map((m) => m.label);
    for (const s of series) {
      const p = s.points[nearestByX(s.points, x)];
      if (p && p.x === x && Number.isFinite(p.y))
        rows.push({ label: s.label, color: s.color, value: format(p.y), at: p });
    }
  } else {
    const dots = series.find((s) => s.mode === 'dots');
    const i = dots ? nearestInPlane(dots.points, sx, sy, pointer.px, pointer.py) : -1;
    if (!dots || i < 0) return null;
    const p = dots.points[i];
    title = props.readoutTitle?.(i) ?? '';
    rows.push({ label: props.xLabel, color: 'var(--muted)', value: format(p.x), at: p });
    rows.push({ label: props.yLabel, color: dots.color, value: format(p.y), at: p });
  }
  return { guideX, title, notes, rows };
}

/**
 * The readout as one line of text, the marks at its x first: "epoch 7, best epoch 7, training
 * loss: 0.12, validation loss: 0.31".
 */
export const readoutText = (c: ReadoutContent) =>
  [c.title, ...c.notes, ...c.rows.map((r) => `${r.label}: ${r.value}`)].filter(Boolean).join(', ');

/** The values under the pointer: a guide line, a ring on each value, and a small box of text. */
export function Readout(props: ReadoutProps & { content: ReadoutContent }) {
  const { box, sx, sy } = props;
  const { guideX, title, rows } = props.content;
  const lines = (title ? 1 : 0) + rows.length;
  // SVG text cannot be measured before it is drawn; ~7 px per character of 12 px text is close enough.
  const longest = Math.max(title.length, ...rows.map((r) => r.label.length + 2 + r.value.length));
  const boxW = Math.min(box.right - box.left, 16 + 7 * longest);
  const boxH = 8 + 16 * lines;
  const anchorX = guideX ?? sx(rows[0].at.x);
  const flip = anchorX + 12 + boxW > box.right;
  const left = flip ? anchorX - 12 - boxW : anchorX + 12;
  const top = Math.min(box.top + 6, box.bottom - boxH);
  return (
    <g className="plot-readout" pointerEvents="none" data-testid="plot-readout">
      {guideX !== null && (
        <line className="plot-guide" x1={guideX} x2={guideX} y1={box.top} y2={box.bottom} />
      )}
      {rows.map((r) => (
        <circle key={r.label} cx={sx(r.at.x)} cy={sy(r.at.y)} r={4} stroke={r.color} />
      ))}
      <rect x={left} y={top} width={boxW} height={boxH} rx={6} />
      {title && (
        <text x={left + 8} y={top + 16} className="plot-readout-title">
          {title}
        </text>
      )}
      {rows.map((r, k) => (
        <text key={r.label} x={left + 8} y={top + 16 + 16 * (k + (title ? 1 : 0))} fill={r.color}>
          {r.label}: {r.value}
        </text>
      ))}
    </g>
  );
}
