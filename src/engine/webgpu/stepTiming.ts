/**
 * ms per training step of the benchmark's R1 config (LSTM(64), B=32, T=50, F=1, Dense(1), Adam)
 * on this machine's adapter, with a per-kernel breakdown. A script, not a test:
 *   LD_LIBRARY_PATH=/usr/lib/chromium npx tsx src/engine/webgpu/stepTiming.ts [units] [batch] [steps]
 * (LD_LIBRARY_PATH only where libvulkan1 is not installed.) WGSL `?raw` imports are served by a
 * tiny loader hook registered here, before the engine is imported.
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

const [units = 64, batch = 32, T = 50] = process.argv.slice(2).map(Number);
const { DEFAULT_CONFIG } = await import('../../model/config');
const { modelShapeOf } = await import('../../model/params');
const { initWeights } = await import('../reference/init');
const { requestNodeDevice } = await import('./nodeDevice');
const { createWebGpuBackend } = await import('./backend');

const n = 256;
const dataset = {
  name: 'r1',
  task: 'regression' as const,
  timesteps: T,
  features: 1,
  outputs: 1,
  train: { n, x: new Float32Array(n * T).map((_, i) => Math.sin(i / 7)), y: new Float32Array(n).fill(0.5) },
  val: { n: 64, x: new Float32Array(64 * T).map((_, i) => Math.cos(i / 5)), y: new Float32Array(64) },
  featureNames: ['x'],
  description: 'timing',
};
const config = { ...DEFAULT_CONFIG, layers: [units], batchSize: batch, optimizer: 'adam' as const };
const weights = initWeights(modelShapeOf(config, 1, 1), 1);
const { device, adapterName } = await requestNodeDevice();

let t0 = performance.now();
const backend = await createWebGpuBackend(config, dataset, weights, device, { adapterName });
console.log(`set-up incl. autotuning: ${(performance.now() - t0).toFixed(0)} ms`);
console.log(
  'kernels:',
  backend.info.kernels,
  `memory: ${((backend.info.memoryBytes ?? 0) / 2 ** 20).toFixed(1)} MiB`,
);

const rows = new Uint32Array(batch).map((_, i) => (i * 7) % n);
for (let s = 0; s < 3; s++) backend.trainStep(rows, s); // warm-up
await backend.takeLosses();
const steps = 20;
t0 = performance.now();
for (let s = 0; s < steps; s++) backend.trainStep(rows, 3 + s);
const losses = await backend.takeLosses();
const ms = (performance.now() - t0) / steps;
console.log(
  `R1-like LSTM(${units}) B=${batch} T=${T}: ${ms.toFixed(1)} ms/step (${steps} steps, last loss ${losses.at(-1)?.toFixed(4)})`,
);
t0 = performance.now();
await backend.evaluate('val');
console.log(`evaluate(val, n=64): ${(performance.now() - t0).toFixed(1)} ms`);
backend.dispose();
process.exit(0);
