import { describe, expect, it } from 'vitest';
import { MODEL_FORMATS, PADDING_MASK_REFUSED, SEQ2SEQ_REFUSED } from '../export/formats';
import { DEFAULT_CONFIG } from '../model/config';
import { pageExportKind, refusedItems } from './exportRefusals';

const dates = { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, name: 'dates' as const } };
const spam = { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, name: 'spam' as const } };

describe('the Export menu’s refused items', () => {
  it('a translation model: the formats the exports refuse it, and All when none is left', () => {
    expect(pageExportKind(dates, { text: false, target: { steps: 10 } })).toBe('seq2seq');
    // Before the worker has described the dates data, the config already says what the model is.
    expect(pageExportKind(dates, null)).toBe('seq2seq');
    const refused = refusedItems('seq2seq');
    expect(refused.filter((i) => i !== 'all')).toEqual(
      MODEL_FORMATS.filter((f) => SEQ2SEQ_REFUSED.includes(f)),
    );
    expect(refused.includes('all')).toBe(SEQ2SEQ_REFUSED.length === MODEL_FORMATS.length);
  });

  it('text with attention: TF.js and Keras refused, All still writes the others', () => {
    expect(pageExportKind({ ...spam, attention: 'additive' }, { text: true })).toBe('masksPadding');
    expect(refusedItems('masksPadding')).toEqual([...PADDING_MASK_REFUSED]);
    expect(refusedItems('masksPadding')).not.toContain('all');
  });

  it('any other model: nothing refused', () => {
    expect(pageExportKind(spam, { text: true })).toBe('plain');
    expect(pageExportKind({ ...DEFAULT_CONFIG, attention: 'dot' }, { text: false })).toBe('plain');
    expect(refusedItems('plain')).toEqual([]);
  });
});
