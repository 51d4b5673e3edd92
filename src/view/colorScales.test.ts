import { describe, expect, it } from 'vitest';
import { colorOf, gradientCss, inkOn, LUTS, lutIndex } from './colorScales';

describe('the colour tables', () => {
  it('run from the first stop to the last, 256 colours each', () => {
    expect(LUTS.sequential.length).toBe(768);
    expect(Array.from(LUTS.sequential.subarray(0, 6))).toEqual([68, 1, 84, 68, 2, 85]);
    expect(Array.from(LUTS.sequential.subarray(765))).toEqual([253, 231, 37]);
    expect(Array.from(LUTS.diverging.subarray(0, 3))).toEqual([33, 102, 172]);
    expect(Array.from(LUTS.diverging.subarray(765))).toEqual([179, 88, 6]);
  });

  it('put a near-white in the middle of the diverging scale', () => {
    expect(Array.from(LUTS.diverging.subarray(381, 387))).toEqual([246, 247, 247, 247, 247, 246]);
  });
});

describe('lutIndex', () => {
  it('maps the domain onto 0..255, clamped, with NaN in the middle', () => {
    expect(lutIndex(0.5, 0, 1)).toBe(127);
    expect(lutIndex(0.999, 0, 1)).toBe(255);
    expect(lutIndex(1, 0, 1)).toBe(255);
    expect(lutIndex(2, 0, 1)).toBe(255);
    expect(lutIndex(0, 0, 1)).toBe(0);
    expect(lutIndex(-1, 0, 1)).toBe(0);
    expect(lutIndex(Number.NaN, 0, 1)).toBe(128);
    expect(lutIndex(0, -2, 2)).toBe(127);
  });
});

describe('colours and ink', () => {
  it('gives a value its CSS colour on either scale', () => {
    expect(colorOf('sequential', 0, 0, 1)).toBe('rgb(68, 1, 84)');
    expect(colorOf('sequential', 0.5, 0, 1)).toBe('rgb(33, 145, 140)');
    expect(colorOf('diverging', 1, 0, 1)).toBe('rgb(179, 88, 6)');
  });

  it('writes white on the dark end and near-black on the light end and the white middle', () => {
    expect(inkOn('sequential', 0, 0, 1)).toBe('#fff');
    expect(inkOn('sequential', 1, 0, 1)).toBe('#111');
    expect(inkOn('diverging', 0.5, 0, 1)).toBe('#111');
    expect(inkOn('diverging', 0, 0, 1)).toBe('#fff');
  });

  it("draws a legend bar through the scale's stops", () => {
    expect(gradientCss('sequential')).toBe(
      'linear-gradient(to right, #440154, #472d7b, #3b528b, #2c728e, #21918c, #28ae80, #5ec962, #addc30, #fde725)',
    );
    expect(gradientCss('diverging')).toBe(
      'linear-gradient(to right, #2166ac, #4393c3, #92c5de, #d1e5f0, #f7f7f7, #fee0b6, #fdb863, #e08214, #b35806)',
    );
  });
});

describe('the tables between their stops', () => {
  const entry = (kind: 'sequential' | 'diverging', k: number) =>
    Array.from(LUTS[kind].subarray(3 * k, 3 * k + 3));

  it('interpolate linearly: entry k sits at 8k/255 of the way through the 9 stops', () => {
    // k = 16: 128/255 past stop 0, weights 127/255 and 128/255.
    // Viridis #440154 (68, 1, 84) → #472d7b (71, 45, 123): R (68·127 + 71·128)/255 = 69.51 → 70,
    // G (1·127 + 45·128)/255 = 23.09 → 23, B (84·127 + 123·128)/255 = 103.58 → 104.
    expect(entry('sequential', 16)).toEqual([70, 23, 104]);
    // #2166ac (33, 102, 172) → #4393c3 (67, 147, 195): 50.07, 124.59, 183.55.
    expect(entry('diverging', 16)).toEqual([50, 125, 184]);
    // k = 239: 1912/255 = 7 + 127/255, between the last two stops, weights 128/255 and 127/255.
    // #addc30 (173, 220, 48) → #fde725 (253, 231, 37): 212.84, 225.48, 42.52.
    expect(entry('sequential', 239)).toEqual([213, 225, 43]);
    // #e08214 (224, 130, 20) → #b35806 (179, 88, 6): 201.59, 109.08, 13.03.
    expect(entry('diverging', 239)).toEqual([202, 109, 13]);
  });
});

describe('the ink switches where the cell’s luminance passes 140', () => {
  // Over [0, 255] a value v is entry ⌊v/255 · 255.999⌋ = v. Luminance 0.2126 R + 0.7152 G + 0.0722 B.
  it('viridis: entry 156 (39, 171, 129) is 139.90, white ink; 157 (39, 172, 129) is 140.62, dark', () => {
    expect(inkOn('sequential', 156, 0, 255)).toBe('#fff');
    expect(inkOn('sequential', 157, 0, 255)).toBe('#111');
  });

  it('diverging: dark from entry 36 (77, 153, 198: 140.09) to 224 (223, 129, 20: 141.11), white outside', () => {
    expect(inkOn('diverging', 35, 0, 255)).toBe('#fff'); // (75, 152, 198): 138.95
    expect(inkOn('diverging', 36, 0, 255)).toBe('#111');
    expect(inkOn('diverging', 224, 0, 255)).toBe('#111');
    expect(inkOn('diverging', 225, 0, 255)).toBe('#fff'); // (221, 128, 19): 139.90
  });
});
