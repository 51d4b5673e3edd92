/**
 * ms per training step of the benchmark's configs on this machine's adapter, with a per-kernel
 * breakdown (kernelTiming.ts). A script, not a test:
 *   npx tsx bench/timing/stepTiming.ts [units] [batch] [steps] [features] [outputs] [cell] [bi]
 * units may list stacked layers: `128,64` with features 8 and outputs 10 is the benchmark's R2
 * (outputs > 1 means softmax classification); `64 32 50 1 1 gru 1` is R3, Bidirectional(GRU(64)). CPU ms (process.cpuUsage: SwiftShader's threads run
 * in this process) counts the work even when the machine is loaded and wall time is noise.
 * WGSL `?raw` imports are served by a tiny loader hook registered here, before the engine loads.
 */
import './rawImports';

const [
  unitsArg = '64',
  batchArg = '32',
  stepsArg = '50',
  featuresArg = '1',
  outputsArg = '1',
  cellArg = 'lstm',
  biArg = '0',
] = process.argv.slice(2);
const units = unitsArg.split(',').map(Number);
const [batch, T, F, K] = [batchArg, stepsArg, featuresArg, outputsArg].map(Number);
const { DEFAULT_CONFIG } = await import('../../src/model/config');
const { modelShapeOf } = await import('../../src/model/params');
const { initWeights } = await import('../../src/engine/reference/init');
const { requestNodeDevice } = await import('../../src/engine/webgpu/nodeDevice');
const { createWebGpuBackend } = await import('../../src/engine/webgpu/backend');
const { breakdown } = await import('./stepBreakdown');

const n = 256;
const oneHot = (rows: number) => new Float32Array(rows * K).map((_, i) => (K === 1 ? 0.5 : +(i % K === 0)));
const dataset = {
  name: 'timing',
  task: K === 1 ? ('regression' as const) : ('classification' as const),
  timesteps: T,
  features: F,
  outputs: K,
  train: { n, x: new Float32Array(n * T * F).map((_, i) => Math.sin(i / 7)), y: oneHot(n) },
  val: { n: 64, x: new Float32Array(64 * T * F).map((_, i) => Math.cos(i / 5)), y: oneHot(64) },
  featureNames: Array.from({ length: F }, (_, f) => `x${f}`),
  classNames: K === 1 ? undefined : Array.from({ length: K }, (_, k) => `c${k}`),
  description: 'timing',
};
const cell = cellArg as 'lstm' | 'gru' | 'simple_rnn';
const config = {
  ...DEFAULT_CONFIG,
  layers: units,
  cell,
  bidirectional: biArg === '1',
  batchSize: batch,
  optimizer: 'adam' as const,
};
const shape = modelShapeOf(config, F, K);
const weights = initWeights(shape, 1);
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
const steps = 10;
const cpu0 = process.cpuUsage();
t0 = performance.now();
for (let s = 0; s < steps; s++) backend.trainStep(rows, 3 + s);
const losses = await backend.takeLosses();
const ms = (performance.now() - t0) / steps;
const cpu = process.cpuUsage(cpu0);
console.log(
  `LSTM(${units}) B=${batch} T=${T} F=${F} K=${K}: ${ms.toFixed(1)} ms/step wall, ` +
    `${((cpu.user + cpu.system) / 1000 / steps).toFixed(1)} CPU ms/step ` +
    `(${steps} steps, last loss ${losses.at(-1)?.toFixed(4)})`,
);
// SKIP_BREAKDOWN=1: the step time alone (A/B runs).
if (!process.env.SKIP_BREAKDOWN) await breakdown(device, adapterName, config, dataset, weights);
t0 = performance.now();
await backend.evaluate('val');
console.log(`evaluate(val, n=64): ${(performance.now() - t0).toFixed(1)} ms`);
backend.dispose();
process.exit(0);
