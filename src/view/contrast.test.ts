import { describe, expect, it } from 'vitest';
import { confusionCellStyle } from './chartData';
import { contrastRatio, luminance, tintedCell } from './contrast';

const rgb = (css: string) => css.match(/\d+/g)!.map(Number) as [number, number, number];

describe('tintedCell', () => {
  it('keeps every shade of the confusion matrix readable: contrast ≥ 4.5 (WCAG AA)', () => {
    for (const diagonal of [true, false]) {
      for (let share = 0; share <= 1; share += 0.01) {
        const cell = confusionCellStyle(share, diagonal);
        expect(
          contrastRatio(rgb(cell.background), rgb(cell.color)),
          `${diagonal} ${share}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('is white at no tint, with dark ink', () => {
    expect(tintedCell([220, 38, 38], 0)).toEqual({ background: 'rgb(255,255,255)', color: 'rgb(0,0,0)' });
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white, 1 for a colour on itself', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([40, 90, 200], [40, 90, 200])).toBe(1);
  });
});

describe('luminance of a dark channel', () => {
  it('a channel at or under 0.03928 is s / 12.92 (sRGB’s linear toe)', () => {
    // 10/255 = 0.039216 ≤ 0.03928: 0.039216 / 12.92 = 0.0030353, and the weights sum to 1.
    expect(luminance([10, 10, 10])).toBeCloseTo(0.0030353, 7);
  });
});
