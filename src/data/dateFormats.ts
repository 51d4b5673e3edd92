/**
 * The human side of the dates dataset (issue 23): a calendar day from 1950-01-01 to 2049-12-31 and
 * the many ways people write it, English and Chinese. Every format is unambiguous (day and month
 * never trade places under one separator: numeric dates with '/' or '.' are always day/month/year,
 * year-first ones use '-', none, or 年月日), so a model can reach 100% on all of them.
 */

/** A calendar date; weekday 0 = Sunday … 6 = Saturday (as Date.getUTCDay). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

export interface DateFormat {
  /** A pattern-like name the UI and tests can show ("D Month YYYY"). */
  name: string;
  /** 2020-03-25 (a Wednesday) written in this format. */
  example: string;
  /** The longest string this format writes for any date in range (in characters). */
  maxLength: number;
  render: (date: DateParts) => string;
}

const MS_PER_DAY = 86_400_000;
const FIRST_DAY_MS = Date.UTC(1950, 0, 1);
/** Days from 1950-01-01 to 2049-12-31 inclusive: 100 years, 25 of them leap (2000 is one). */
export const DAY_COUNT = (Date.UTC(2050, 0, 1) - FIRST_DAY_MS) / MS_PER_DAY;
export const FIRST_YEAR = 1950;
export const LAST_YEAR = 2049;

/** The date `dayIndex` days after 1950-01-01 (0 ≤ dayIndex < DAY_COUNT), real (proleptic UTC) calendar. */
export function dateOfDay(dayIndex: number): DateParts {
  const d = new Date(FIRST_DAY_MS + dayIndex * MS_PER_DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Chinese digits as a year is read out digit by digit: 二〇二〇. */
const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 星期日 … 星期六, Sunday first like WEEKDAYS. */
const CN_WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

const pad2 = (n: number) => String(n).padStart(2, '0');
const month = (d: DateParts) => MONTHS[d.month - 1];
const mon = (d: DateParts) => month(d).slice(0, 3);
const weekday = (d: DateParts) => WEEKDAYS[d.weekday];
const wkd = (d: DateParts) => weekday(d).slice(0, 3);
/** Two-digit year: 1950–1999 → 50–99 and 2000–2049 → 00–49, so a reader maps 50–99 to 19xx and 00–49 to 20xx. */
const yy = (d: DateParts) => pad2(d.year % 100);
const iso = (d: DateParts) => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;

/** 1–99 in Chinese numerals: 十 = 10, 十二 = 12, 二十 = 20, 三十一 = 31. */
export function chineseNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : `${tens === 1 ? '' : CN_DIGITS[tens]}十`;
  return tensPart + (ones === 0 ? '' : CN_DIGITS[ones]);
}

const chineseYear = (d: DateParts) => [...String(d.year)].map((c) => CN_DIGITS[Number(c)]).join('');

/** Longest names: September (9), Wednesday (9); longest Chinese day: 二十一 … (3), month 十一 (2). */
const FORMAT_TABLE: Omit<DateFormat, 'example'>[] = [
  { name: 'D Month YYYY', maxLength: 17, render: (d) => `${d.day} ${month(d)} ${d.year}` },
  { name: 'D Mon YYYY', maxLength: 11, render: (d) => `${d.day} ${mon(d)} ${d.year}` },
  { name: 'Month D, YYYY', maxLength: 18, render: (d) => `${month(d)} ${d.day}, ${d.year}` },
  { name: 'Mon D YYYY', maxLength: 11, render: (d) => `${mon(d)} ${d.day} ${d.year}` },
  {
    name: 'Weekday, D Month YYYY',
    maxLength: 28,
    render: (d) => `${weekday(d)}, ${d.day} ${month(d)} ${d.year}`,
  },
  { name: 'Wkd D Mon YYYY', maxLength: 15, render: (d) => `${wkd(d)} ${d.day} ${mon(d)} ${d.year}` },
  { name: 'd month yyyy', maxLength: 17, render: (d) => `${d.day} ${month(d)} ${d.year}`.toLowerCase() },
  { name: 'month d, yyyy', maxLength: 18, render: (d) => `${month(d)} ${d.day}, ${d.year}`.toLowerCase() },
  {
    name: 'wkd d mon yyyy',
    maxLength: 15,
    render: (d) => `${wkd(d)} ${d.day} ${mon(d)} ${d.year}`.toLowerCase(),
  },
  { name: 'DD/MM/YYYY', maxLength: 10, render: (d) => `${pad2(d.day)}/${pad2(d.month)}/${d.year}` },
  { name: 'DD/MM/YY', maxLength: 8, render: (d) => `${pad2(d.day)}/${pad2(d.month)}/${yy(d)}` },
  { name: 'D.M.YYYY', maxLength: 10, render: (d) => `${d.day}.${d.month}.${d.year}` },
  { name: 'DD.MM.YYYY', maxLength: 10, render: (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}` },
  { name: 'YYYY-MM-DD', maxLength: 10, render: iso },
  { name: 'YYYYMMDD', maxLength: 8, render: (d) => `${d.year}${pad2(d.month)}${pad2(d.day)}` },
  { name: 'YYYY年M月D日', maxLength: 11, render: (d) => `${d.year}年${d.month}月${d.day}日` },
  { name: 'YYYY年MM月DD日', maxLength: 11, render: (d) => `${d.year}年${pad2(d.month)}月${pad2(d.day)}日` },
  {
    name: 'YYYY年M月D日星期W',
    maxLength: 14,
    render: (d) => `${d.year}年${d.month}月${d.day}日星期${CN_WEEKDAYS[d.weekday]}`,
  },
  {
    name: '二〇二〇年三月二十五日',
    maxLength: 12,
    render: (d) => `${chineseYear(d)}年${chineseNumber(d.month)}月${chineseNumber(d.day)}日`,
  },
];

const EXAMPLE_DATE: DateParts = { year: 2020, month: 3, day: 25, weekday: 3 };

/** Every format the dataset draws from, with 2020-03-25 written in it and its longest length. */
export const DATE_FORMATS: DateFormat[] = FORMAT_TABLE.map((f) => ({
  ...f,
  example: f.render(EXAMPLE_DATE),
}));

/** The target side: "YYYY-MM-DD". */
export function isoDate(date: DateParts): string {
  return iso(date);
}

/** Writes `date` in DATE_FORMATS[formatIndex]. */
export function formatDate(date: DateParts, formatIndex: number): string {
  return DATE_FORMATS[formatIndex].render(date);
}

/**
 * Every character any format can write, and nothing else, sorted by code point. Built from the
 * formats' own parts (not from drawn data), so a date the user types encodes the same way as the
 * dataset's. Case-sensitive: "March" and "march" use different rows for M and m.
 */
export const DATE_INPUT_VOCABULARY: string[] = [
  ...new Set(
    [
      '0123456789',
      ' ,/.-',
      ...MONTHS,
      ...WEEKDAYS,
      ...MONTHS.map((m) => m.toLowerCase()),
      ...WEEKDAYS.map((w) => w.slice(0, 3).toLowerCase()),
      ...CN_DIGITS,
      '十年月日星期',
      ...CN_WEEKDAYS,
    ].flatMap((part) => [...part]),
  ),
].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
