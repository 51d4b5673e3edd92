import { memo, type PointerEvent, useMemo, useRef, useState } from 'react';
import { type Domain, linearScale, linePath, type Scale, type XY } from '../view/plotGeometry';
import { PlotAxes, type PlotBox } from './PlotAxes';
import { Readout, readoutContent, readoutText } from './PlotReadout';
import type { PlotBand, PlotMarker, PlotProps, PlotSeries } from './plotTypes';
import { useElementSize } from './useElementSize';
import { usePlotKeyboard } from './usePlotKeyboard';
import { useT } from './useT';

const MARGIN = { top: 28, right: 24, bottom: 42, left: 64 };
const COMPACT = { top: 10, right: 14, bottom: 40, left: 60 };
const NO_BANDS: PlotBand[] = [];
const NO_MARKERS: PlotMarker[] = [];

/**
 * A small SVG chart drawn by hand: axes, lines or dots, bands, markers, and a hover readout. It
 * exists because the live charts redraw several times a second during training, and recharts'
 * store update on each new data array held the main thread for 60–250 ms on this hardware; this
 * redraw is a few path strings (at most a few hundred points each) and a handful of elements.
 */
export const Plot = memo(function Plot(props: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(ref);
  return (
    <div className="plot" ref={ref}>
      {width > 0 && height > 0 && <PlotSvg {...props} width={width} height={height} />}
    </div>
  );
});

function PlotSvg(props: PlotProps & { width: number; height: number }) {
  const { width, height, series, xDomain, yDomain, hover } = props;
  const margin = props.compact ? COMPACT : MARGIN;
  const box: PlotBox = useMemo(
    () => ({
      left: margin.left,
      top: margin.top,
      right: Math.max(margin.left + 1, width - margin.right),
      bottom: Math.max(margin.top + 1, height - margin.bottom),
    }),
    [margin, width, height],
  );
  const sx = useMemo(() => linearScale(xDomain, [box.left, box.right]), [xDomain, box]);
  const sy = useMemo(() => linearScale(yDomain, [box.bottom, box.top]), [yDomain, box]);
  const t = useT();
  const [mouse, setMouse] = useState<{ px: number; py: number } | null>(null);
  const keys = usePlotKeyboard(series, hover, sx, sy);
  const pointer = keys.pointer ?? mouse;
  const readout = pointer ? readoutContent({ ...props, sx, sy, pointer, mode: hover }) : null;

  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    setMouse({ px: e.clientX - rect.left + box.left, py: e.clientY - rect.top + box.top });
  };

  return (
    <>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${props.ariaLabel}. ${t('chartKeys')}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a chart read by keyboard (the arrow keys walk its readout) must take focus
        tabIndex={0}
        onKeyDown={keys.onKeyDown}
        onFocus={keys.onFocus}
        onBlur={keys.onBlur}
      >
        <PlotAxes
          box={box}
          sx={sx}
          sy={sy}
          xLabel={props.xLabel}
          yLabel={props.yLabel}
          integerX={props.integerX ?? false}
          formatX={props.formatX}
          formatY={props.formatY}
          xSpacing={90}
          ySpacing={props.compact ? 40 : 56}
        />
        <Overlays
          box={box}
          sx={sx}
          bands={props.bands ?? NO_BANDS}
          markers={props.markers ?? NO_MARKERS}
          halfStep={props.integerX ? 0.5 : 0}
        />
        {props.diagonal && <Diagonal sx={sx} sy={sy} xDomain={xDomain} yDomain={yDomain} />}
        <SeriesPaths series={series} sx={sx} sy={sy} />
        <rect
          className="plot-hit"
          x={box.left}
          y={box.top}
          width={box.right - box.left}
          height={box.bottom - box.top}
          onPointerMove={onMove}
          onPointerLeave={() => setMouse(null)}
        />
        {pointer && readout && (
          <Readout {...props} box={box} sx={sx} sy={sy} pointer={pointer} mode={hover} content={readout} />
        )}
      </svg>
      <p className="sr-only" aria-live="polite">
        {keys.pointer && readout ? readoutText(readout) : ''}
      </p>
    </>
  );
}

const SeriesPaths = memo(function SeriesPaths(props: {
  series: readonly PlotSeries[];
  sx: Scale;
  sy: Scale;
}) {
  const { series, sx, sy } = props;
  return (
    <g className="plot-series">
      {series.map((s) =>
        s.mode === 'dots' ? (
          <path
            key={s.id}
            className="plot-dots"
            data-series={s.id}
            d={dotsPath(s.points, sx, sy)}
            fill={s.color}
          />
        ) : (
          <path
            key={s.id}
            className="plot-line"
            data-series={s.id}
            d={linePath(s.points, sx, sy)}
            stroke={s.color}
            strokeWidth={s.width ?? 2}
            strokeDasharray={s.dashed ? '5 3' : undefined}
          />
        ),
      )}
    </g>
  );
});

/** All dots of a scatter as one path of tiny circles: one DOM node however many windows. */
function dotsPath(points: readonly XY[], sx: Scale, sy: Scale, r = 2.6): string {
  let d = '';
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const x = sx(p.x);
    const y = sy(p.y);
    d += `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  return d;
}

/**
 * Bands and markers. On an integer axis (epochs) a band from a to b covers its epochs whole: half
 * a step either side, inside the plot, so a stretch of three epochs reads as three epochs wide.
 */
function Overlays(props: {
  box: PlotBox;
  sx: Scale;
  bands: readonly PlotBand[];
  markers: readonly PlotMarker[];
  halfStep: number;
}) {
  const { box, sx, bands, markers, halfStep } = props;
  const mid = (box.left + box.right) / 2;
  const left = (x: number) => Math.max(box.left, sx(x - halfStep));
  const right = (x: number) => Math.min(box.right, sx(x + halfStep));
  return (
    <g className="plot-overlays">
      {bands.map((b) => (
        <g key={`${b.from}-${b.to}`} className="plot-band" data-from={b.from} data-to={b.to}>
          <rect
            x={left(b.from)}
            y={box.top}
            width={Math.max(1, right(b.to) - left(b.from))}
            height={box.bottom - box.top}
          />
          <text x={(left(b.from) + right(b.to)) / 2} y={box.top - 8} textAnchor="middle">
            {b.label}
          </text>
        </g>
      ))}
      {markers.map((m, i) => {
        const x = sx(m.x);
        // Labels right of the line, or left of it in the right part of the chart, where they would clip.
        const right = x < mid + (box.right - box.left) * 0.25;
        return (
          <g key={`${m.label}`} className="plot-marker" data-x={m.x}>
            <line
              x1={x}
              x2={x}
              y1={box.top}
              y2={box.bottom}
              stroke={m.color}
              strokeDasharray={m.dashed ? '4 3' : undefined}
            />
            <text
              x={right ? x + 5 : x - 5}
              y={box.top + 14 + 16 * i}
              textAnchor={right ? 'start' : 'end'}
              fill={m.color}
            >
              {m.chartLabel ?? m.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Diagonal(props: { sx: Scale; sy: Scale; xDomain: Domain; yDomain: Domain }) {
  const lo = Math.max(props.xDomain[0], props.yDomain[0]);
  const hi = Math.min(props.xDomain[1], props.yDomain[1]);
  if (!(hi > lo)) return null;
  return (
    <line className="plot-diagonal" x1={props.sx(lo)} y1={props.sy(lo)} x2={props.sx(hi)} y2={props.sy(hi)} />
  );
}
