import { describe, expect, it } from 'vitest';
import {
  DROPOUT_CASES,
  DROPOUT_DRAWS,
  dropoutStatistics,
  MAX_DEVIATIONS,
} from '../../../test/support/engine/dropoutStatistics';
import { dropout_mask, maskParams } from './dropout';

describe('dropout_mask drops `rate` of the units and scales the rest by 1/(1 − rate)', () => {
  for (const c of DROPOUT_CASES)
    it(`${c.kind} mask [${c.rows}, ${c.cols}], rate ${c.rate}`, () => {
      for (const draw of DROPOUT_DRAWS) {
        const mask = new Float32Array(c.rows * c.cols);
        dropout_mask(maskParams(draw.seed, c.stream, c.rate, c.rows * c.cols), draw.step, mask);
        const stats = dropoutStatistics(mask, c.rate);
        const what = `${JSON.stringify(draw)}: dropped ${stats.droppedFraction.toFixed(3)}`;
        expect(stats.deviations, what).toBeLessThan(MAX_DEVIATIONS);
        expect(stats.badValues, `${what}: kept values other than 1/(1 − rate)`).toBe(0);
      }
    });

  it('rate 0 keeps every unit at 1', () => {
    const mask = new Float32Array(12).fill(-1);
    dropout_mask(maskParams(1, 3, 0, 12), 2, mask);
    expect(Array.from(mask)).toEqual(new Array(12).fill(1));
  });
});
