import { decimate } from './decimate';

/**
 * The geometry of the hand-drawn SVG plots: ticks, scales, paths. Pure and cheap (a few hundred
 * points), so a live chart costs well under a millisecond to redraw, where a charting library's
 * store update cost tens.
 */
export interface XY {
  x: number;
  y: number;
}

export type Domain = readonly [number, number];

/** A data→pixel map and its inverse (for hover). */
export interface Scale {
  (value: number): number;
  invert(pixel: number): number;
}

export function linearScale(domain: Domain, range: Domain): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 !== d0 ? (r1 - r0) / (d1 - d0) : 0;
  const scale = ((v: number) => r0 + (v - d0) * k) as Scale;
  scale.invert = (p: number) => (k !== 0 ? d0 + (p - r0) / k : d0);
  return scale;
}

/** 1, 2 or 5 times a power of ten: the step that gives about `count` ticks over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  // The nearest of 1, 2, 5, 10 on a log scale, so the tick count stays close to the one asked for.
  return (f >= Math.sqrt(50) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.sqrt(2) ? 2 : 1) * power;
}

/** Round ticks inside [min, max]; `integer` keeps steps ≥ 1 (epochs). */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  let step = niceStep(max - min, count);
  if (integer) step = Math.max(1, Math.round(step));
  if (max === min) return [min];
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  // Multiplying (not adding) keeps 0.1·3 from becoming 0.30000000000000004 in the labels.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * A domain around the data that ends on round numbers; `fromZero` starts it at 0 (losses). A flat
 * or empty series still gets a usable span, so the axis never collapses to a point.
 */
export function niceDomain(values: readonly number[], count = 5, fromZero = false): Domain {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return fromZero ? [0, 1] : [-1, 1];
  if (fromZero) lo = Math.min(0, lo);
  if (hi === lo) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    hi += pad;
    if (!fromZero || lo !== 0) lo -= pad;
  }
  const step = niceStep(hi - lo, count);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/**
 * SVG path through the points in pixel space, at most `maxPoints` of them (min/max per bucket, so
 * spikes survive). A non-finite y breaks the line instead of drawing a spike to infinity.
 */
export function linePath(points: readonly XY[], sx: Scale, sy: Scale, maxPoints = 300): string {
  const kept = decimate(points, maxPoints, (p) => p.y);
  let d = '';
  let pen = false;
  for (const p of kept) {
    if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Index of the point whose x is nearest to `x`; points sorted by x. -1 when empty. */
export function nearestByX(points: readonly XY[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[hi].x - x) < Math.abs(points[lo].x - x) ? hi : lo;
}

/** Index of the point nearest to (px, py) in pixels, within `radius`; -1 when none is that close. */
export function nearestInPlane(
  points: readonly XY[],
  sx: Scale,
  sy: Scale,
  px: number,
  py: number,
  radius = 24,
): number {
  let best = -1;
  let bestDist = radius * radius;
  for (let i = 0; i < points.length; i++) {
    const dx = sx(points[i].x) - px;
    const dy = sy(points[i].y) - py;
    const dist = dx * dx + dy * dy;
    if (dist <= bestDist) {
      best = i;
      bestDist = dist;
    }
  }
  return best;
}

/** A tick label: the round number as short as it is (0.2, not 0.200; 1500, not 1.50e+3). */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(4)));
}
