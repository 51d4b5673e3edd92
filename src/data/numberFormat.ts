/**
 * How a CSV column writes its numbers. Spreadsheets in much of Europe write "1.234,5" (a decimal
 * comma, points or spaces between thousands) and save with ";" between fields; English ones write
 * "1,234.5". One style holds for a whole column: the style under which more of its cells read as
 * numbers. A cell such as "1,234" reads both ways (1234 or 1.234); where every cell of a column is
 * that ambiguous, a file separated by ";" is read with the decimal comma, any other file with the
 * decimal point.
 */
export type NumberStyle = 'decimal-point' | 'decimal-comma';

// Thousands grouped by one separator, the same throughout the number: "1,234,567", "1 234 567".
// Spaces include the no-break and narrow no-break spaces that spreadsheets export.
const GROUPED = {
  'decimal-point': String.raw`\d{1,3}([,' \u00A0\u202F])\d{3}(?:\1\d{3})*`,
  'decimal-comma': String.raw`\d{1,3}([.' \u00A0\u202F])\d{3}(?:\1\d{3})*`,
};
const PATTERNS: Record<NumberStyle, RegExp> = {
  'decimal-point': new RegExp(
    String.raw`^[+-]?(?:(?:${GROUPED['decimal-point']}|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$`,
  ),
  'decimal-comma': new RegExp(
    String.raw`^[+-]?(?:(?:${GROUPED['decimal-comma']}|\d+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$`,
  ),
};

/** A cell as a number in this style ("1.234,5" → 1234.5 with the decimal comma); null if it is not one. */
export function parseStyledNumber(cell: string, style: NumberStyle): number | null {
  const match = PATTERNS[style].exec(cell);
  if (!match) return null;
  const group = match[1];
  let plain = group === undefined ? cell : cell.split(group).join('');
  if (style === 'decimal-comma') plain = plain.replace(',', '.');
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

/** The style under which more of the cells are numbers; ties go to the delimiter's convention. */
export function columnNumberStyle(cells: Iterable<string>, delimiter: string): NumberStyle {
  let point = 0;
  let comma = 0;
  for (const cell of cells) {
    if (cell === '') continue;
    if (parseStyledNumber(cell, 'decimal-point') !== null) point++;
    if (parseStyledNumber(cell, 'decimal-comma') !== null) comma++;
  }
  if (point !== comma) return point > comma ? 'decimal-point' : 'decimal-comma';
  return delimiter === ';' ? 'decimal-comma' : 'decimal-point';
}
