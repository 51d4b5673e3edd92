import { describe, expect, it } from 'vitest';
import {
  DATE_INPUT_VOCABULARY,
  DATE_OUTPUT_STEPS,
  DATE_OUTPUT_VOCABULARY,
  decodeDateOutput,
  encodeDateInput,
} from '../data/dates';
import { wordsOfWindow } from '../data/sentence';
import type { TranslationProbe } from '../engine/contracts/probe';
import type { InsideProbe } from '../engine/host/inside';
import type { EpochReport } from '../engine/training/report';
import { translator } from '../i18n';
import {
  cellColors,
  cellText,
  charsOfText,
  decodeSteps,
  firstTranslationFor,
  inputString,
  markChars,
  splitAccuracy,
  translationMatrix,
  weightText,
} from './translationView';

const TARGET = { steps: DATE_OUTPUT_STEPS, vocabulary: DATE_OUTPUT_VOCABULARY };
const V = DATE_OUTPUT_VOCABULARY.length;

/** One-hot probabilities spelling `iso` (10 output steps over the 11 symbols). */
function outputsOf(iso: string): Float32Array {
  const out = new Float32Array(DATE_OUTPUT_STEPS * V);
  [...iso].forEach((c, i) => {
    out[i * V + DATE_OUTPUT_VOCABULARY.indexOf(c)] = 1;
  });
  return out;
}

/** A probe over T input steps where output i puts all its weight on input step at(i). */
function probeOf(T: number, at: (i: number) => number, iso = '2020-03-25'): TranslationProbe {
  const alpha = new Float32Array(DATE_OUTPUT_STEPS * T);
  for (let i = 0; i < DATE_OUTPUT_STEPS; i++) alpha[i * T + at(i)] = 1;
  return { outSteps: DATE_OUTPUT_STEPS, inSteps: T, alpha, outputs: outputsOf(iso) };
}

describe('the input string', () => {
  it('reads a window’s one-hot rows back to the typed characters, padding left out', () => {
    const encoded = encodeDateInput('25 March 2020', 30);
    if (!('x' in encoded)) throw new Error(encoded.error);
    const chars = wordsOfWindow(encoded.x, 30, DATE_INPUT_VOCABULARY);
    expect(chars.slice(0, 17).every((c) => c === null)).toBe(true);
    expect(inputString(chars)).toBe('25 March 2020');
    // The same characters, front-padded, as the own-date box places them.
    expect(charsOfText('25 March 2020', 30)).toEqual(chars);
  });

  it('keeps the last T characters when the text is longer than the window', () => {
    expect(charsOfText('abcd', 2)).toEqual(['c', 'd']);
    expect(charsOfText('', 2)).toEqual([null, null]);
  });
});

describe('the attention matrix', () => {
  it('has a row per output character and a column per real input character', () => {
    const chars = charsOfText('25/03/2020', 14);
    // Output i looks at input step 4 + i (the padding is 4 steps).
    const m = translationMatrix(
      probeOf(14, (i) => 4 + i),
      chars,
      TARGET,
    );
    expect(m.rows).toHaveLength(10);
    expect(m.columns.map((c) => c.char).join('')).toBe('25/03/2020');
    expect(m.columns[0].t).toBe(4);
    expect(m.padding).toBe(4);
    expect(m.paddingWeight).toBe(0);
    expect(m.rows.map((r) => r.char).join('')).toBe('2020-03-25');
    // Row i's weight sits on column i: the shown columns keep the input's order.
    m.rows.forEach((r, i) => {
      expect(r.alpha).toHaveLength(10);
      expect(r.alpha[i]).toBe(1);
      expect(r.alpha.reduce((a, b) => a + b, 0)).toBe(1);
    });
  });

  it('says how much weight went to the padding it leaves out (none where the mask holds)', () => {
    const m = translationMatrix(
      probeOf(14, (i) => (i === 3 ? 1 : 4 + i)),
      charsOfText('25/03/2020', 14),
      TARGET,
    );
    expect(m.paddingWeight).toBe(1);
    expect(m.rows[3].alpha.every((a) => a === 0)).toBe(true);
  });

  it('decodes the outputs as decodeDateOutput does (argmax, the first on a tie)', () => {
    const values = Float32Array.from({ length: 110 }, (_, k) => ((k * 7919) % 13) / 13);
    values[5] = values[0]; // a tie in step 0
    expect(decodeSteps(values, TARGET)).toBe(decodeDateOutput(values));
    expect(decodeSteps(outputsOf('1999-12-31'), TARGET)).toBe('1999-12-31');
  });
});

describe('the predicted string against the truth', () => {
  it('marks each wrong character, and a missing one', () => {
    const marks = markChars('2020-08-25', '2020-03-25');
    expect(marks.map((m) => m.right)).toEqual([true, true, true, true, true, true, false, true, true, true]);
    expect(marks[6]).toEqual({ char: '8', truth: '3', right: false });
    expect(markChars('20', '202').map((m) => m.right)).toEqual([true, true, false]);
  });
});

describe('hover and focus text', () => {
  const m = translationMatrix(
    probeOf(12, (i) => 2 + i),
    charsOfText('2020 03 25', 12),
    TARGET,
  );
  it('names the output and the input character and the weight, in both languages', () => {
    expect(cellText(translator('en'), m.rows[0], m.columns[0], 0)).toBe(
      'Output character 1 (2) → input character 1 (2): weight 1.00',
    );
    expect(cellText(translator('en'), m.rows[4], m.columns[4], 4)).toBe(
      'Output character 5 (-) → input character 5 (space): weight 1.00',
    );
    expect(cellText(translator('zh-CN'), m.rows[1], m.columns[0], 0)).toBe(
      '输出第 2 个字符（0）→ 输入第 1 个字符（2）：权重 0.00',
    );
  });

  it('writes weights with two decimals and never a false zero', () => {
    expect(weightText(0.8749)).toBe('0.87');
    expect(weightText(0.001)).toBe('<0.01');
    expect(weightText(0)).toBe('0.00');
    expect(weightText(Number.NaN)).toBe('—');
  });

  it('shades a larger weight darker on the sequential scale', () => {
    expect(cellColors(0).background).not.toBe(cellColors(1).background);
  });
});

describe('epoch 1 beside the current one', () => {
  const inside = (epoch: number, window: number, translation: TranslationProbe): InsideProbe => ({
    epoch,
    steps: epoch * 10,
    midEpoch: false,
    window,
    activations: { cell: 'lstm', steps: 12, layers: [], readout: null, translation },
    gradNorms: null,
    input: new Float32Array(0),
    target: new Float32Array(0),
    words: null,
  });
  const first = { epoch: 1, window: 2, translation: probeOf(12, () => 0) };
  it('is the kept first epoch of the same window, unless that is the epoch shown', () => {
    expect(
      firstTranslationFor(
        [first],
        inside(
          5,
          2,
          probeOf(12, () => 1),
        ),
      ),
    ).toBe(first);
    expect(
      firstTranslationFor(
        [first],
        inside(
          1,
          2,
          probeOf(12, () => 1),
        ),
      ),
    ).toBeNull();
    expect(
      firstTranslationFor(
        [first],
        inside(
          5,
          3,
          probeOf(12, () => 1),
        ),
      ),
    ).toBeNull();
    // Another input length (the link changed T): not comparable.
    expect(
      firstTranslationFor(
        [first],
        inside(
          5,
          2,
          probeOf(14, () => 1),
        ),
      ),
    ).toBeNull();
  });
});

describe('the split’s accuracy', () => {
  const report = (epoch: number, accuracy: number, characterAccuracy?: number) =>
    ({
      epoch,
      metrics: {
        task: 'classification',
        accuracy,
        precision: 0,
        recall: 0,
        f1: 0,
        confusion: [],
        characterAccuracy,
      },
    }) as unknown as EpochReport;
  it('is the last epoch’s sequence and character accuracy', () => {
    expect(splitAccuracy([report(1, 0.1, 0.5), report(2, 0.9, 0.98)])).toEqual({
      epoch: 2,
      sequence: 0.9,
      characters: 0.98,
    });
    expect(splitAccuracy([])).toBeNull();
    expect(splitAccuracy([report(1, 0.5)])).toBeNull();
  });
});
