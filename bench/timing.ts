/** How many times to run a measured thing: warm-up runs (not timed) and measured repetitions. */
export interface Repetitions {
  warmup: number;
  measured: number;
}

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
 * Median milliseconds per unit of work. `rep` runs `unitsPerRep` units (e.g. training steps) and
 * resolves when their work is really done (GPU included); its time is divided by unitsPerRep.
 */
export async function medianMsPerUnit(
  rep: () => Promise<void>,
  reps: Repetitions,
  unitsPerRep = 1,
): Promise<number> {
  for (let i = 0; i < reps.warmup; i++) await rep();
  const times: number[] = [];
  for (let i = 0; i < reps.measured; i++) times.push((await elapsedMs(rep)) / unitsPerRep);
  return median(times);
}
