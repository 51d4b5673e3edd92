import { describe, expect, it } from 'vitest';
import { DAY_COUNT, MONTHS } from '../data/dateFormats';
import { DATE_FORMATS, dateOfDay, formatDate } from '../data/dates';
import type { ProbeActivations } from '../engine/contracts/probe';
import {
  activeUnitJumpiness,
  correlation,
  dateMonthSpan,
  dateYearSpan,
  gradientReach,
  latchUnits,
  markedSteps,
  spanShare,
} from './storyEvidence';

/** A one-layer LSTM probe of 3 units over T steps with the given f [T][H] and h [T][H]. */
function probe(f: number[][], h: number[][] = f): ProbeActivations {
  const T = f.length;
  const H = f[0].length;
  return {
    cell: 'lstm',
    steps: T,
    layers: [{ units: H, directions: [{ f: Float32Array.from(f.flat()), h: Float32Array.from(h.flat()) }] }],
    readout: null,
  };
}

/** An adding-problem input [T, 2] with markers at the given steps. */
const input = (T: number, marks: number[]) =>
  Float32Array.from({ length: T * 2 }, (_, i) => (i % 2 === 1 && marks.includes((i - 1) / 2) ? 1 : 0.5));

describe('story evidence', () => {
  it('markedSteps reads the marker channel', () => {
    expect(markedSteps(input(6, [1, 4]), 6)).toEqual([1, 4]);
  });

  it('latchUnits: f ≥ 0.9 on ≥ 90% of the steps after the first marker up to the second', () => {
    // Markers at t = 1 and t = 4: the steps that must hold are 2, 3, 4 (90% of 3 is 2.7: all 3).
    const f = [
      [0.1, 0.95, 0.95],
      [0.1, 0.95, 0.95],
      [0.95, 0.95, 0.95], // t = 2
      [0.95, 0.95, 0.89], // t = 3: unit 2 lets go for one step
      [0.95, 0.9, 0.95], // t = 4: 0.9 counts
      [0.1, 0.1, 0.1],
    ];
    expect(latchUnits(probe(f), input(6, [1, 4]))).toEqual({ units: [0, 1], first: 1, second: 4 });
    // One marker, or none: not an adding window.
    expect(latchUnits(probe(f), input(6, [1]))).toBeNull();
  });

  it('gradientReach is the first step’s norm over the last’s', () => {
    expect(gradientReach(Float32Array.from([0.002, 0.1, 2]))).toBeCloseTo(0.001, 9);
    expect(gradientReach(Float32Array.from([1, 0]))).toBe(0);
  });

  it('correlation is Pearson’s r, signed', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(correlation([1, 2, 3, 4], [1, -1, -1, 1])).toBeCloseTo(0, 12);
    expect(correlation([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('activeUnitJumpiness averages |Δh| over the most varying units', () => {
    // Unit 0 alternates ±1 (|Δh| = 2), unit 1 is flat, unit 2 steps 0, 0.5, 1, 1.5 (|Δh| = 0.5).
    const h = [
      [1, 0, 0],
      [-1, 0, 0.5],
      [1, 0, 1],
      [-1, 0, 1.5],
    ];
    expect(activeUnitJumpiness(probe(h, h), 1)).toBeCloseTo(2, 6);
    expect(activeUnitJumpiness(probe(h, h), 2)).toBeCloseTo(1.25, 6);
  });
});

describe('story evidence at its edges', () => {
  it('markedSteps reads only the first `steps` steps', () => {
    // A buffer of 8 steps with markers at 2 and 6, read as 6 steps.
    expect(markedSteps(input(8, [2, 6]), 6)).toEqual([2]);
  });

  it('latchUnits: exactly 90% of the steps is enough, one step fewer is not', () => {
    // Markers at 0 and 10: steps 1–10 must hold, 9 of them is 0.9 · 10. Unit 0 lets go at step 5,
    // unit 1 at steps 5 and 6.
    const f = Array.from({ length: 12 }, (_, t) => [t === 5 ? 0.5 : 0.95, t === 5 || t === 6 ? 0.5 : 0.95]);
    expect(latchUnits(probe(f), input(12, [0, 10]))).toEqual({ units: [0], first: 0, second: 10 });
  });

  it('latchUnits: null for a layer the probe does not have, or a cell without f', () => {
    const f = [
      [0.95, 0.95],
      [0.95, 0.95],
      [0.95, 0.95],
    ];
    expect(latchUnits(probe(f), input(3, [0, 2]), 1)).toBeNull();
    const gru: ProbeActivations = {
      cell: 'gru',
      steps: 3,
      layers: [{ units: 2, directions: [{ h: Float32Array.from(f.flat()) }] }],
      readout: null,
    };
    expect(latchUnits(gru, input(3, [0, 2]))).toBeNull();
  });

  it('correlation is 0 where the second series is constant', () => {
    expect(correlation([1, 2, 3], [5, 5, 5])).toBe(0);
  });

  it('activeUnitJumpiness ranks the units by variance (not by size), 0 without h', () => {
    // Unit 0 sits at 10 (variance 0); unit 1 alternates 0, 1 (variance 0.25, |Δh| = 1).
    const h = [
      [10, 0],
      [10, 1],
      [10, 0],
      [10, 1],
    ];
    expect(activeUnitJumpiness(probe(h, h), 1)).toBe(1);
    const noH: ProbeActivations = {
      cell: 'lstm',
      steps: 2,
      layers: [{ units: 1, directions: [{ f: Float32Array.from([0.5, 0.5]) }] }],
      readout: null,
    };
    expect(activeUnitJumpiness(noH)).toBe(0);
  });
});

describe('where a human date writes its year and its month', () => {
  const CN = '〇一二三四五六七八九';
  const cnNumber = (n: number) =>
    (n >= 10 ? `${n >= 20 ? CN[Math.floor(n / 10)] : ''}十` : '') + (n % 10 ? CN[n % 10] : '');
  // Every 97th day of the range: every month, leap days' years, both centuries, 1-digit days.
  const days = Array.from({ length: Math.ceil(DAY_COUNT / 97) }, (_, k) => k * 97);
  const slice = (text: string, span: { start: number; end: number }) =>
    [...text].slice(span.start, span.end).join('');

  it.each(DATE_FORMATS.map((f, i) => [f.name, i] as const))('%s: the span holds the year', (name, format) => {
    for (const day of days) {
      const date = dateOfDay(day);
      const text = formatDate(date, format);
      const year = slice(text, dateYearSpan(name, [...text].length));
      const digits = String(date.year);
      const expected =
        name === 'DD/MM/YY'
          ? digits.slice(2)
          : name.startsWith('二')
            ? [...digits].map((d) => CN[+d]).join('')
            : digits;
      expect(year, text).toBe(expected);
    }
  });

  it.each(DATE_FORMATS.map((f, i) => [f.name, i] as const))(
    '%s: the span holds the month',
    (name, format) => {
      for (const day of days) {
        const date = dateOfDay(day);
        const text = formatDate(date, format);
        const month = slice(text, dateMonthSpan(name, text, date.month));
        const full = MONTHS[date.month - 1];
        const expected = /month/i.test(name)
          ? full
          : /mon/i.test(name)
            ? full.slice(0, 3)
            : name.startsWith('二')
              ? cnNumber(date.month)
              : /MM/.test(name)
                ? String(date.month).padStart(2, '0')
                : String(date.month);
        expect(month.toLowerCase(), text).toBe(expected.toLowerCase());
        // Case as written: "March" in "D Month YYYY", "march" in "d month yyyy".
        expect(month, text).toBe(name === name.toLowerCase() ? expected.toLowerCase() : expected);
      }
    },
  );

  it('refuses a month it cannot find rather than pointing anywhere', () => {
    expect(() => dateMonthSpan('D Month YYYY', '25 Mars 2020', 3)).not.toThrow();
    expect(() => dateMonthSpan('D Month YYYY', '25 avril 2020', 3)).toThrow('no month 3 in "25 avril 2020"');
    expect(() => dateMonthSpan('D Month YYYY', '25 March 2020', 13)).toThrow('no month 13');
  });

  it('sums α over the span’s characters, past the front padding, averaged over the output steps', () => {
    // T_in 5, a 3-character string at steps 2–4; span = its characters 1–2 (steps 3–4).
    const alpha = Float32Array.from(
      [
        [0, 0, 0.5, 0.25, 0.25], // row 0: 0.5 on the span
        [0, 0, 0, 0, 1], // row 1: 1
        [0, 0, 1, 0, 0], // row 2: 0 (not averaged in below)
      ].flat(),
    );
    const span = { start: 1, end: 3 };
    expect(spanShare(alpha, 5, 3, span, { from: 0, to: 2 })).toBeCloseTo(0.75, 6);
    expect(spanShare(alpha, 5, 3, span, { from: 2, to: 3 })).toBe(0);
    expect(spanShare(alpha, 5, 3, { start: 0, end: 1 }, { from: 0, to: 3 })).toBeCloseTo(0.5, 6);
  });
});
