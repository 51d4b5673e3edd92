import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { parseCsv } from './csv';
import { checkFileSize, MAX_FILE_BYTES, readCustomInput } from './customInput';
import { DataError } from './dataError';
import { buildDataset } from './index';
import type { NumberStyle } from './numberFormat';
import type { CustomData, Dataset } from './types';

/**
 * Files that fight back: whatever a student drops on the page, reading it either makes a dataset
 * that trains or refuses it with a DataError worded for the user, never another exception.
 */
const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name: 'custom',
  timesteps: 3,
  trainSize: 1000,
  ...over,
});

function expectUsable(ds: Dataset): void {
  expect(ds.train.n).toBeGreaterThanOrEqual(1);
  expect(ds.val.n).toBeGreaterThanOrEqual(1);
  expect(ds.train.x.length).toBe(ds.train.n * ds.timesteps * ds.features);
  expect(ds.train.y.length).toBe(ds.train.n * ds.outputs);
  for (const v of ds.train.x) expect(Number.isFinite(v)).toBe(true);
  for (const v of ds.val.y) expect(Number.isFinite(v)).toBe(true);
}

/** Builds the dataset; a DataError is a fine answer, anything else fails the property. */
function readOrRefuse(custom: CustomData, over: Partial<DatasetConfig> = {}): Dataset | DataError {
  try {
    const ds = buildDataset(config(over), 1, {}, custom);
    expectUsable(ds);
    return ds;
  } catch (error) {
    if (error instanceof DataError) {
      expect(error.message.length).toBeGreaterThan(0);
      if (error.row !== undefined) expect(error.row).toBeGreaterThanOrEqual(1);
      return error;
    }
    throw error;
  }
}

const csv = (text: string, over: Partial<CustomData> = {}): CustomData => ({
  name: 'dropped.csv',
  kind: 'csv',
  text,
  ...over,
});

describe('any bytes at all', () => {
  const csvLike = fc.string({
    unit: fc.constantFrom(
      '1',
      '2',
      '9',
      '.',
      ',',
      ';',
      '\t',
      '"',
      '\n',
      '\r',
      ' ',
      '-',
      'e',
      'a',
      '\uFEFF',
      'é',
    ),
    maxLength: 300,
  });

  it('property: random bytes, as a CSV or as text lines, are read or refused with a DataError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('csv', 'text'), (bytes, kind) => {
        const text = new TextDecoder().decode(bytes);
        readOrRefuse({ name: 'noise.bin', kind: kind as 'csv' | 'text', text });
      }),
      { numRuns: 300 },
    );
  });

  it('property: CSV-like junk (delimiters, quotes, line breaks, BOMs) is read or refused with a DataError', () => {
    fc.assert(
      fc.property(csvLike, fc.integer({ min: 2, max: 6 }), (text, timesteps) => {
        readOrRefuse(csv(text), { timesteps });
        readOrRefuse(csv(`a,b\n${text}`), { timesteps });
      }),
      { numRuns: 300 },
    );
  });
});

/** A number written as a spreadsheet in some locale would write it, and its value. */
const styledNumber = (style: NumberStyle, group: string) =>
  fc
    .record({
      negative: fc.boolean(),
      whole: fc.integer({ min: 0, max: 2_000_000_000 }),
      fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 4 }),
    })
    .map(({ negative, whole, fraction }) => {
      const digits = String(whole);
      const grouped = group ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, group) : digits;
      const mark = style === 'decimal-point' ? '.' : ',';
      const sign = negative ? '-' : '';
      return {
        cell: `${sign}${grouped}${fraction ? mark + fraction : ''}`,
        value: Number(`${sign}${digits}${fraction ? `.${fraction}` : ''}`),
      };
    });

const localeTable = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    style: fc.constantFrom<NumberStyle>('decimal-point', 'decimal-comma'),
    groupIndex: fc.integer({ min: 0, max: 3 }),
    columns: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: 1, max: 20 }),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    quoteAll: fc.boolean(),
  })
  .chain((shape) => {
    // Thousands separators each style allows: never its own decimal mark.
    const groups = shape.style === 'decimal-point' ? ['', ',', ' ', "'"] : ['', '.', ' ', '\u00A0'];
    const group = groups[shape.groupIndex];
    const column = fc.array(styledNumber(shape.style, group), {
      minLength: shape.rows,
      maxLength: shape.rows,
    });
    return fc.record({
      shape: fc.constant(shape),
      cells: fc.array(column, { minLength: shape.columns, maxLength: shape.columns }),
    });
  });

describe('numbers as spreadsheets around the world write them', () => {
  it('property: thousands separators, a decimal comma, ";" or tab, BOM, CRLF, quotes: every value read exactly', () => {
    fc.assert(
      fc.property(localeTable, ({ shape, cells }) => {
        const { delimiter, style, columns, bom, crlf, quoteAll } = shape;
        // One cell per column with a one-digit fraction reads only in its own style, so the column's
        // style is never a guess (a column of only "1,234" is ambiguous: numberFormat.test.ts).
        const anchor =
          style === 'decimal-point' ? { cell: '12.5', value: 12.5 } : { cell: '12,5', value: 12.5 };
        const table = cells.map((column) => [...column, anchor]);
        const quote = (cell: string) =>
          quoteAll || cell.includes(delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell;
        const header = Array.from({ length: columns }, (_, c) => quote(`col ${c}`)).join(delimiter);
        const lines = table[0].map((_, r) => table.map((column) => quote(column[r].cell)).join(delimiter));
        const eol = crlf ? '\r\n' : '\n';
        const text = `${bom ? '\uFEFF' : ''}${header}${eol}${lines.join(eol)}${eol}`;
        const parsed = parseCsv(text);
        expect(parsed.columns).toEqual(Array.from({ length: columns }, (_, c) => `col ${c}`));
        table.forEach((column, c) => {
          column.forEach(({ value }, r) => {
            expect(parsed.numeric[c]![r] === value).toBe(true); // === : -0 and 0 are the same reading
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('awkward but valid files', () => {
  it('keeps a quoted line break inside a label, and counts rows as records', () => {
    const rows = Array.from({ length: 30 }, (_, r) => `${r},${r % 5},"${r % 2 ? 'wet\nday' : 'dry'}"`);
    const ds = buildDataset(config(), 1, {}, csv(`t,v,label\r\n${rows.join('\r\n')}\r\n`));
    expect(ds.classNames).toEqual(['dry', 'wet\nday']);
    const broken = `t,note,v\n1,a,2\n3,"x\ny",4\n5,b,six\n`;
    const error = readOrRefuse(csv(broken));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).row).toBe(4); // the header is row 1; the quoted break stays in row 3
  });

  it('drops nameless empty columns left by a trailing delimiter, and refuses an empty named one as the target', () => {
    const rows = Array.from({ length: 30 }, (_, r) => `${r};${Math.sin(r)};`);
    const ds = buildDataset(config(), 1, {}, csv(`t;v;\n${rows.join('\n')}`));
    expect(ds.featureNames).toEqual(['t', 'v']);
    const withEmpty = `t,v,notes\n${Array.from({ length: 30 }, (_, r) => `${r},${r % 3},`).join('\n')}`;
    expect(buildDataset(config(), 1, {}, csv(withEmpty, { column: 'v' })).featureNames).toEqual(['t', 'v']);
    expect(() => buildDataset(config(), 1, {}, csv(withEmpty, { column: 'notes' }))).toThrow(
      'Row 2, column "notes" (C): the label is empty.',
    );
    expect(() =>
      buildDataset(config(), 1, {}, csv(withEmpty, { column: 'notes', task: 'regression' })),
    ).toThrow('column "notes" (C) is empty, so it cannot be forecast');
  });

  it('trains on one numeric column alone, and refuses one text column by name', () => {
    const ds = buildDataset(
      config(),
      1,
      {},
      csv(`v\n${Array.from({ length: 30 }, (_, r) => r % 7).join('\n')}`),
    );
    expect([ds.task, ds.features, ds.outputs]).toEqual(['regression', 1, 1]);
    expect(() => buildDataset(config(), 1, {}, csv(`w\n${'a\nb\n'.repeat(15)}`))).toThrow(
      'The CSV has no usable numeric column for inputs (columns: w).',
    );
  });

  it('names the limit for 10 rows against a longer window, and for headers only', () => {
    const ten = `a,b\n${Array.from({ length: 10 }, (_, r) => `${r},${r * 2}`).join('\n')}`;
    expect(() => buildDataset(config({ timesteps: 20 }), 1, {}, csv(ten))).toThrow(
      'The CSV has 10 data rows; timesteps 20 needs at least 21 (a window and the row after it).',
    );
    expectUsable(buildDataset(config({ timesteps: 3 }), 1, {}, csv(ten)));
    expect(() => buildDataset(config(), 1, {}, csv('a;b;c\r\n'))).toThrow(
      'The CSV has a header row but no data rows.',
    );
  });
});

describe('the size limit', () => {
  it(`refuses more than ${MAX_FILE_BYTES} bytes by the size alone, naming the limit`, async () => {
    expect(() => checkFileSize(MAX_FILE_BYTES)).not.toThrow();
    expect(() => checkFileSize(MAX_FILE_BYTES + 1)).toThrow('The file is 20 MB; the limit is 20 MB.');
    expect(() => checkFileSize(31.4 * 1024 * 1024)).toThrow('The file is 31.4 MB; the limit is 20 MB.');
    // A Blob whose reading would fail: the size check must come first, and so never read it.
    const unreadable = {
      size: MAX_FILE_BYTES + 1,
      text: () => Promise.reject(new Error('was read')),
    } as Blob;
    await expect(readCustomInput({ name: 'big.csv', kind: 'csv', file: unreadable })).rejects.toThrow(
      /the limit is 20 MB/,
    );
    const small = new Blob(['a,b\n1,2\n']);
    expect((await readCustomInput({ name: 'small.csv', kind: 'csv', file: small })).text).toBe('a,b\n1,2\n');
  });
});
