export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds `fn` takes, to the resolution of performance.now(). */
export async function elapsedMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * How every engine is timed, the same rule for all: warm-up repetitions of `minSteps` steps until
 * `warmupMs` have passed (at least one: V8 starts WebAssembly in its baseline compiler and tiers
 * hot functions up as they run, and a GPU's pipelines and caches warm), then `measured`
 * repetitions, each of as many steps as last about `repMs` at the fastest warm-up repetition's
 * pace (a disturbed one does not shorten them; never fewer than `minSteps`). A fast engine is
 * timed over tens of steps, not two (a few milliseconds a step is within the noise of one timer
 * tick, a GC or a helper thread's wake-up); a slow one (TF.js's seconds-long steps on SwiftShader)
 * still gets `minSteps` a repetition, so the run stays minutes.
 */
export interface StepPlan {
  warmupMs: number;
  repMs: number;
  minSteps: number;
  measured: number;
}

/** The most steps one repetition runs, whatever the pace. */
const MAX_STEPS_PER_REP = 500;

export interface StepTiming {
  msPerStep: number;
  /** Steps in each measured repetition (what the plan's rule chose for this engine). */
  stepsPerRep: number;
  /** Each measured repetition's ms per step, in order (the spread behind the median). */
  repsMsPerStep: number[];
}

/**
 * Median ms per step by the plan. `runSteps(n)` runs n steps and resolves when their work is
 * really done (GPU included, losses read back); `afterRep`, if given, runs (untimed) after each
 * measured repetition: a measurement to pair with it.
 */
export async function timeSteps(
  runSteps: (count: number) => Promise<void>,
  plan: StepPlan,
  afterRep?: () => Promise<void>,
): Promise<StepTiming> {
  let warm = 0;
  let fastest = Number.POSITIVE_INFINITY;
  do {
    const took = await elapsedMs(() => runSteps(plan.minSteps));
    fastest = Math.min(fastest, took);
    warm += took;
  } while (warm < plan.warmupMs);
  const pace = fastest / plan.minSteps;
  const wanted = pace > 0 ? Math.ceil(plan.repMs / pace) : plan.minSteps;
  const stepsPerRep = Math.min(MAX_STEPS_PER_REP, Math.max(plan.minSteps, wanted));
  const times: number[] = [];
  for (let i = 0; i < plan.measured; i++) {
    times.push((await elapsedMs(() => runSteps(stepsPerRep))) / stepsPerRep);
    await afterRep?.();
  }
  return { msPerStep: median(times), stepsPerRep, repsMsPerStep: times };
}

/**
 * The median over pairs of a step's GFLOP/s (`flops` over each repetition's ms per step) over the
 * GEMM's GFLOP/s timed right after it; null without a pair.
 */
export function pairedShare(flops: number, repsMsPerStep: number[], gemmGflops: number[]): number | null {
  const n = Math.min(repsMsPerStep.length, gemmGflops.length);
  if (n === 0) return null;
  return median(Array.from({ length: n }, (_, i) => flops / (repsMsPerStep[i] * 1e6) / gemmGflops[i]));
}
