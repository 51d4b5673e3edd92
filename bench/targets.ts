import { type BenchResult, type ConfigResult, ratio, type TargetResult } from './result';

/**
 * The targets of the benchmark issue (#5), on this machine (2 cores, SwiftShader): our WebGPU
 * step ≥ 20× (R1) and ≥ 8× (R2) faster than TF.js on WebGPU, ≥ 5× and ≥ 3× than TF.js on CPU;
 * ≥ 40% of our best GEMM; our reference engine faster than TF.js on CPU. R3 (issue #8) aims at
 * R1's ratios. Issue #13: our WebAssembly engine ≥ 3× TF.js's wasm backend on R1 and R2.
 */
interface Target {
  label: string;
  run: string;
  /** The measured figure, null where a repeat lacks it; the target holds where it is ≥ min. */
  figure: (c: ConfigResult) => number | null;
  min: number;
}

const perRun = (run: string, vsWebgpu: number, vsCpu: number): Target[] => [
  {
    label: `${run}: ours ≥ ${vsWebgpu}× TF.js webgpu`,
    run,
    figure: (c) => c.speedup.vsTfjsWebgpu,
    min: vsWebgpu,
  },
  { label: `${run}: ours ≥ ${vsCpu}× TF.js cpu`, run, figure: (c) => c.speedup.vsTfjsCpu, min: vsCpu },
  { label: `${run}: ≥ 40% of our best GEMM`, run, figure: (c) => c.rooflineFraction, min: 0.4 },
  {
    label: `${run}: our cpu engine faster than TF.js cpu`,
    run,
    // Faster: TF.js cpu's ms over ours above 1.
    figure: (c) => ratio(c.msPerStep.tfjsCpu, c.msPerStep.oursCpu),
    min: 1 + Number.EPSILON,
  },
];

/** Issue #13: our WebAssembly engine at least 3× TF.js's wasm backend. */
const wasmTarget = (run: string): Target => ({
  label: `${run}: ours wasm ≥ 3× TF.js wasm`,
  run,
  figure: (c) => c.wasm?.speedup.vsTfjsWasm ?? null,
  min: 3,
});

// R3 (issue #8): at least R1's ratios.
export const TARGETS: Target[] = [
  ...perRun('R1', 20, 5),
  ...perRun('R2', 8, 3),
  ...perRun('R3', 20, 5),
  wasmTarget('R1'),
  wasmTarget('R2'),
];

/** In how many repeats each target held, among the repeats that measured its run and figure. */
export function evaluateTargets(repeats: BenchResult[]): TargetResult[] {
  return TARGETS.flatMap((t) => {
    const figures = repeats
      .map((r) => r.configs.find((c) => c.name === t.run))
      .map((c) => (c ? t.figure(c) : null))
      .filter((v): v is number => v !== null);
    if (figures.length === 0) return [];
    return [{ target: t.label, heldIn: figures.filter((v) => v >= t.min).length, of: figures.length }];
  });
}
