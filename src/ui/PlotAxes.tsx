import { memo } from 'react';
import { niceTicks, type Scale } from '../view/plotGeometry';

export interface PlotBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface PlotAxesProps {
  box: PlotBox;
  sx: Scale;
  sy: Scale;
  xLabel: string;
  yLabel: string;
  integerX: boolean;
  formatX: (v: number) => string;
  formatY: (v: number) => string;
  /** About how many pixels between two ticks. */
  xSpacing: number;
  ySpacing: number;
}

/** Grid, tick labels and axis titles. Memoized: it changes only when the size or a domain does. */
export const PlotAxes = memo(function PlotAxes(props: PlotAxesProps) {
  const { box, sx, sy, xLabel, yLabel, integerX, formatX, formatY } = props;
  const [x0, x1] = [sx.invert(box.left), sx.invert(box.right)];
  const [y0, y1] = [sy.invert(box.bottom), sy.invert(box.top)];
  const xTicks = niceTicks(x0, x1, Math.max(2, (box.right - box.left) / props.xSpacing), integerX);
  const yTicks = niceTicks(y0, y1, Math.max(2, (box.bottom - box.top) / props.ySpacing));
  return (
    <g className="plot-axes">
      <g className="plot-grid">
        {xTicks.map((v) => (
          <line key={`x${v}`} x1={sx(v)} x2={sx(v)} y1={box.top} y2={box.bottom} />
        ))}
        {yTicks.map((v) => (
          <line key={`y${v}`} x1={box.left} x2={box.right} y1={sy(v)} y2={sy(v)} />
        ))}
      </g>
      <path className="plot-axis-line" d={`M${box.left},${box.top}V${box.bottom}H${box.right}`} />
      {xTicks.map((v) => (
        <text key={`xt${v}`} x={sx(v)} y={box.bottom + 16} textAnchor="middle">
          {formatX(v)}
        </text>
      ))}
      {yTicks.map((v) => (
        <text key={`yt${v}`} x={box.left - 6} y={sy(v)} dy="0.32em" textAnchor="end">
          {formatY(v)}
        </text>
      ))}
      <text
        className="plot-axis-title"
        x={(box.left + box.right) / 2}
        y={box.bottom + 32}
        textAnchor="middle"
      >
        {xLabel}
      </text>
      <text
        className="plot-axis-title"
        transform={`translate(12 ${(box.top + box.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {yLabel}
      </text>
    </g>
  );
});
