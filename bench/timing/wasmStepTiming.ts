/**
 * ms per training step of a benchmark run (R1 … R4) on the WebAssembly engine in Node, with the
 * time per kernel (WasmKernels' methods wrapped), and the engine's 512³ GEMM for the ratio. A
 * script, not a test: npx tsx bench/timing/wasmStepTiming.ts [run] [threads] [steps] [build]
 * build: relaxed or plain (src/engine/wasm/simdBuild.ts; default: what this Node has). Node 20
 * has relaxed SIMD only behind a V8 flag, which this script turns on when relaxed is asked for
 * (before the first compile; Node 22 needs nothing).
 * The per-kernel times are process CPU time (every thread of the process; on one thread they
 * count the work even when the machine is loaded and wall time is noise); the median step is
 * wall time: on a loaded machine say the load average with it.
 */
import './rawImports';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';

const { BENCH_BATCHES, BENCH_RUNS, benchConfig, benchDataset } = await import('../configs');
const { stepMatmulFlops } = await import('../flops');
const { ROOFLINE_SIZE } = await import('../roofline');

const [runArg = 'R1', threadsArg = '2', stepsArg = '40', buildArg] = process.argv.slice(2);
if (buildArg !== undefined && buildArg !== 'relaxed' && buildArg !== 'plain')
  throw new Error(`build ${buildArg}: relaxed or plain`);
const { hasRelaxedSimd } = await import('../../src/engine/wasm/simdBuild');
if (buildArg === 'relaxed' && !hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd');
const run = BENCH_RUNS.find((r) => r.name === runArg);
if (!run) throw new Error(`no run ${runArg}`);
const threads = Number(threadsArg);
const steps = Number(stepsArg);
const { initWeights } = await import('../../src/engine/reference/init');
const { modelShapeOf } = await import('../../src/model/params');
const { createWasmBackend } = await import('../../src/engine/wasm/backend');
const { nodeWasmPlatform } = await import('../../src/engine/wasm/nodePlatform');
const { WasmKernels } = await import('../../src/engine/wasm/kernels');
const { WasmGemm } = await import('../wasmGemm');

const spent = new Map<string, { ms: number; calls: number; min: number }>();
const proto = WasmKernels.prototype as unknown as Record<string, unknown>;
for (const name of Object.getOwnPropertyNames(proto)) {
  const f = proto[name];
  if (name === 'constructor' || typeof f !== 'function') continue;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    const start = process.cpuUsage();
    const wall = performance.now();
    const out = (f as (...a: unknown[]) => unknown).apply(this, args);
    const took = performance.now() - wall;
    const d = args[0] as { m: number; n: number; k: number; transA: boolean; transB: boolean };
    // matmul by shape: m×n×k, T where an operand is transposed.
    const key =
      name === 'matmul'
        ? `matmul ${d.m}×${d.n}×${d.k}${d.transA ? ' Aᵀ' : ''}${d.transB ? ' Bᵀ' : ''}`
        : name;
    const s = spent.get(key) ?? { ms: 0, calls: 0, min: Number.POSITIVE_INFINITY };
    const used = process.cpuUsage(start);
    s.ms += (used.user + used.system) / 1000;
    s.min = Math.min(s.min, took);
    s.calls++;
    spent.set(key, s);
    return out;
  };
}

const platform = nodeWasmPlatform({ threads, ...(buildArg ? { build: buildArg } : {}) });
const config = benchConfig(run);
const weights = initWeights(modelShapeOf(config, run.features, run.outputs), 1);
const backend = await createWasmBackend(config, benchDataset(run), weights, platform, { threads });
const rows = Array.from({ length: BENCH_BATCHES }, (_, i) =>
  Uint32Array.from({ length: run.batchSize }, (_, r) => i * run.batchSize + r),
);
for (let i = 0; i < 5; i++) backend.trainStep(rows[i % BENCH_BATCHES], i);
spent.clear();
const times: number[] = [];
const cpuStart = process.cpuUsage();
for (let i = 0; i < steps; i++) {
  const start = performance.now();
  backend.trainStep(rows[i % BENCH_BATCHES], i + 5);
  times.push(performance.now() - start);
}
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
backend.dispose();
times.sort((a, b) => a - b);
const med = times[times.length >> 1];
// Wrappers that call other kernels (their time is in the kernels') are left out.
const WRAPPERS = new Set(['cell', 'at', 'lastHidden', 'lossInts']);
for (const name of WRAPPERS) spent.delete(name);
const total = [...spent.values()].reduce((s, v) => s + v.ms, 0);
console.log(
  `${run.name}, ${threads} thread(s), ${platform.build} build: median ${med.toFixed(2)} ms/step (${(1000 / med).toFixed(1)} steps/s), fastest ${times[0].toFixed(2)}, process CPU ${cpuMs.toFixed(2)} ms/step, load ${loadavg()[0].toFixed(2)}`,
);
for (const [name, s] of [...spent].sort((a, b) => b[1].ms - a[1].ms)) {
  const ms = s.ms / steps;
  if (ms < 0.005) continue;
  console.log(
    `  ${name.padEnd(34)} ${ms.toFixed(3).padStart(8)} CPU ms/step ${((100 * s.ms) / total).toFixed(0).padStart(3)}%  ×${s.calls / steps}, fastest call ${s.min.toFixed(3)} ms`,
  );
}

// The engine's own GEMM on the same threads, as the benchmark times it (bench/wasmGemm.ts): warmed
// up, then the median of 5 repetitions of ≥ 250 ms.
const roofline = await WasmGemm.open(threads, platform);
await roofline.warmUp(1000, 250);
const reps: number[] = [];
for (let i = 0; i < 5; i++) reps.push(await roofline.rep());
roofline.dispose();
reps.sort((x, y) => x - y);
const gemm = reps[2];
const size = ROOFLINE_SIZE;
const stepGflops = stepMatmulFlops(run) / (med / 1000) / 1e9;
console.log(
  `GEMM ${size}³: ${gemm.toFixed(1)} GFLOP/s; the step: ${stepGflops.toFixed(1)} GFLOP/s, ${((100 * stepGflops) / gemm).toFixed(0)}% of it`,
);
