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

  it('a doubled quote inside quotes is one quote; spaces around a name go; a byte-order mark goes', () => {
    expect(csvColumns('\uFEFF"say ""hi""" , b \r\n1,2')).toEqual(['say "hi"', 'b']);
    expect(csvColumns('\uFEFFa,b')).toEqual(['a', 'b']);
  });

  it('the delimiter is the one the header has most of; a tie keeps the comma', () => {
    // Two semicolons against one comma: the comma is inside the name.
    expect(csvColumns('a,b;c;d')).toEqual(['a,b', 'c', 'd']);
    // One of each: the comma.
    expect(csvColumns('a,b;c')).toEqual(['a', 'b;c']);
    // One tab against one semicolon: the semicolon, listed first, wins the tie.
    expect(csvColumns('a;b\tc')).toEqual(['a', 'b\tc']);
  });
});

describe('csvColumns: the byte-order mark', () => {
  it('only the file’s first character is taken as one; inside a name it stays', () => {
    expect(csvColumns('a,b\uFEFFc')).toEqual(['a', 'b\uFEFFc']);
  });
});
