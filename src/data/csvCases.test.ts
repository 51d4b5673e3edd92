import { describe, expect, it } from 'vitest';
import { findColumn, parseCsv, parseTextLines } from './csv';

/** The DataError a call throws (fails the test when it throws nothing). */
function thrown(run: () => unknown): { message: string; row?: number; column?: string } {
  try {
    run();
  } catch (e) {
    return e as { message: string; row?: number; column?: string };
  }
  throw new Error('expected a DataError');
}
const pick = ({ message, row, column }: ReturnType<typeof thrown>) => ({ message, row, column });

describe('parseCsv, case by case', () => {
  it('finds the header after blank and space-only lines, trims names and cells, keeps row numbers', () => {
    const t = parseCsv('\n   \n a , b \n 1 , x \n2,y\n');
    expect(t.columns).toEqual(['a', 'b']);
    expect(t.cells).toEqual([
      ['1', 'x'],
      ['2', 'y'],
    ]);
    expect(t.rowNumbers).toEqual([4, 5]);
    expect(Array.from(t.numeric[0]!)).toEqual([1, 2]);
    expect(t.numeric[1]).toBeNull();
  });

  it('names the header row of an empty column name', () => {
    expect(pick(thrown(() => parseCsv('\na,,c\n1,2,3\n')))).toEqual({
      message: 'Row 2: the header of column B is empty.',
      row: 2,
      column: 'B',
    });
  });

  it('drops trailing columns that are empty or blank in every full-width row, and only those', () => {
    expect(parseCsv('a,b,\n1,2,\n3,4,\n').cells).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseCsv('a,b, \n1,2,  \n3,4,\n').columns).toEqual(['a', 'b']);
    // A shorter row is not cut to fit: it keeps its own count and is refused by it.
    expect(pick(thrown(() => parseCsv('a,b,,\n1,2,,\n3,4,5\n')))).toEqual({
      message: 'Row 3 has 3 fields but the header has 2.',
      row: 3,
      column: undefined,
    });
  });

  it('names a quote error’s spreadsheet row, in lower case', () => {
    expect(pick(thrown(() => parseCsv('a,b\n1,2\n"3,4\n')))).toEqual({
      message: 'Row 3: quoted field unterminated.',
      row: 3,
      column: undefined,
    });
  });

  it('a column with more text than numbers is text; an all-empty column is not numeric', () => {
    const t = parseCsv('a,b,c\n1,1,\nx,2,\ny,3,\n');
    expect(t.numeric[0]).toBeNull();
    expect(t.numeric[2]).toBeNull();
    expect(Array.from(t.numeric[1]!)).toEqual([1, 2, 3]);
  });

  it('a numeric column with gaps names its first empty or bad cell', () => {
    // Two numbers, three empty cells: still numeric (empty cells do not count against it).
    expect(thrown(() => parseCsv('a,b\n1,k\n2,k\n,k\n,k\n,k\n')).message).toBe(
      'Row 4, column "a" (A) is empty.',
    );
    // Bad cells at the first and the last data row: the first is named.
    expect(pick(thrown(() => parseCsv('a\nx\n1\n2\n3\ny\n')))).toEqual({
      message: 'Row 2, column "a" (A) is "x", not a number.',
      row: 2,
      column: 'a',
    });
    expect(thrown(() => parseCsv('a\n1\nx\n2\n3\ny\n')).message).toBe(
      'Row 3, column "a" (A) is "x", not a number.',
    );
  });

  it('findColumn trims the name asked for and names a missing one', () => {
    const t = parseCsv('a,b\n1,2\n');
    expect(findColumn(t, ' b ')).toBe(1);
    expect(pick(thrown(() => findColumn(t, 'c')))).toEqual({
      message: 'The CSV has no column "c" (columns: a, b).',
      row: undefined,
      column: 'c',
    });
  });
});

describe('parseTextLines, case by case', () => {
  it('trims label and text, and names the line and the part that is empty', () => {
    expect(parseTextLines(' pos \t  good  ')).toEqual([{ label: 'pos', text: 'good', line: 1 }]);
    expect(pick(thrown(() => parseTextLines('a\tx\n \ty')))).toEqual({
      message: 'Line 2: the label is empty.',
      row: 2,
      column: 'label',
    });
    expect(pick(thrown(() => parseTextLines('a\tx\n\nb,  ')))).toEqual({
      message: 'Line 3: the text is empty.',
      row: 3,
      column: 'text',
    });
  });

  it('takes 20,000 lines and refuses the next, naming its line', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i % 2}\tword`).join('\n');
    expect(parseTextLines(lines(20_000))).toHaveLength(20_000);
    expect(pick(thrown(() => parseTextLines(lines(20_001))))).toEqual({
      message: 'The text has more than 20,000 lines (the limit).',
      row: 20_001,
      column: undefined,
    });
  });
});
