/**
 * Where a shipped data file lives. Vite serves and emits them under data/ at the app's root.
 * An absolute BASE_URL ("/" in dev, "/app/") is used as it is. The relative one a build gets
 * from base './' resolves against the requesting script: in a page that is the page itself, but a
 * Web Worker resolves against its own script, which Vite emits into assets/, one folder below
 * the root; so a worker steps one folder up first.
 */
export function dataFileUrl(file: string, base: string, location: string, inWorker: boolean): string {
  const path = `${base}data/${file}`;
  if (base.startsWith('/') || /^[a-z][a-z\d+.-]*:/i.test(base)) return path;
  return new URL(path, inWorker ? new URL('..', location) : location).href;
}

/** Fetches a shipped data file from this app's own origin: pass to loadDataFiles. */
export async function readBrowserDataFile(file: string): Promise<string> {
  const inWorker = typeof document === 'undefined';
  const here = inWorker ? globalThis.location.href : document.baseURI;
  const response = await fetch(dataFileUrl(file, import.meta.env.BASE_URL, here, inWorker));
  if (!response.ok) throw new Error(`Could not load data/${file}: HTTP ${response.status}.`);
  return response.text();
}
