import Papa from 'papaparse';
import { DataError } from './dataError';
import { columnNumberStyle, parseStyledNumber } from './numberFormat';

export { DataError } from './dataError';

/** Data rows a CSV may have (the header not counted): a browser tab, not a data warehouse. */
export const MAX_CSV_ROWS = 20_000;
/** Lines a labelled-text input may have. */
export const MAX_TEXT_LINES = 20_000;

/** A parsed CSV. Row numbers are 1-based as in a spreadsheet: the header is row 1. */
export interface CsvTable {
  columns: string[];
  /** Data rows, in file order: cells[row][column], trimmed. */
  cells: string[][];
  /** Spreadsheet row of each data row (blank lines are skipped but still counted). */
  rowNumbers: number[];
  /**
   * Per column: its values if it is numeric, else null. A column is numeric when at least half of
   * its non-empty cells are numbers (in the column's style: "1,234.5" or "1.234,5", see
   * numberFormat.ts); any other cell in it is then an error, not silently dropped.
   */
  numeric: (Float64Array | null)[];
  /** The field delimiter papaparse found: ",", ";", tab, ... */
  delimiter: string;
}

/** "C" for the third column, "AA" for the 27th: what a spreadsheet shows above the column. */
export function columnLetter(index: number): string {
  let name = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) {
    name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  }
  return name;
}

export function describeColumn(table: CsvTable, index: number): string {
  return `column "${table.columns[index]}" (${columnLetter(index)})`;
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The field delimiter. A header row with none of the usual delimiters is one column (values such
 * as "1,000" must not split it). Otherwise papaparse guesses, with blank lines left out: a
 * trailing newline would spoil its guess for a small file.
 */
function guessDelimiter(text: string): string {
  const header = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  if (!DELIMITERS.some((d) => header.includes(d))) return Papa.RECORD_SEP;
  return Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', preview: 50 }).meta.delimiter;
}

/** Parses a CSV with a header row (delimiter detected: comma, semicolon, tab, ...). */
export function parseCsv(text: string): CsvTable {
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: guessDelimiter(text),
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes' || e.code === 'InvalidQuotes');
  if (quoteError) {
    throw new DataError(`Row ${(quoteError.row ?? 0) + 1}: ${quoteError.message.toLowerCase()}.`, {
      row: (quoteError.row ?? 0) + 1,
    });
  }
  const records = dropEmptyColumns(parsed.data);
  const isBlank = (record: string[]) => record.length === 1 && record[0].trim() === '';
  const headerIndex = records.findIndex((r) => !isBlank(r));
  if (headerIndex < 0) throw new DataError('The CSV is empty: it needs a header row and data rows.');
  const columns = records[headerIndex].map((name) => name.trim());
  columns.forEach((name, c) => {
    if (name === '') {
      throw new DataError(`Row ${headerIndex + 1}: the header of column ${columnLetter(c)} is empty.`, {
        row: headerIndex + 1,
        column: columnLetter(c),
      });
    }
  });

  const cells: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = headerIndex + 1; r < records.length; r++) {
    if (isBlank(records[r])) continue;
    const row = r + 1;
    if (records[r].length !== columns.length) {
      throw new DataError(
        `Row ${row} has ${records[r].length} fields but the header has ${columns.length}.`,
        { row },
      );
    }
    if (cells.length === MAX_CSV_ROWS) {
      throw new DataError(
        `The CSV has more than ${MAX_CSV_ROWS.toLocaleString('en')} data rows (the limit).`,
        {
          row,
        },
      );
    }
    cells.push(records[r].map((cell) => cell.trim()));
    rowNumbers.push(row);
  }
  if (cells.length === 0) throw new DataError('The CSV has a header row but no data rows.');

  const table: CsvTable = { columns, cells, rowNumbers, numeric: [], delimiter: parsed.meta.delimiter };
  table.numeric = columns.map((_, c) => numericColumn(table, c));
  return table;
}

/**
 * Leaves out trailing columns with no header and no value in any row: what a spreadsheet writes
 * after a stray delimiter at the end of each line ("a,b,"). A nameless column with values stays,
 * and is refused by its header.
 */
function dropEmptyColumns(records: string[][]): string[][] {
  const width = Math.max(0, ...records.map((r) => r.length));
  let keep = width;
  while (keep > 1 && records.every((r) => r.length !== width || (r[keep - 1] ?? '').trim() === '')) keep--;
  if (keep === width) return records;
  return records.map((r) => (r.length === width ? r.slice(0, keep) : r));
}

function numericColumn(table: CsvTable, c: number): Float64Array | null {
  const values = new Float64Array(table.cells.length);
  const style = columnNumberStyle(
    table.cells.map((row) => row[c]),
    table.delimiter,
  );
  let numbers = 0;
  let nonEmpty = 0;
  let firstBad = -1;
  table.cells.forEach((row, r) => {
    const value = parseStyledNumber(row[c], style);
    if (row[c] !== '') nonEmpty++;
    if (value === null) {
      if (firstBad < 0) firstBad = r;
    } else {
      numbers++;
      values[r] = value;
    }
  });
  if (numbers === 0 || numbers * 2 < nonEmpty) return null;
  if (firstBad >= 0) {
    const row = table.rowNumbers[firstBad];
    const cell = table.cells[firstBad][c];
    const what = cell === '' ? 'is empty' : `is "${cell}", not a number`;
    throw new DataError(`Row ${row}, ${describeColumn(table, c)} ${what}.`, {
      row,
      column: table.columns[c],
    });
  }
  return values;
}

/** Index of a named column; a clear error when it is not in the header. */
export function findColumn(table: CsvTable, name: string): number {
  const index = table.columns.indexOf(name.trim());
  if (index < 0) {
    throw new DataError(`The CSV has no column "${name}" (columns: ${table.columns.join(', ')}).`, {
      column: name,
    });
  }
  return index;
}

/** One labelled line of text input. */
export interface TextLine {
  label: string;
  text: string;
  /** 1-based line in the input. */
  line: number;
}

/** Parses "label<TAB>text" or "label,text" lines (the first tab wins, else the first comma). */
export function parseTextLines(input: string): TextLine[] {
  const lines: TextLine[] = [];
  input.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const cut = raw.includes('\t') ? raw.indexOf('\t') : raw.indexOf(',');
    if (cut < 0) {
      throw new DataError(`Line ${line}: expected "label<TAB>text" or "label,text", found no tab or comma.`, {
        row: line,
      });
    }
    const label = raw.slice(0, cut).trim();
    const text = raw.slice(cut + 1).trim();
    if (label === '')
      throw new DataError(`Line ${line}: the label is empty.`, { row: line, column: 'label' });
    if (text === '') throw new DataError(`Line ${line}: the text is empty.`, { row: line, column: 'text' });
    if (lines.length === MAX_TEXT_LINES) {
      throw new DataError(
        `The text has more than ${MAX_TEXT_LINES.toLocaleString('en')} lines (the limit).`,
        {
          row: line,
        },
      );
    }
    lines.push({ label, text, line });
  });
  if (lines.length === 0) throw new DataError('The text is empty: give one "label<TAB>text" per line.');
  return lines;
}
