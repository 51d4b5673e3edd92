/**
 * Text on a shaded cell must stay readable (WCAG AA: a contrast of 4.5 to 1): the ink is dark or
 * white, whichever contrasts more with the colour the cell shows, a tint over the white panel.
 */
type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
// Pure black: at the crossover between black and white ink a mid-tone reaches ~4.6; the page ink (#1f2937) would reach only ~3.9.
const DARK_INK: Rgb = [0, 0, 0];

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `tint` at `alpha` over white, and the ink that reads best on it. */
export function tintedCell(tint: Rgb, alpha: number): { background: string; color: string } {
  const shown = tint.map((c) => Math.round(255 + (c - 255) * alpha)) as unknown as Rgb;
  const ink = contrastRatio(shown, DARK_INK) >= contrastRatio(shown, WHITE) ? DARK_INK : WHITE;
  return { background: `rgb(${shown.join(',')})`, color: `rgb(${ink.join(',')})` };
}
