import type { StepPlan } from './backendStep';
import { BENCH_RUNS, type BenchRun, describeRun } from './configs';
import { stepMatmulFlops } from './flops';
import { checksLoss, checkWeights, compareLosses } from './lossCheck';
import { measureOursCpu } from './oursCpu';
import { measureOursWasm, type WasmTimings, wasmBuildOfPage } from './oursWasm';
import { measureOursWebgpu, type WebgpuSession } from './oursWebgpu';
import {
  type BenchOptions,
  type BenchResult,
  type ConfigResult,
  type OursWasmResult,
  type PerEngine,
  ratio,
} from './result';
import { tfjsTimings } from './tfjsStep';
import { tfjsWasmBuild } from './tfjsWasm';
import { median, pairedShare } from './timing';

export type Progress = (line: string) => void;

/**
 * Every engine gets the same plan (timing.ts): warm-up for a second, then the median of 5
 * repetitions of at least 250 ms and 2 steps each, so two disturbed repetitions of this shared
 * machine do not move it. TF.js is slow (R2 seconds a step: 2 steps a repetition there); ours a
 * few milliseconds a step on WebAssembly (tens of steps). --quick: one step, no warm-up.
 */
export function stepPlan(quick: boolean): StepPlan {
  if (quick) return { warmupMs: 0, repMs: 0, minSteps: 1, measured: 1 };
  return { warmupMs: 1000, repMs: 250, minSteps: 2, measured: 5 };
}

interface Timings {
  firstStepMs: number;
  msPerStep: number;
  stepsPerRep: number;
  repsMsPerStep: number[];
}

/**
 * One repeat of the comparison, in this page: per run, our three engines then TF.js's three, each
 * from a cold start (its time to first step) to its median ms per step; our WebAssembly engine in
 * its worker with its own GEMM timed after each repetition of its steps (this shared 2-core VM's
 * pace drifts within seconds, its 512³ GEMM 44–93 GFLOP/s within one run, so each share pairs
 * steps and GEMM timed back to back); then our best WebGPU GEMM, last, so its pipelines warm
 * nothing the WebGPU start-up times include. A failing engine leaves a null and a note; the others still run. `webgpu` is null
 * where the page has no adapter.
 */
export async function runBench(
  options: BenchOptions,
  webgpu: WebgpuSession | null,
  progress: Progress,
): Promise<BenchResult> {
  const plan = stepPlan(options.quick);
  const runs = BENCH_RUNS.filter((r) => options.runs.length === 0 || options.runs.includes(r.name));
  const configs: ConfigResult[] = [];
  for (const run of runs) {
    const notes: string[] = [];
    const timed = <T extends Timings>(what: string, fn: () => Promise<T>) =>
      attempt(`${run.name} ${what}`, fn, progress, (error) =>
        notes.push(`${what}: ${(error as Error).message}`),
      );

    const ours = webgpu ? await timed('ours webgpu', () => measureOursWebgpu(webgpu, run, plan)) : null;
    if (!webgpu) notes.push('no WebGPU adapter in this browser');
    const oursCpu = await timed('ours cpu', () => measureOursCpu(run, plan));
    const oursWasm = await timed('ours wasm', () => measureOursWasm(run, plan));
    const tfjs = !options.skipTfjs;
    const check = tfjs && checksLoss(run) ? checkWeights(run) : undefined;
    const tfjsWebgpu =
      webgpu && tfjs ? await timed('tfjs webgpu', () => tfjsTimings(run, 'webgpu', plan, check)) : null;
    const tfjsCpu = tfjs ? await timed('tfjs cpu', () => tfjsTimings(run, 'cpu', plan, check)) : null;
    const tfjsWasm = tfjs ? await timed('tfjs wasm', () => tfjsTimings(run, 'wasm', plan, check)) : null;
    const lossCheck = check && (await compareLosses(run, check, { tfjsWebgpu, tfjsCpu, tfjsWasm }, notes));

    const figure = (key: Exclude<keyof Timings, 'repsMsPerStep'>): PerEngine => ({
      oursWebgpu: ours?.[key] ?? null,
      oursCpu: oursCpu?.[key] ?? null,
      oursWasm: oursWasm?.[key] ?? null,
      tfjsWebgpu: tfjsWebgpu?.[key] ?? null,
      tfjsCpu: tfjsCpu?.[key] ?? null,
      tfjsWasm: tfjsWasm?.[key] ?? null,
    });
    const msPerStep = figure('msPerStep');
    const oursWebgpu = msPerStep.oursWebgpu;
    configs.push({
      name: run.name,
      description: describeRun(run),
      msPerStep,
      firstStepMs: figure('firstStepMs'),
      stepsPerRep: figure('stepsPerRep'),
      speedup: {
        vsTfjsWebgpu: ratio(msPerStep.tfjsWebgpu, oursWebgpu),
        vsTfjsCpu: ratio(msPerStep.tfjsCpu, oursWebgpu),
        vsTfjsWasm: ratio(msPerStep.tfjsWasm, oursWebgpu),
      },
      wasm: oursWasm && wasmResult(run, msPerStep, oursWasm),
      gflops: oursWebgpu === null ? null : stepMatmulFlops(run) / (oursWebgpu * 1e6),
      rooflineGflops: null,
      rooflineFraction: null,
      kernels: ours?.info.kernels ?? null,
      memoryBytes: ours?.info.memoryBytes ?? null,
      dispatchesPerStep: ours?.info.dispatchesPerStep ?? null,
      ...(lossCheck ? { lossCheck } : {}),
      notes,
    });
  }
  const rest = await rooflines(configs, webgpu, options.quick, progress);
  return { ...rest, configs, repeats: 1, plan };
}

/**
 * Our WebAssembly engine's figures on a run. Its share of its own GEMM is taken per pair (a timed
 * repetition of steps, then one of GEMMs), then the median of the pairs: each pair saw one pace of
 * this shared machine. rooflineGflops is the median GEMM of the pairs.
 */
function wasmResult(run: BenchRun, ms: PerEngine, timings: WasmTimings): OursWasmResult {
  const ours = ms.oursWasm;
  const flops = stepMatmulFlops(run);
  const gflops = ours === null ? null : flops / (ours * 1e6);
  const gemm = timings.gemmGflopsPerRep;
  return {
    threads: timings.info.threads ?? 1,
    speedup: {
      vsTfjsWasm: ratio(ms.tfjsWasm, ours),
      vsTfjsCpu: ratio(ms.tfjsCpu, ours),
      vsTfjsWebgpu: ratio(ms.tfjsWebgpu, ours),
      vsOursCpu: ratio(ms.oursCpu, ours),
    },
    gflops,
    rooflineGflops: gemm.length > 0 ? median(gemm) : null,
    rooflineFraction: pairedShare(flops, timings.repsMsPerStep, gemm),
  };
}

/**
 * After every run: our best WebGPU GEMM and each config's fraction of it, which tfjs wasm build
 * ran, and the page's WebAssembly GEMM (the median of the runs' own, each timed beside its steps).
 */
async function rooflines(
  configs: ConfigResult[],
  webgpu: WebgpuSession | null,
  quick: boolean,
  progress: Progress,
): Promise<Omit<BenchResult, 'configs'>> {
  const roofline = webgpu
    ? await attempt('our best GEMM', () => webgpu.rooflineGflops(quick), progress)
    : null;
  for (const c of configs) {
    c.rooflineGflops = roofline;
    c.rooflineFraction = ratio(c.gflops, roofline);
  }
  const wasmGemms = configs.flatMap((c) => (c.wasm?.rooflineGflops ? [c.wasm.rooflineGflops] : []));
  const wasmRoofline = wasmGemms.length > 0 ? median(wasmGemms) : null;
  const build = configs.some((c) => c.msPerStep.tfjsWasm !== null)
    ? await attempt('tfjs wasm build', tfjsWasmBuild, progress)
    : null;
  const ranWasm = wasmRoofline !== null || configs.some((c) => c.wasm);
  return {
    adapter: webgpu?.adapterName ?? 'none',
    tfjsWasmBuild: build,
    wasmRooflineGflops: wasmRoofline,
    ...(ranWasm ? { wasmBuild: wasmBuildOfPage() } : {}),
  };
}
/** "4.5 ms/step (repetitions 3.1, 4.5, 4.6 of 98 steps), first step 51 ms". */
function timingsLine(t: Timings & { gemmGflopsPerRep?: number[] }): string {
  const reps = t.repsMsPerStep.map((ms) => ms.toFixed(ms < 10 ? 2 : 1)).join(', ');
  const gemm = t.gemmGflopsPerRep
    ? `, its GEMM after each ${t.gemmGflopsPerRep.map((g) => g.toFixed(1)).join(', ')} GFLOP/s`
    : '';
  return `${t.msPerStep.toFixed(1)} ms/step (repetitions ${reps} of ${t.stepsPerRep} steps${gemm}), first step ${t.firstStepMs.toFixed(0)} ms`;
}

/** Runs one measurement; on failure logs it, records it through onError and gives null. */
async function attempt<T>(
  what: string,
  fn: () => Promise<T>,
  progress: Progress,
  onError?: (error: unknown) => void,
): Promise<T | null> {
  progress(`${what} …`);
  const start = performance.now();
  try {
    const value = await fn();
    const shown =
      typeof value === 'string'
        ? value
        : typeof value === 'number'
          ? `${value.toFixed(2)} GFLOP/s`
          : timingsLine(value as Timings);
    progress(`${what}: ${shown} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    return value;
  } catch (error) {
    progress(`${what} FAILED: ${(error as Error).message}`);
    onError?.(error);
    return null;
  }
}
