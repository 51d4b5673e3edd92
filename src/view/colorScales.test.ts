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
