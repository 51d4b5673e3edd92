import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnLetter, MAX_CSV_ROWS, parseCsv, parseTextLines } from './csv';
import { DataError } from './dataError';

/** The DataError a call throws (fails the test when it throws nothing or something else). */
function dataError(call: () => unknown): DataError {
  try {
    call();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('parseCsv', () => {
  it('reads numeric columns and leaves text columns (dates, labels) aside', () => {
    const table = parseCsv('date,temp,weather\n2012-01-01,1.5,rain\n2012-01-02,-2e1,sun\n');
    expect(table.columns).toEqual(['date', 'temp', 'weather']);
    expect(table.numeric[0]).toBeNull();
    expect(Array.from(table.numeric[1]!)).toEqual([1.5, -20]);
    expect(table.numeric[2]).toBeNull();
    expect(table.rowNumbers).toEqual([2, 3]);
  });

  it('detects semicolons and tabs as delimiters', () => {
    expect(parseCsv('a;b\n1;2\n3;4').columns).toEqual(['a', 'b']);
    expect(parseCsv('a\tb\n1\t2\n3\t4').columns).toEqual(['a', 'b']);
  });

  it('names the spreadsheet row of a broken row, counting blank lines', () => {
    const error = dataError(() => parseCsv('a,b\n1,2\n\n3,4,5\n'));
    expect(error.row).toBe(4);
    expect(error.message).toBe('Row 4 has 3 fields but the header has 2.');
  });

  it('names row and column of a non-numeric cell in a numeric column', () => {
    const error = dataError(() => parseCsv('a,b,c\n1,2,3\n4,five,6\n7,8,9\n'));
    expect([error.row, error.column]).toEqual([3, 'b']);
    expect(error.message).toBe('Row 3, column "b" (B) is "five", not a number.');
  });

  it('reports an empty cell in a numeric column', () => {
    expect(dataError(() => parseCsv('a,b\n1,2\n3,\n5,6')).message).toBe('Row 3, column "b" (B) is empty.');
  });

  it(`refuses more than ${MAX_CSV_ROWS} data rows`, () => {
    const text = `x\n${'1\n'.repeat(MAX_CSV_ROWS + 1)}`;
    const error = dataError(() => parseCsv(text));
    expect(error.message).toMatch(/more than 20,000 data rows/);
    expect(error.row).toBe(MAX_CSV_ROWS + 2);
    expect(parseCsv(`x\n${'1\n'.repeat(MAX_CSV_ROWS)}`).cells).toHaveLength(MAX_CSV_ROWS);
  });

  it('refuses an empty input, a header alone, an empty header name and an open quote', () => {
    expect(dataError(() => parseCsv('\n\n')).message).toMatch(/empty/);
    expect(dataError(() => parseCsv('a,b\n')).message).toMatch(/no data rows/);
    expect(dataError(() => parseCsv('a,,c\n1,2,3')).column).toBe('B');
    expect(dataError(() => parseCsv('a,b\n1,2\n3,"4\n')).row).toBe(3);
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('property: any numeric table round-trips, value for value', () => {
    const cell = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((cols) =>
        fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 30 }),
      );
    fc.assert(
      fc.property(table, (rows) => {
        const header = rows[0].map((_, c) => `c${c}`).join(',');
        const parsed = parseCsv(`${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
        for (const [r, row] of rows.entries()) {
          for (const [c, v] of row.entries()) {
            // === rather than toBe: "-0" is written as "0", and 0 === -0.
            expect(parsed.numeric[c]![r] === v).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('property: any single corrupted cell is reported at its row and column', () => {
    const input = fc
      .record({ rows: fc.integer({ min: 2, max: 25 }), cols: fc.integer({ min: 1, max: 6 }) })
      .chain(({ rows, cols }) =>
        fc.record({
          values: fc.array(
            fc.array(fc.integer({ min: -999, max: 999 }), { minLength: cols, maxLength: cols }),
            {
              minLength: rows,
              maxLength: rows,
            },
          ),
          row: fc.integer({ min: 0, max: rows - 1 }),
          col: fc.integer({ min: 0, max: cols - 1 }),
          junk: fc.constantFrom('abc', 'n/a', '1.2.3', '--1', '#VALUE!', '12px'),
        }),
      );
    fc.assert(
      fc.property(input, ({ values, row, col, junk }) => {
        const cells = values.map((r) => r.map(String));
        cells[row][col] = junk;
        const header = cells[0].map((_, c) => `col ${c}`).join(',');
        const error = dataError(() => parseCsv(`${header}\n${cells.map((r) => r.join(',')).join('\n')}`));
        expect(error.row).toBe(row + 2); // the header is row 1
        expect(error.column).toBe(`col ${col}`);
        expect(error.message).toContain(`Row ${row + 2}, column "col ${col}" (${columnLetter(col)})`);
      }),
      { numRuns: 80 },
    );
  });
});

describe('parseTextLines', () => {
  it('splits at the first tab, else at the first comma, and skips blank lines', () => {
    expect(parseTextLines('pos\tgood, really\n\nneg,bad, very bad\r\n')).toEqual([
      { label: 'pos', text: 'good, really', line: 1 },
      { label: 'neg', text: 'bad, very bad', line: 3 },
    ]);
  });

  it('names the line with no separator, no label or no text', () => {
    expect(dataError(() => parseTextLines('pos\tok\nno separator here')).row).toBe(2);
    expect(dataError(() => parseTextLines('pos\tok\n\n,text')).message).toBe('Line 3: the label is empty.');
    expect(dataError(() => parseTextLines('pos\t  ')).message).toBe('Line 1: the text is empty.');
    expect(dataError(() => parseTextLines('  \n')).message).toMatch(/empty/);
  });
});
