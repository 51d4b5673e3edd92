/**
 * The inside views' colour scales, as 256-entry RGB lookup tables: viridis (sequential, for the
 * sigmoid gates in 0..1) and a blue–white–orange diverging scale around 0 (g, c, h). Both stay
 * readable for the common colour-vision deficiencies: viridis is monotone in lightness, and the
 * diverging one pairs blue with orange (ColorBrewer RdBu's blues, PuOr's oranges), the pair that
 * deuteranopes and protanopes still tell apart; its middle is near-white.
 */
export type ScaleKind = 'sequential' | 'diverging';

const VIRIDIS = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];
const BLUE_ORANGE = [
  '#2166ac',
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#f7f7f7',
  '#fee0b6',
  '#fdb863',
  '#e08214',
  '#b35806',
];

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/** 256 × RGB, interpolated linearly between the stops. */
function table(stops: string[]): Uint8Array {
  const colors = stops.map(rgb);
  const out = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const x = (k / 255) * (colors.length - 1);
    const i = Math.min(colors.length - 2, Math.floor(x));
    const f = x - i;
    for (let c = 0; c < 3; c++) out[k * 3 + c] = Math.round(colors[i][c] * (1 - f) + colors[i + 1][c] * f);
  }
  return out;
}

export const LUTS: Record<ScaleKind, Uint8Array> = {
  sequential: table(VIRIDIS),
  diverging: table(BLUE_ORANGE),
};

/** A value's entry in the table for the domain [lo, hi] (clamped; NaN takes the middle). */
export function lutIndex(value: number, lo: number, hi: number): number {
  const x = (value - lo) / (hi - lo);
  if (!(x >= 0)) return Number.isNaN(x) ? 128 : 0;
  return x >= 1 ? 255 : Math.floor(x * 255.999);
}

/** The CSS colour of a value (for legends, words and the cell diagram). */
export function colorOf(kind: ScaleKind, value: number, lo: number, hi: number): string {
  const k = lutIndex(value, lo, hi) * 3;
  const t = LUTS[kind];
  return `rgb(${t[k]}, ${t[k + 1]}, ${t[k + 2]})`;
}

/** Text on a coloured cell: black on the light part of a scale, white on the dark part. */
export function inkOn(kind: ScaleKind, value: number, lo: number, hi: number): string {
  const k = lutIndex(value, lo, hi) * 3;
  const t = LUTS[kind];
  const luminance = 0.2126 * t[k] + 0.7152 * t[k + 1] + 0.0722 * t[k + 2];
  return luminance > 140 ? '#111' : '#fff';
}

/** CSS gradient stops of a scale (a legend bar), low to high. */
export function gradientCss(kind: ScaleKind): string {
  const stops = kind === 'sequential' ? VIRIDIS : BLUE_ORANGE;
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
