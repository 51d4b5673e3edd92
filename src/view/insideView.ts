import type { GradNorms, ProbeLayer, ProbeQuantity } from '../engine/contracts/probe';
import type { InsideProbe } from '../engine/host/inside';
import { byKind, CELL_KINDS } from '../model/cellKinds';
import type { CellType } from '../model/config';
import { LUTS, lutIndex, type ScaleKind } from './colorScales';
import type { XY } from './plotGeometry';

/**
 * The inside views' view-model: which quantities a cell shows, their colour domains, the heatmap
 * pixels, a unit's series, the most active units and the gradient-through-time series. Pure
 * functions of a probe (engine/contracts/probe.ts); the components only draw what these return.
 *
 * A layer's units are numbered as Keras's Bidirectional concatenates its output: the forward
 * direction's units 0…H−1, then the reverse direction's H…2H−1.
 */

/** The heatmaps of each cell type, top to bottom: the gates, then the state. */
export const HEATMAPS: Record<CellType, readonly ProbeQuantity[]> = byKind((c) => CELL_KINDS[c].heatmaps);

/** Sigmoid gates read 0..1 on a sequential scale; tanh outputs and the states diverge around 0. */
export const SCALE_OF: Partial<Record<ProbeQuantity, ScaleKind>> = {
  i: 'sequential',
  f: 'sequential',
  o: 'sequential',
  z: 'sequential',
  r: 'sequential',
};
export const scaleOf = (q: ProbeQuantity): ScaleKind => SCALE_OF[q] ?? 'diverging';

/** Units of a layer's output (both directions when Bidirectional). */
export const layerWidth = (layer: ProbeLayer) => layer.units * layer.directions.length;

/** The value of unit u (0…width−1) of a layer at step t. */
export function valueAt(layer: ProbeLayer, q: ProbeQuantity, unit: number, t: number): number {
  const d = Math.floor(unit / layer.units);
  const j = unit % layer.units;
  const a = layer.directions[d]?.[q];
  return a ? a[t * layer.units + j] : Number.NaN;
}

/**
 * A quantity's colour domain: [0, 1] for the gates, [−1, 1] for tanh outputs, and ±max|c| (to a
 * round number) for the LSTM cell state, which is not bounded.
 */
export function domainOf(layer: ProbeLayer, q: ProbeQuantity): [number, number] {
  if (scaleOf(q) === 'sequential') return [0, 1];
  if (q !== 'c') return [-1, 1];
  let max = 0;
  for (const d of layer.directions) for (const v of d.c ?? []) max = Math.max(max, Math.abs(v));
  const round = max <= 1 ? 1 : max <= 2 ? 2 : Math.ceil(max / 5) * 5;
  return [-round, round];
}

/**
 * RGBA pixels of a heatmap: one row per unit (both directions stacked), one column per step, in
 * `out` when it has the size. ~3 ms for 512 units × 200 steps.
 */
export function heatmapPixels(
  layer: ProbeLayer,
  q: ProbeQuantity,
  steps: number,
  domain: [number, number],
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const H = layer.units;
  const rows = layerWidth(layer);
  const pixels = out && out.length === rows * steps * 4 ? out : new Uint8ClampedArray(rows * steps * 4);
  const lut = LUTS[scaleOf(q)];
  const [lo, hi] = domain;
  layer.directions.forEach((d, k) => {
    const a = d[q];
    if (!a) return;
    for (let j = 0; j < H; j++) {
      const row = (k * H + j) * steps;
      for (let t = 0; t < steps; t++) {
        const c = lutIndex(a[t * H + j], lo, hi) * 3;
        const p = (row + t) * 4;
        pixels[p] = lut[c];
        pixels[p + 1] = lut[c + 1];
        pixels[p + 2] = lut[c + 2];
        pixels[p + 3] = 255;
      }
    }
  });
  return pixels;
}

/** A unit's c (LSTM) and h over the steps. */
export function unitSeries(layer: ProbeLayer, unit: number, steps: number): { c: XY[] | null; h: XY[] } {
  const series = (q: ProbeQuantity) =>
    Array.from({ length: steps }, (_, t) => ({ x: t, y: valueAt(layer, q, unit, t) }));
  return { c: layer.directions[0].c ? series('c') : null, h: series('h') };
}

/** The units whose h varies most over the window's steps (variance over t), most first. */
export function mostActiveUnits(
  layer: ProbeLayer,
  steps: number,
  count = 8,
): { unit: number; variance: number }[] {
  const ranked = Array.from({ length: layerWidth(layer) }, (_, unit) => {
    let sum = 0;
    let sq = 0;
    for (let t = 0; t < steps; t++) {
      const v = valueAt(layer, 'h', unit, t);
      sum += v;
      sq += v * v;
    }
    const mean = sum / steps;
    return { unit, variance: Math.max(0, sq / steps - mean * mean) };
  });
  return ranked.sort((a, b) => b.variance - a.variance || a.unit - b.unit).slice(0, count);
}

/** ‖∂L/∂c_t‖ (LSTM) and ‖∂L/∂h_t‖ of one layer and direction as log10 points against t. */
export function gradientSeries(
  norms: GradNorms | null,
  layer: number,
  direction: number,
): { c: XY[] | null; h: XY[] } {
  const log = (a: Float32Array | undefined) =>
    Array.from(a ?? [], (v, t) => ({ x: t, y: v > 0 ? Math.log10(v) : Number.NaN }));
  return {
    c: norms?.c ? log(norms.c[layer]?.[direction]) : null,
    h: log(norms?.h[layer]?.[direction]),
  };
}

/** The step readout after step t: the predicted class (or value) and, for classes, its probability. */
export function readoutAt(
  probe: InsideProbe,
  t: number,
  outputs: number,
): { best: number; value: number } | null {
  const r = probe.activations.readout;
  if (!r) return null;
  if (outputs === 1) return { best: 0, value: r[t] };
  let best = 0;
  for (let k = 1; k < outputs; k++) if (r[t * outputs + k] > r[t * outputs + best]) best = k;
  return { best, value: r[t * outputs + best] };
}
