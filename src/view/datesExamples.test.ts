import { describe, expect, it } from 'vitest';
import { buildDataset } from '../data';
import { DATE_INPUT_VOCABULARY, DATE_OUTPUT_VOCABULARY } from '../data/dates';
import { type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { datesExamples } from './datesExamples';

const config: DatasetConfig = { name: 'dates', trainSize: 400, noise: 0, valFraction: 0.1, timesteps: 30 };

/** Row i of a one-hot split read back as text (all-zero padding rows skipped). */
function rowText(x: Float32Array, i: number, steps: number, vocabulary: readonly string[]): string {
  const V = vocabulary.length;
  let text = '';
  for (let t = 0; t < steps; t++) {
    const at = x.subarray((i * steps + t) * V, (i * steps + t + 1) * V).indexOf(1);
    if (at >= 0) text += vocabulary[at];
  }
  return text;
}

describe('the dates preview’s examples', () => {
  it('are the first training rows the worker builds, input and ISO output', () => {
    const examples = datesExamples(config, 42)!;
    expect(examples).toHaveLength(3);
    const { train } = buildDataset(config, 42, {});
    examples.forEach((e, i) => {
      expect(rowText(train.x, i, 30, DATE_INPUT_VOCABULARY)).toBe(e.input);
      expect(rowText(train.y, i, 10, DATE_OUTPUT_VOCABULARY)).toBe(e.output);
      expect(e.output).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  });

  it('follow the seed, and are none when the windows are too short for any format', () => {
    expect(datesExamples(config, 7)).not.toEqual(datesExamples(config, 42));
    expect(datesExamples({ ...DEFAULT_CONFIG.dataset, name: 'dates', timesteps: 2 }, 42)).toBeNull();
  });
});
