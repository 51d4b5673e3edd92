import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { DataError } from './dataError';
import { DAY_COUNT } from './dateFormats';
import {
  buildDates,
  DATE_FORMATS,
  DATE_INPUT_VOCABULARY,
  DATE_OUTPUT_VOCABULARY,
  type DateParts,
  dateOfDay,
  datesDataset,
  datesOf,
  decodeDateOutput,
  encodeDateInput,
  formatDate,
  isoDate,
  MIN_DATE_TIMESTEPS,
} from './dates';
import { Prng } from './prng';
import type { Dataset, Split } from './types';

const config = (over: Partial<DatasetConfig> = {}): DatasetConfig => ({
  // name stays the default's: buildDates does not read it (the lead adds 'dates' to the list).
  ...DEFAULT_CONFIG.dataset,
  trainSize: 400,
  valFraction: 0.2,
  timesteps: 30,
  ...over,
});
const build = (over: Partial<DatasetConfig> = {}, seed = 7): Dataset =>
  buildDates(config(over), new Prng(seed));
/** Element-wise equality (vitest's toEqual walks large typed arrays slowly). */
const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const formatIndex = (name: string) => DATE_FORMATS.findIndex((f) => f.name === name);
const date = (year: number, month: number, day: number): DateParts => {
  const d = dateOfDay(Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1950, 0, 1)) / 86_400_000));
  expect([d.year, d.month, d.day]).toEqual([year, month, day]);
  return d;
};

// An independent calendar: Gregorian leap rule, month lengths, and Zeller's congruence (0 = Sunday).
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) =>
  [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
function zeller(y: number, m: number, d: number): number {
  const [yy, mm] = m < 3 ? [y - 1, m + 12] : [y, m];
  const h =
    (d +
      Math.floor((13 * (mm + 1)) / 5) +
      yy +
      Math.floor(yy / 4) -
      Math.floor(yy / 100) +
      Math.floor(yy / 400)) %
    7;
  return (h + 6) % 7;
}

// Independent readers for a few formats (they do not use the module's tables).
const MONTH_NAMES =
  'january february march april may june july august september october november december'.split(' ');
const CN = '〇一二三四五六七八九';
function readChineseNumber(s: string): number {
  if (!s.includes('十')) return CN.indexOf(s);
  const [tens, ones] = s.split('十');
  return (tens === '' ? 1 : CN.indexOf(tens)) * 10 + (ones === '' ? 0 : CN.indexOf(ones));
}
const READERS: Record<string, (s: string) => [number, number, number]> = {
  'D Month YYYY': (s) => {
    const [d, m, y] = s.split(' ');
    return [Number(y), MONTH_NAMES.indexOf(m.toLowerCase()) + 1, Number(d)];
  },
  'month d, yyyy': (s) => {
    const [, m, d, y] = /^([a-z]+) (\d+), (\d{4})$/.exec(s)!;
    return [Number(y), MONTH_NAMES.indexOf(m) + 1, Number(d)];
  },
  'DD/MM/YY': (s) => {
    const [d, m, y] = s.split('/').map(Number);
    return [y >= 50 ? 1900 + y : 2000 + y, m, d];
  },
  'D.M.YYYY': (s) => {
    const [d, m, y] = s.split('.').map(Number);
    return [y, m, d];
  },
  二〇二〇年三月二十五日: (s) => {
    const [, y, m, d] = /^(.{4})年(.+)月(.+)日$/.exec(s)!;
    return [Number([...y].map((c) => CN.indexOf(c)).join('')), readChineseNumber(m), readChineseNumber(d)];
  },
};

/** A split's windows read back as strings (all-zero rows skipped) and whether padding is all in front. */
function readInputs(ds: Dataset, split: Split): { text: string; frontPadded: boolean }[] {
  const { timesteps: T, features: F } = ds;
  return Array.from({ length: split.n }, (_, i) => {
    let text = '';
    let frontPadded = true;
    for (let t = 0; t < T; t++) {
      const row = split.x.subarray((i * T + t) * F, (i * T + t + 1) * F);
      const ones = row.filter((v) => v === 1).length;
      expect(ones + row.filter((v) => v === 0).length).toBe(F);
      expect(ones).toBeLessThanOrEqual(1);
      if (ones === 1) text += ds.vocabulary![row.indexOf(1)];
      else if (text !== '') frontPadded = false;
    }
    return { text, frontPadded };
  });
}

describe('the calendar', () => {
  it('covers 1950-01-01 … 2049-12-31 day by day, leap years and weekdays as an independent calendar says', () => {
    expect(DAY_COUNT).toBe(100 * 365 + 25);
    let [y, m, d] = [1950, 1, 1];
    for (let k = 0; k < DAY_COUNT; k++) {
      expect(dateOfDay(k)).toEqual({ year: y, month: m, day: d, weekday: zeller(y, m, d) });
      d++;
      if (d > monthLength(y, m)) [m, d] = [m + 1, 1];
      if (m > 12) [y, m] = [y + 1, 1];
    }
    expect([y, m, d]).toEqual([2050, 1, 1]);
  });

  it('knows a few dates by hand: 2020-03-25 is a Wednesday, 2000-02-29 exists, 1900 and 2050 are out', () => {
    expect(date(2020, 3, 25).weekday).toBe(3);
    expect(date(2000, 2, 29).weekday).toBe(2);
    expect(date(1950, 1, 1).weekday).toBe(0);
    expect(dateOfDay(DAY_COUNT - 1)).toEqual({ year: 2049, month: 12, day: 31, weekday: 5 });
    const years = Array.from({ length: DAY_COUNT }, (_, k) => dateOfDay(k).year);
    expect(Math.min(...years)).toBe(1950);
    expect(Math.max(...years)).toBe(2049);
  });
});

describe('DATE_FORMATS', () => {
  it('writes 2020-03-25 in every format as a person would', () => {
    expect(DATE_FORMATS.map((f) => f.example)).toEqual([
      '25 March 2020',
      '25 Mar 2020',
      'March 25, 2020',
      'Mar 25 2020',
      'Wednesday, 25 March 2020',
      'Wed 25 Mar 2020',
      '25 march 2020',
      'march 25, 2020',
      'wed 25 mar 2020',
      '25/03/2020',
      '25/03/20',
      '25.3.2020',
      '25.03.2020',
      '2020-03-25',
      '20200325',
      '2020年3月25日',
      '2020年03月25日',
      '2020年3月25日星期三',
      '二〇二〇年三月二十五日',
    ]);
    expect(new Set(DATE_FORMATS.map((f) => f.name)).size).toBe(DATE_FORMATS.length);
  });

  it('writes edge dates right: leap day, two-digit years on both sides of 2000, Chinese tens', () => {
    const leap = date(2000, 2, 29);
    expect(formatDate(leap, formatIndex('Weekday, D Month YYYY'))).toBe('Tuesday, 29 February 2000');
    expect(formatDate(leap, formatIndex('wkd d mon yyyy'))).toBe('tue 29 feb 2000');
    expect(formatDate(leap, formatIndex('YYYY年M月D日星期W'))).toBe('2000年2月29日星期二');
    expect(formatDate(date(1950, 1, 1), formatIndex('DD/MM/YY'))).toBe('01/01/50');
    expect(formatDate(date(2049, 12, 31), formatIndex('DD/MM/YY'))).toBe('31/12/49');
    expect(formatDate(date(1999, 9, 5), formatIndex('D.M.YYYY'))).toBe('5.9.1999');
    expect(formatDate(date(1950, 1, 1), formatIndex('YYYY年M月D日星期W'))).toBe('1950年1月1日星期日');
    const cn = formatIndex('二〇二〇年三月二十五日');
    expect(formatDate(date(1950, 1, 1), cn)).toBe('一九五〇年一月一日');
    expect(formatDate(date(2010, 10, 10), cn)).toBe('二〇一〇年十月十日');
    expect(formatDate(date(2011, 11, 11), cn)).toBe('二〇一一年十一月十一日');
    expect(formatDate(date(2049, 12, 31), cn)).toBe('二〇四九年十二月三十一日');
    expect(formatDate(date(2020, 3, 20), cn)).toBe('二〇二〇年三月二十日');
  });

  it('reads back to the same date by independent readers (property over random days)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DAY_COUNT - 1 }), (k) => {
        const d = dateOfDay(k);
        for (const [name, read] of Object.entries(READERS)) {
          expect(read(formatDate(d, formatIndex(name)))).toEqual([d.year, d.month, d.day]);
        }
        expect(formatDate(d, formatIndex('YYYY-MM-DD'))).toBe(isoDate(d));
      }),
      { numRuns: 500 },
    );
  });

  it('only writes vocabulary characters and never passes a format’s stated length (property)', () => {
    const vocabulary = new Set(DATE_INPUT_VOCABULARY);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DAY_COUNT - 1 }), fc.nat(DATE_FORMATS.length - 1), (k, f) => {
        const text = formatDate(dateOfDay(k), f);
        expect([...text].every((c) => vocabulary.has(c))).toBe(true);
        expect([...text].length).toBeLessThanOrEqual(DATE_FORMATS[f].maxLength);
      }),
      { numRuns: 2000 },
    );
  });

  it('states each longest length exactly, and the vocabulary is every character written and no other', () => {
    const longest = DATE_FORMATS.map(() => 0);
    const used = new Set<string>();
    for (let k = 0; k < DAY_COUNT; k++) {
      const d = dateOfDay(k);
      DATE_FORMATS.forEach((f, i) => {
        const chars = [...f.render(d)];
        longest[i] = Math.max(longest[i], chars.length);
        for (const c of chars) used.add(c);
      });
    }
    expect(longest).toEqual(DATE_FORMATS.map((f) => f.maxLength));
    expect([...used].sort()).toEqual([...DATE_INPUT_VOCABULARY].sort());
    expect(new Set(DATE_INPUT_VOCABULARY).size).toBe(DATE_INPUT_VOCABULARY.length);
  });
});

describe('buildDates', () => {
  it('describes a sequence-to-sequence set: one-hot characters in, ten ISO characters out', () => {
    const ds = build();
    expect(ds).toMatchObject({
      name: 'dates',
      task: 'classification',
      timesteps: 30,
      features: DATE_INPUT_VOCABULARY.length,
      outputs: 110,
      featureNames: DATE_INPUT_VOCABULARY,
      vocabulary: DATE_INPUT_VOCABULARY,
      target: { steps: 10, vocabulary: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-'] },
    });
    expect(DATE_OUTPUT_VOCABULARY).toHaveLength(11);
    expect(ds.description).toContain('19 human formats');
    expect(ds.description).toContain('1950-01-01 to 2049-12-31');
  });

  it('is the same for the same seed and differs for another', () => {
    const [a, b, c] = [build({}, 3), build({}, 3), build({}, 4)];
    expect(same(b.train.x, a.train.x) && same(b.train.y, a.train.y)).toBe(true);
    expect(same(b.val.x, a.val.x) && same(b.val.y, a.val.y)).toBe(true);
    expect(same(c.train.x, a.train.x)).toBe(false);
    expect(same(c.train.y, a.train.y)).toBe(false);
  });

  it('writes each window front-padded, as the strings datesOf draws, and y decodes to their ISO date', () => {
    const ds = build({ trainSize: 300 }, 11);
    const sources = datesOf(config({ trainSize: 300 }), new Prng(11));
    for (const part of ['train', 'val'] as const) {
      const inputs = readInputs(ds, ds[part]);
      expect(inputs.map((r) => r.text)).toEqual(sources[part].map((s) => s.input));
      expect(inputs.every((r) => r.frontPadded)).toBe(true);
      sources[part].forEach((s, i) => {
        expect(decodeDateOutput(ds[part].y, i * 110)).toBe(s.output);
        const block = ds[part].y.subarray(i * 110, (i + 1) * 110);
        expect(block.reduce((sum, v) => sum + v, 0)).toBe(10);
        expect(s.input).toBe(formatDate(dateOfDay(dayOf(s.output)), s.format));
      });
    }
  });

  it('draws every format and days across the whole range', () => {
    const { train } = datesOf(config({ trainSize: 4000 }), new Prng(2));
    expect(new Set(train.map((s) => s.format)).size).toBe(DATE_FORMATS.length);
    const years = train.map((s) => Number(s.output.slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(1953);
    expect(Math.max(...years)).toBeGreaterThan(2046);
  });

  it('holds trainSize training windows and valFraction of the whole for validation (at least 128)', () => {
    const a = build({ trainSize: 1000, valFraction: 0.2 });
    expect([a.train.n, a.val.n]).toEqual([1000, 250]);
    expect(a.train.x).toHaveLength(1000 * 30 * a.features);
    expect(a.val.y).toHaveLength(250 * 110);
    const b = build({ trainSize: 64, valFraction: 0.05 });
    expect([b.train.n, b.val.n]).toEqual([64, 128]);
  });

  it('draws only the formats that fit timesteps, and refuses fewer than the shortest format', () => {
    const { train } = datesOf(config({ timesteps: 10, trainSize: 2000 }), new Prng(1));
    const fitting = DATE_FORMATS.flatMap((f, i) => (f.maxLength <= 10 ? [i] : []));
    expect(new Set(train.map((s) => s.format))).toEqual(new Set(fitting));
    expect(build({ timesteps: 10 }).description).toContain(`${fitting.length} of 19 human formats`);
    expect(MIN_DATE_TIMESTEPS).toBe(8);
    expect(build({ timesteps: 8 }).train.n).toBe(400);
    expect(() => build({ timesteps: 7 })).toThrow(DataError);
    expect(() => build({ timesteps: 7 })).toThrow(/at least 8 timesteps.*timesteps is 7/);
  });

  it('datesDataset encodes sources already drawn, so one draw serves the arrays and the view', () => {
    const sources = datesOf(config(), new Prng(5));
    const [drawn, built] = [datesDataset(config(), sources), build({}, 5)];
    expect(same(drawn.train.x, built.train.x) && same(drawn.val.y, built.val.y)).toBe(true);
  });
});

/** Day index of an ISO date string, by Date.UTC (only to cross-check a source's own fields). */
const dayOf = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1950, 0, 1)) / 86_400_000;

describe('encodeDateInput', () => {
  it('encodes a typed date (trimmed) exactly as the dataset row of the same string', () => {
    const ds = build({ trainSize: 50 }, 9);
    const source = datesOf(config({ trainSize: 50 }), new Prng(9)).train[0];
    const T = 30;
    const row = ds.train.x.subarray(0, T * ds.features);
    const typed = encodeDateInput(`  ${source.input}\t`, T);
    expect(typed).toEqual({ x: new Float32Array(row) });
  });

  it('refuses empty, over-long and unknown characters by name', () => {
    expect(encodeDateInput('   ', 30)).toMatchObject({ reason: { kind: 'empty' }, error: /empty/ });
    const long = encodeDateInput('Wednesday, 25 September 2020', 20);
    expect(long).toMatchObject({
      reason: { kind: 'too-long', limit: 20 },
      error: /28 characters.*at most 20/,
    });
    expect(encodeDateInput('Wednesday, 25 September 2020', 28)).toHaveProperty('x');
    const umlaut = encodeDateInput('25 März 2020', 30);
    expect(umlaut).toMatchObject({ reason: { kind: 'unknown-char', char: 'ä' }, error: /"ä"/ });
    expect(encodeDateInput('25 MAR 2020', 30)).toMatchObject({ reason: { kind: 'unknown-char', char: 'R' } });
    expect(encodeDateInput('2020📅', 30)).toMatchObject({ reason: { kind: 'unknown-char', char: '📅' } });
  });
});

describe('decodeDateOutput', () => {
  it('reads the most likely character of each of the ten steps', () => {
    const probs = new Float32Array(2 * 110).fill(0.05);
    [...'1999-12-31'].forEach((c, step) => {
      probs[110 + step * 11 + DATE_OUTPUT_VOCABULARY.indexOf(c)] = 0.4;
    });
    expect(decodeDateOutput(probs, 110)).toBe('1999-12-31');
    expect(() => decodeDateOutput(probs, 111)).toThrow(RangeError);
    expect(decodeDateOutput(new Float32Array(110))).toBe('0000000000');
  });
});
