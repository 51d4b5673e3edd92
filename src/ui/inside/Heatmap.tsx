import { type MouseEvent, memo, type RefObject, useEffect, useMemo, useRef } from 'react';
import type { ProbeLayer, ProbeQuantity } from '../../engine/contracts/probe';
import { gradientCss, type ScaleKind } from '../../view/colorScales';
import { domainOf, heatmapPixels, layerWidth, scaleOf } from '../../view/insideView';
import { useT } from '../useT';

export interface Cell {
  unit: number;
  t: number;
}

interface HeatmapProps {
  layer: ProbeLayer;
  q: ProbeQuantity;
  steps: number;
  /** CSS pixels of the drawing. */
  width: number;
  height: number;
  cursor: Cell;
  onPoint(cell: Cell | null): void;
  onPick(cell: Cell): void;
  /** Evidence a story points at: these units' rows outlined from step `from` to `to` (inclusive). */
  outline?: { units: number[]; from: number; to: number } | null;
}

/**
 * Draws the quantity into the canvas: its pixels into a small image (one per unit and step), then
 * that scaled up. Each heatmap draws in a task of its own (a few ms), not all six in the commit
 * that mounts them.
 */
function useHeatmapDrawing(
  canvas: RefObject<HTMLCanvasElement | null>,
  layer: ProbeLayer,
  q: ProbeQuantity,
  steps: number,
  domain: [number, number],
  width: number,
) {
  const image = useRef<HTMLCanvasElement | null>(null);
  const rows = layerWidth(layer);
  useEffect(() => {
    const timer = setTimeout(() => {
      const target = canvas.current;
      const ctx = target?.getContext('2d');
      if (!target || !ctx || width <= 0) return;
      image.current ??= document.createElement('canvas');
      const small = image.current;
      small.width = steps;
      small.height = rows;
      const pixels = heatmapPixels(layer, q, steps, domain) as Uint8ClampedArray<ArrayBuffer>;
      small.getContext('2d')?.putImageData(new ImageData(pixels, steps, rows), 0, 0);
      // Blocks when each cell gets pixels of its own; smoothed when more rows than pixels share them.
      ctx.imageSmoothingEnabled = rows > target.height;
      ctx.clearRect(0, 0, target.width, target.height);
      ctx.drawImage(small, 0, 0, target.width, target.height);
      target.dataset.drawn = String(Number(target.dataset.drawn ?? 0) + 1);
    }, 0);
    return () => clearTimeout(timer);
  }, [canvas, layer, q, steps, rows, domain, width]);
}

/**
 * One quantity of a layer as units (rows) × steps (columns), drawn into a canvas: the pixels of a
 * small image, one per (unit, step), scaled up without smoothing. A redraw is the pixels
 * (insideView.heatmapPixels) and one drawImage, 2–6 ms for 512 units × 200 steps here, in a task
 * of its own; the cursor is a positioned box, so moving it redraws nothing.
 */
export const Heatmap = memo(function Heatmap(props: HeatmapProps) {
  const t = useT();
  const { layer, q, steps, width, height } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = layerWidth(layer);
  const domain = useMemo(() => domainOf(layer, q), [layer, q]);
  useHeatmapDrawing(canvas, layer, q, steps, domain, width);

  const cellAt = (e: MouseEvent<HTMLCanvasElement>): Cell => {
    const box = e.currentTarget.getBoundingClientRect();
    const tAt = Math.floor(((e.clientX - box.left) / box.width) * steps);
    const unit = Math.floor(((e.clientY - box.top) / box.height) * rows);
    return { unit: Math.min(rows - 1, Math.max(0, unit)), t: Math.min(steps - 1, Math.max(0, tAt)) };
  };
  const dpr = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);
  const cw = width / steps;
  const ch = height / rows;
  const kind = scaleOf(q);
  const name = t(`q_${q}` as 'q_i');
  return (
    <div className="heatmap-row">
      <div className="heatmap-name">{name}</div>
      <div className="heatmap-canvas" style={{ width, height }}>
        <canvas
          ref={canvas}
          width={Math.max(1, Math.round(width * dpr))}
          height={Math.max(1, Math.round(height * dpr))}
          style={{ width, height }}
          data-testid={`heatmap-${q}`}
          data-rows={rows}
          data-steps={steps}
          onPointerMove={(e) => props.onPoint(cellAt(e))}
          onPointerLeave={() => props.onPoint(null)}
          onClick={(e) => props.onPick(cellAt(e))}
        />
        {layer.directions.length === 2 && <div className="heatmap-split" style={{ top: height / 2 }} />}
        {props.outline?.units.map((unit) => (
          <div
            key={unit}
            className="heatmap-outline"
            data-testid="heatmap-outline"
            data-unit={unit}
            style={{
              left: props.outline!.from * cw - 1,
              top: unit * ch - 1,
              width: (props.outline!.to - props.outline!.from + 1) * cw + 2,
              height: Math.max(3, ch) + 2,
            }}
          />
        ))}
        <div
          className="heatmap-cursor"
          style={{
            left: props.cursor.t * cw - 1,
            top: props.cursor.unit * ch - 1,
            width: Math.max(3, cw) + 2,
            height: Math.max(3, ch) + 2,
          }}
        />
      </div>
      <HeatmapLegend name={name} kind={kind} domain={domain} />
    </div>
  );
});

/** The colour scale beside a heatmap: its bar and its ends (and 0 on a diverging scale), read out too. */
function HeatmapLegend({ name, kind, domain }: { name: string; kind: ScaleKind; domain: [number, number] }) {
  const t = useT();
  return (
    <div className="heatmap-legend" title={t('insideLegend', { name, lo: domain[0], hi: domain[1] })}>
      <div className="legend-bar" style={{ background: gradientCss(kind) }} aria-hidden="true" />
      <div className="legend-ticks">
        <span>{domain[0]}</span>
        {kind === 'diverging' && <span>0</span>}
        <span>{domain[1]}</span>
      </div>
      <span className="sr-only">{t('insideLegend', { name, lo: domain[0], hi: domain[1] })}</span>
    </div>
  );
}
