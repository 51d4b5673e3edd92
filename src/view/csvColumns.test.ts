import { describe, expect, it } from 'vitest';
import { csvColumns } from './csvColumns';

describe('csvColumns', () => {
  it('reads the header, respecting quotes', () => {
    expect(csvColumns('date,"temp, max",label\n1,2,3')).toEqual(['date', 'temp, max', 'label']);
  });

  it('detects semicolons and tabs', () => {
    expect(csvColumns('a;b;c\n1;2;3')).toEqual(['a', 'b', 'c']);
    expect(csvColumns('a\tb\n1\t2')).toEqual(['a', 'b']);
  });

  it('returns nothing for empty text', () => {
    expect(csvColumns('')).toEqual([]);
  });
});
