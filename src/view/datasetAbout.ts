import type { MessageKey } from '../i18n';

/**
 * The dataset's one-line description in the page's language. The data layer (in the worker) writes
 * it in English with its figures in it; each pattern below reads one builder's sentence back into
 * a message key and its figures, so Chinese gets the same figures. datasetAbout.test.ts builds
 * every dataset and checks that each description is read here: a builder's sentence that changes
 * fails that test, not the page. A sentence no pattern reads is shown as it came (never blank).
 */
export interface DatasetAbout {
  key: MessageKey;
  vars: Record<string, string>;
}

const PATTERNS: readonly [RegExp, MessageKey][] = [
  [
    /^Noisy sine waves \(period ≈ (?<period>\d+) steps, random phase\): forecast the next value\.$/,
    'dsAbout_sine',
  ],
  [
    /^The adding problem: sum the two marked values, one in each half of (?<t>\d+) steps\.$/,
    'dsAbout_adding',
  ],
  [
    /^Short movie reviews \("not bad at all", "good but boring"\): positive or negative\?$/,
    'dsAbout_sentiment',
  ],
  [
    /^Ten shapes \(sines, square, sawtooth, chirp, ramps, bump, step\) mixed into (?<c>\d+) noisy channels\.$/,
    'dsAbout_tenclass',
  ],
  [
    /^Seattle daily weather 2012–2015: forecast tomorrow's maximum temperature \(°C\)\.$/,
    'dsAbout_seattleTemp',
  ],
  [
    /^Seattle daily weather 2012–2015: will tomorrow bring drizzle, rain, sun, snow or fog\?$/,
    'dsAbout_seattleWeather',
  ],
  [/^S&P 500 monthly close 2000–2010: forecast next month’s level \(index points\)\.$/, 'dsAbout_sp500'],
  [/^Mauna Loa CO₂ since 1958: forecast next month’s change \(ppm\), a seasonal cycle\.$/, 'dsAbout_co2'],
  [
    /^SpamAssassin e-mails of 2002, spam or ham: (?<n>\d+) messages, the first (?<t>\d+) words of each, (?<words>\d+) words known\.$/,
    'dsAbout_spam',
  ],
  [
    /^Dates from (?<first>\d{4})-01-01 to (?<last>\d{4})-12-31 in (?<formats>\d+) human formats \(English, numeric, Chinese\), rewritten as ISO YYYY-MM-DD\.$/,
    'dsAbout_dates',
  ],
  [
    /^Dates from (?<first>\d{4})-01-01 to (?<last>\d{4})-12-31 in (?<formats>\d+) of (?<all>\d+) human formats \(English, numeric, Chinese\), rewritten as ISO YYYY-MM-DD\.$/,
    'dsAbout_datesSome',
  ],
  // Own data: the name and the column are the user's words, kept as written.
  [
    /^(?<name>.*): forecast "(?<column>.*)" at the next row from (?<t>\d+) rows\.$/s,
    'dsAbout_customForecast',
  ],
  [
    /^(?<name>.*): classify "(?<column>.*)" at the next row from (?<t>\d+) rows\.$/s,
    'dsAbout_customClassify',
  ],
  [
    /^(?<name>.*): (?<lines>\d+) labelled lines, (?<k>\d+) classes, (?<words>\d+) words\.$/s,
    'dsAbout_customText',
  ],
];

export function datasetAbout(description: string): DatasetAbout | null {
  for (const [pattern, key] of PATTERNS) {
    const match = pattern.exec(description);
    if (match) return { key, vars: { ...match.groups } };
  }
  return null;
}
