import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import { MAX_THREADS } from '../src/engine/wasm/platform';
import { BENCH_RUNS, type BenchRun } from './configs';
import { stepMatmulFlops } from './flops';
import { measureOursCpu } from './oursCpu';
import { measureOursWasm, type OursWasm, wasmGemmGflops } from './oursWasm';
import { measureOursWebgpu, type OursWebgpu, type WebgpuSession } from './oursWebgpu';
import { type BenchOptions, type BenchResult, type ConfigResult, ratio } from './result';
import { tfjsMsPerStep } from './tfjsStep';
import { tfjsWasmBuild } from './tfjsWasm';
import type { Repetitions } from './timing';

export type Progress = (line: string) => void;

/** Repetitions per engine. tfjs is slow (R2: seconds a step), so it gets the minimum of 5. */
export interface RepetitionPlan {
  ours: Repetitions;
  /** Our WebAssembly engine: tens of ms a step, so more repetitions for a steadier median. */
  oursWasm: Repetitions;
  /** Steps per timed repetition of our WebGPU backend (enqueued, then one takeLosses). */
  oursWebgpuStepsPerRep: number;
  tfjs: Repetitions;
}

export function repetitionPlan(quick: boolean): RepetitionPlan {
  if (quick)
    return {
      ours: { warmup: 0, measured: 1 },
      oursWasm: { warmup: 0, measured: 1 },
      oursWebgpuStepsPerRep: 1,
      tfjs: { warmup: 0, measured: 1 },
    };
  return {
    ours: { warmup: 1, measured: 5 },
    oursWasm: { warmup: 3, measured: 15 },
    oursWebgpuStepsPerRep: 2,
    tfjs: { warmup: 1, measured: 5 },
  };
}

/**
 * Every engine on every run, one after another, in this page. A failing engine leaves a null and
 * a note; the others still run. `webgpu` is null where the page has no WebGPU adapter.
 */
export async function runBench(
  options: BenchOptions,
  webgpu: WebgpuSession | null,
  progress: Progress,
): Promise<BenchResult> {
  const plan = repetitionPlan(options.quick);
  const runs = BENCH_RUNS.filter((r) => options.runs.length === 0 || options.runs.includes(r.name));
  const roofline = webgpu
    ? await attempt(
        'GEMM roofline',
        () => webgpu.rooflineGflops(options.quick),
        progress,
        undefined,
        'GFLOP/s',
      )
    : null;
  // The WebAssembly engine's roofline, on the threads the engine itself will use in this page.
  const wasmThreads = Math.min(browserWasmPlatform().maxThreads, MAX_THREADS);
  const wasmRoofline = await attempt(
    `WebAssembly GEMM roofline (${wasmThreads} thread${wasmThreads === 1 ? '' : 's'})`,
    () => wasmGemmGflops(wasmThreads, options.quick),
    progress,
    undefined,
    'GFLOP/s',
  );
  const configs: ConfigResult[] = [];
  for (const run of runs) {
    const notes: string[] = [];
    const note = (what: string) => (error: unknown) => notes.push(`${what}: ${(error as Error).message}`);
    const timed = <T>(what: string, fn: () => Promise<T>) =>
      attempt(`${run.name} ${what}`, fn, progress, note(what));

    const ours: OursWebgpu | null = webgpu
      ? await timed('ours webgpu', () =>
          measureOursWebgpu(webgpu, run, plan.ours, plan.oursWebgpuStepsPerRep),
        )
      : null;
    if (!webgpu) notes.push('no WebGPU adapter in this browser');
    const oursCpu = await timed('ours cpu', () => measureOursCpu(run, plan.ours));
    const wasm: OursWasm | null = await timed('ours wasm', () => measureOursWasm(run, plan.oursWasm));
    const tfjs = !options.skipTfjs;
    const tfjsWebgpu =
      webgpu && tfjs ? await timed('tfjs webgpu', () => tfjsMsPerStep(run, 'webgpu', plan.tfjs)) : null;
    const tfjsCpu = tfjs ? await timed('tfjs cpu', () => tfjsMsPerStep(run, 'cpu', plan.tfjs)) : null;
    const tfjsWasm = tfjs ? await timed('tfjs wasm', () => tfjsMsPerStep(run, 'wasm', plan.tfjs)) : null;

    const oursWebgpu = ours?.msPerStep ?? null;
    const oursWasm = wasm?.msPerStep ?? null;
    const gflops = oursWebgpu === null ? null : stepMatmulFlops(run) / (oursWebgpu * 1e6);
    const wasmGflops = oursWasm === null ? null : stepMatmulFlops(run) / (oursWasm * 1e6);
    configs.push({
      name: run.name,
      description: describeRun(run),
      msPerStep: { oursWebgpu, oursCpu, oursWasm, tfjsWebgpu, tfjsCpu, tfjsWasm },
      speedup: {
        vsTfjsWebgpu: ratio(tfjsWebgpu, oursWebgpu),
        vsTfjsCpu: ratio(tfjsCpu, oursWebgpu),
        vsTfjsWasm: ratio(tfjsWasm, oursWebgpu),
      },
      wasm: wasm && {
        threads: wasm.threads,
        speedup: {
          vsTfjsWasm: ratio(tfjsWasm, oursWasm),
          vsTfjsCpu: ratio(tfjsCpu, oursWasm),
          vsTfjsWebgpu: ratio(tfjsWebgpu, oursWasm),
          vsOursCpu: ratio(oursCpu, oursWasm),
        },
        gflops: wasmGflops,
        rooflineGflops: wasmRoofline,
        rooflineFraction: ratio(wasmGflops, wasmRoofline),
      },
      gflops,
      rooflineGflops: roofline,
      rooflineFraction: ratio(gflops, roofline),
      kernels: ours?.kernels ?? null,
      memoryBytes: ours?.memoryBytes ?? null,
      notes,
    });
  }
  const build = options.skipTfjs ? null : await attempt('tfjs wasm build', tfjsWasmBuild, progress);
  return {
    adapter: webgpu?.adapterName ?? 'none',
    tfjsWasmBuild: build,
    wasmRooflineGflops: wasmRoofline,
    configs,
  };
}

/** Runs one measurement; on failure logs it, records it through onError and gives null. */
async function attempt<T>(
  what: string,
  fn: () => Promise<T>,
  progress: Progress,
  onError?: (error: unknown) => void,
  unit = 'ms/step',
): Promise<T | null> {
  progress(`${what} …`);
  const start = performance.now();
  try {
    const value = await fn();
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    if (typeof value === 'string') progress(`${what}: ${value} (${seconds} s)`);
    else {
      const shown = typeof value === 'number' ? value : (value as { msPerStep?: number } | null)?.msPerStep;
      progress(`${what}: ${shown?.toFixed(2)} ${unit} (${seconds} s)`);
    }
    return value;
  } catch (error) {
    progress(`${what} FAILED: ${(error as Error).message}`);
    onError?.(error);
    return null;
  }
}

function describeRun(run: BenchRun): string {
  const lstms = run.layers.map((u, l) => `LSTM(${u}${l < run.layers.length - 1 ? ', seq' : ''})`).join(' → ');
  const head =
    run.task === 'classification' ? `Dense(${run.outputs}, softmax), CE` : `Dense(${run.outputs}), MSE`;
  return `${lstms} → ${head}; B ${run.batchSize}, T ${run.timesteps}, F ${run.features}, Adam`;
}
