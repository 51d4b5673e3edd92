import { afterEach, describe, expect, it, vi } from 'vitest';
import { dataFileUrl, readBrowserDataFile } from './browserFiles';

const PAGE = 'https://host.example/app/index.html';

describe('dataFileUrl, bases with a scheme', () => {
  it('keeps a base with a scheme exactly as written (no URL normalising)', () => {
    expect(dataFileUrl('f.csv', 'HTTPS://Cdn.Example/App/', PAGE, false)).toBe(
      'HTTPS://Cdn.Example/App/data/f.csv',
    );
    expect(dataFileUrl('f.csv', 'S3://Bucket/', PAGE, true)).toBe('S3://Bucket/data/f.csv');
  });

  it('treats a colon that does not end a scheme at the start as part of a relative path', () => {
    expect(dataFileUrl('f.csv', './a:b/', PAGE, false)).toBe('https://host.example/app/a:b/data/f.csv');
    expect(dataFileUrl('f.csv', '9a:/', PAGE, false)).toBe('https://host.example/app/9a:/data/f.csv');
  });
});

describe('readBrowserDataFile (in a worker: no document)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches data/<file> under the base and returns its text, or names the HTTP status', async () => {
    vi.stubGlobal('location', { href: PAGE });
    const fetch = vi.fn(async () => ({ ok: true, status: 200, text: async () => 'a,b\n' }));
    vi.stubGlobal('fetch', fetch);
    expect(await readBrowserDataFile('sp500.csv')).toBe('a,b\n');
    expect(fetch).toHaveBeenCalledWith(dataFileUrl('sp500.csv', import.meta.env.BASE_URL, PAGE, true));
    fetch.mockImplementation(async () => ({ ok: false, status: 404, text: async () => '' }));
    await expect(readBrowserDataFile('sp500.csv')).rejects.toThrow(
      'Could not load data/sp500.csv: HTTP 404.',
    );
  });
});
