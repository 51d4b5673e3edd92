import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/**
 * The built app (dist/) on a plain static file server under a sub-path, as a school server or
 * GitHub Pages would host it: nothing but files with their content types, no rewrites, no special
 * headers. Tests can change a file as served (a new version) and stop the server (the network gone).
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

export interface StaticHost {
  /** The app's address, ending in the sub-path and a slash. */
  url: string;
  /** Serves `file` (relative to dist/) transformed, from now on: a redeploy of one file. */
  changeFile(file: string, transform: (text: string) => string): void;
  /** Requests seen so far, as paths. */
  requests: string[];
  close(): Promise<void>;
}

export async function hostDist(subPath: string): Promise<StaticHost> {
  const root = normalize(join(import.meta.dirname, '..', 'dist'));
  const changes = new Map<string, (text: string) => string>();
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    requests.push(path);
    if (!path.startsWith(subPath)) {
      res.writeHead(404).end();
      return;
    }
    let file = path.slice(subPath.length) || 'index.html';
    if (file.endsWith('/')) file += 'index.html';
    const full = normalize(join(root, file));
    if (!full.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body: Buffer | string = await readFile(full);
      const change = changes.get(file);
      if (change) body = change(body.toString('utf8'));
      res.writeHead(200, { 'Content-Type': TYPES[extname(full)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}${subPath}`,
    changeFile: (file, transform) => changes.set(file, transform),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
