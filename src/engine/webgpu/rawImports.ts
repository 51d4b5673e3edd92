/**
 * Side-effect import for Node scripts (stepTiming.ts, gemmTiming.ts): serves Vite's `?raw` WGSL
 * imports through a tiny loader hook. Import it first, then load the engine with dynamic imports.
 */
import { register } from 'node:module';

const rawHook = `
import { readFile } from 'node:fs/promises';
export async function resolve(spec, ctx, next) {
  if (!spec.endsWith('?raw')) return next(spec, ctx);
  const r = await next(spec.slice(0, -4), ctx);
  return { ...r, url: r.url + '?raw', shortCircuit: true };
}
export async function load(url, ctx, next) {
  if (!url.endsWith('?raw')) return next(url, ctx);
  const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
  return { format: 'module', source: 'export default ' + JSON.stringify(text), shortCircuit: true };
}`;
register(`data:text/javascript,${encodeURIComponent(rawHook)}`, import.meta.url);
