import type { StepPlan } from './backendStep';
import { BENCH_RUNS, type BenchRun } from './configs';
import { stepMatmulFlops } from './flops';
import { measureOursCpu } from './oursCpu';
import { measureOursWebgpu, type WebgpuSession } from './oursWebgpu';
import { type BenchOptions, type BenchResult, type ConfigResult, ratio } from './result';
import { tfjsTimings } from './tfjsStep';

export type Progress = (line: string) => void;

/**
 * Every engine gets the same plan: a warm-up repetition, then measured ones, each of the same
 * number of training steps (tfjs is slow, R2 seconds a step, so 3 repetitions of 2 steps).
 */
export function stepPlan(quick: boolean): StepPlan {
  if (quick) return { reps: { warmup: 0, measured: 1 }, stepsPerRep: 1 };
  return { reps: { warmup: 1, measured: 3 }, stepsPerRep: 2 };
}

interface Timings {
  firstStepMs: number;
  msPerStep: number;
}

/**
 * One repeat of the comparison, in this page: per run, our two engines then TF.js's two, each
 * from a cold start (its time to first step) to its median ms per step; then our best GEMM, last,
 * so its pipeline compilation warms nothing the start-up times include. A failing engine leaves
 * a null and a note; the others still run. `webgpu` is null where the page has no adapter.
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
    const tfjs = !options.skipTfjs;
    const tfjsWebgpu =
      webgpu && tfjs ? await timed('tfjs webgpu', () => tfjsTimings(run, 'webgpu', plan)) : null;
    const tfjsCpu = tfjs ? await timed('tfjs cpu', () => tfjsTimings(run, 'cpu', plan)) : null;

    const oursWebgpu = ours?.msPerStep ?? null;
    const tfjsWebgpuMs = tfjsWebgpu?.msPerStep ?? null;
    const tfjsCpuMs = tfjsCpu?.msPerStep ?? null;
    configs.push({
      name: run.name,
      description: describeRun(run),
      msPerStep: {
        oursWebgpu,
        oursCpu: oursCpu?.msPerStep ?? null,
        tfjsWebgpu: tfjsWebgpuMs,
        tfjsCpu: tfjsCpuMs,
      },
      firstStepMs: {
        oursWebgpu: ours?.firstStepMs ?? null,
        oursCpu: oursCpu?.firstStepMs ?? null,
        tfjsWebgpu: tfjsWebgpu?.firstStepMs ?? null,
        tfjsCpu: tfjsCpu?.firstStepMs ?? null,
      },
      speedup: { vsTfjsWebgpu: ratio(tfjsWebgpuMs, oursWebgpu), vsTfjsCpu: ratio(tfjsCpuMs, oursWebgpu) },
      gflops: oursWebgpu === null ? null : stepMatmulFlops(run) / (oursWebgpu * 1e6),
      rooflineGflops: null,
      rooflineFraction: null,
      kernels: ours?.info.kernels ?? null,
      memoryBytes: ours?.info.memoryBytes ?? null,
      dispatchesPerStep: ours?.info.dispatchesPerStep ?? null,
      notes,
    });
  }
  const roofline = webgpu
    ? await attempt('our best GEMM', () => webgpu.rooflineGflops(options.quick), progress)
    : null;
  for (const c of configs) {
    c.rooflineGflops = roofline;
    c.rooflineFraction = ratio(c.gflops, roofline);
  }
  return {
    adapter: webgpu?.adapterName ?? 'none',
    configs,
    repeats: 1,
    stepsPerRepetition: plan.stepsPerRep,
  };
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
      typeof value === 'number'
        ? `${value.toFixed(2)} GFLOP/s`
        : `${(value as Timings).msPerStep.toFixed(1)} ms/step, first step ${(value as Timings).firstStepMs.toFixed(0)} ms`;
    progress(`${what}: ${shown} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    return value;
  } catch (error) {
    progress(`${what} FAILED: ${(error as Error).message}`);
    onError?.(error);
    return null;
  }
}

function describeRun(run: BenchRun): string {
  const name = { lstm: 'LSTM', gru: 'GRU', simple_rnn: 'SimpleRNN' }[run.cell];
  const layer = (u: number, l: number) => `${name}(${u}${l < run.layers.length - 1 ? ', seq' : ''})`;
  const lstms = run.layers
    .map((u, l) => (run.bidirectional ? `Bidirectional(${layer(u, l)})` : layer(u, l)))
    .join(' → ');
  const head =
    run.task === 'classification' ? `Dense(${run.outputs}, softmax), CE` : `Dense(${run.outputs}), MSE`;
  return `${lstms} → ${head}; B ${run.batchSize}, T ${run.timesteps}, F ${run.features}, Adam`;
}
