import { describe, expect, it } from 'vitest';
import { columnNumberStyle, parseStyledNumber } from './numberFormat';

describe('parseStyledNumber', () => {
  it.each([
    ['1.5', 1.5],
    ['-2e3', -2000],
    ['1,234.5', 1234.5],
    ['1,234,567', 1234567],
    ['1 234.5', 1234.5],
    ["1'234.5", 1234.5],
    ['1\u00A0234.5', 1234.5],
    ['.5', 0.5],
  ])('reads %j with the decimal point as %d', (cell, value) => {
    expect(parseStyledNumber(cell, 'decimal-point')).toBe(value);
  });

  it.each([
    ['1,5', 1.5],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1 234,5', 1234.5],
    ['1\u202F234,5', 1234.5],
    ['-0,25', -0.25],
  ])('reads %j with the decimal comma as %d', (cell, value) => {
    expect(parseStyledNumber(cell, 'decimal-comma')).toBe(value);
  });

  it.each([
    ['1,5', 'decimal-point'],
    ['1.5', 'decimal-comma'],
    ['1,23,456', 'decimal-point'], // groups of 3 only
    ['1,234.567,8', 'decimal-point'],
    ['1.234 567', 'decimal-point'], // one group separator per number
    ['12px', 'decimal-point'],
    ['NaN', 'decimal-point'],
    ['0x10', 'decimal-point'],
    ['', 'decimal-comma'],
  ] as const)('refuses %j in style %s', (cell, style) => {
    expect(parseStyledNumber(cell, style)).toBeNull();
  });
});

describe('columnNumberStyle', () => {
  it('takes the style under which more cells are numbers', () => {
    expect(columnNumberStyle(['1,5', '2,25', '3'], ',')).toBe('decimal-comma');
    expect(columnNumberStyle(['1,234', '2.5'], ';')).toBe('decimal-point');
  });

  it('reads a column that is ambiguous throughout by the delimiter: ";" means the decimal comma', () => {
    expect(columnNumberStyle(['1,234', '5,678'], ';')).toBe('decimal-comma');
    expect(columnNumberStyle(['1,234', '5,678'], ',')).toBe('decimal-point');
    expect(columnNumberStyle(['1.234', '5.678'], '\t')).toBe('decimal-point');
  });
});
