import { describe, expect, it } from 'vitest';
import { dataFileUrl } from './browserFiles';

describe('dataFileUrl', () => {
  it('uses an absolute base as it is (dev server, a build under /app/)', () => {
    expect(dataFileUrl('sp500.csv', '/', 'http://h/src/engine/host/worker.ts', true)).toBe('/data/sp500.csv');
    expect(dataFileUrl('sp500.csv', '/app/', 'http://h/app/', false)).toBe('/app/data/sp500.csv');
  });

  it('resolves the relative base of a build against the page, or one folder above a worker in assets/', () => {
    expect(dataFileUrl('co2-concentration.csv', './', 'https://u.github.io/lstm/index.html', false)).toBe(
      'https://u.github.io/lstm/data/co2-concentration.csv',
    );
    expect(
      dataFileUrl('co2-concentration.csv', './', 'https://u.github.io/lstm/assets/worker-1a2b.js', true),
    ).toBe('https://u.github.io/lstm/data/co2-concentration.csv');
  });
});
