import {
  type BenchResult,
  type ConfigResult,
  type LossCheck,
  type OursWasmResult,
  type PerEngine,
  perEngine,
  type Range,
  type Speedup,
} from './result';
import { evaluateTargets } from './targets';
import { median } from './timing';

/**
 * The repeats of a benchmark as one result, in the shape of one repeat's: each figure is the
 * median over the repeats (of each repeat's own median), `ranges` holds its min and max, and the
 * speed-ups are taken per repeat (TF.js and ours measured minutes apart in the same page) before
 * the median. Every repeat is kept whole in `perRepeat`.
 */
export function mergeRepeats(repeats: BenchResult[]): BenchResult {
  if (repeats.length === 0) throw new Error('no repeats to merge');
  const names = repeats[0].configs.map((c) => c.name);
  return {
    adapter: repeats[0].adapter,
    tfjsWasmBuild: repeats.find((r) => r.tfjsWasmBuild !== null)?.tfjsWasmBuild ?? null,
    wasmRooflineGflops: summarize(repeats.map((r) => r.wasmRooflineGflops)).median,
    ...(repeats.some((r) => r.wasmBuild) ? { wasmBuild: repeats.find((r) => r.wasmBuild)?.wasmBuild } : {}),
    configs: names.map((name) =>
      mergeConfig(repeats.flatMap((r) => r.configs.filter((c) => c.name === name))),
    ),
    repeats: repeats.length,
    ...(repeats[0].plan ? { plan: repeats[0].plan } : {}),
    ...(repeats[0].stepsPerRepetition ? { stepsPerRepetition: repeats[0].stepsPerRepetition } : {}),
    targets: evaluateTargets(repeats),
    perRepeat: repeats,
  };
}

function mergeConfig(each: ConfigResult[]): ConfigResult {
  const first = each[0];
  const figure = (get: (c: ConfigResult) => number | null) => summarize(each.map(get));
  const engines = (get: (c: ConfigResult) => PerEngine) => {
    const merged = perEngine((e) => figure((c) => get(c)[e]));
    return { median: perEngine((e) => merged[e].median), range: perEngine((e) => merged[e].range) };
  };
  const msPerStep = engines((c) => c.msPerStep);
  const firstStepMs = engines((c) => c.firstStepMs);
  const vsWebgpu = figure((c) => c.speedup.vsTfjsWebgpu);
  const vsCpu = figure((c) => c.speedup.vsTfjsCpu);
  const vsWasm = figure((c) => c.speedup.vsTfjsWasm);
  const gflops = figure((c) => c.gflops);
  const fraction = figure((c) => c.rooflineFraction);
  const speedup: Speedup = {
    vsTfjsWebgpu: vsWebgpu.median,
    vsTfjsCpu: vsCpu.median,
    vsTfjsWasm: vsWasm.median,
  };
  const wasm = mergeWasm(each);
  const kernelSets = new Set(each.map((c) => JSON.stringify(c.kernels)));
  return {
    name: first.name,
    description: first.description,
    msPerStep: msPerStep.median,
    firstStepMs: firstStepMs.median,
    ...(first.stepsPerRep ? { stepsPerRep: first.stepsPerRep } : {}),
    speedup,
    wasm: wasm?.result ?? null,
    gflops: gflops.median,
    rooflineGflops: figure((c) => c.rooflineGflops).median,
    rooflineFraction: fraction.median,
    kernels: first.kernels,
    memoryBytes: first.memoryBytes,
    dispatchesPerStep: first.dispatchesPerStep,
    ...mergeLossCheck(each),
    notes: [
      ...(kernelSets.size > 1 ? ['the autotuner chose differently between repeats (see perRepeat)'] : []),
      ...each.flatMap((c, i) => c.notes.map((n) => `repeat ${i + 1}: ${n}`)),
    ],
    ranges: {
      msPerStep: msPerStep.range,
      firstStepMs: firstStepMs.range,
      speedup: { vsTfjsWebgpu: vsWebgpu.range, vsTfjsCpu: vsCpu.range, vsTfjsWasm: vsWasm.range },
      gflops: gflops.range,
      rooflineFraction: fraction.range,
      ...(wasm ? { wasm: wasm.ranges } : {}),
    },
  };
}

/** The loss check over the repeats that ran it: our loss, and each backend's worst difference. */
function mergeLossCheck(each: ConfigResult[]): { lossCheck?: LossCheck } {
  const ran = each.flatMap((c) => (c.lossCheck ? [c.lossCheck] : []));
  if (ran.length === 0) return {};
  const worst = (key: keyof LossCheck['relativeError']) =>
    summarize(ran.map((l) => l.relativeError[key])).range?.max ?? null;
  return {
    lossCheck: {
      ours: ran[0].ours,
      relativeError: {
        tfjsWebgpu: worst('tfjsWebgpu'),
        tfjsCpu: worst('tfjsCpu'),
        tfjsWasm: worst('tfjsWasm'),
      },
    },
  };
}

/** Our WebAssembly engine over the repeats that ran it: medians (speed-ups per repeat first) and ranges. */
function mergeWasm(each: ConfigResult[]) {
  const ran = each.flatMap((c) => (c.wasm ? [c.wasm] : []));
  if (ran.length === 0) return null;
  const figure = (get: (w: OursWasmResult) => number | null) => summarize(ran.map(get));
  const speedup = {
    vsTfjsWasm: figure((w) => w.speedup.vsTfjsWasm),
    vsTfjsCpu: figure((w) => w.speedup.vsTfjsCpu),
    vsTfjsWebgpu: figure((w) => w.speedup.vsTfjsWebgpu),
    vsOursCpu: figure((w) => w.speedup.vsOursCpu),
  };
  const pick = <K extends 'median' | 'range'>(k: K) => ({
    vsTfjsWasm: speedup.vsTfjsWasm[k],
    vsTfjsCpu: speedup.vsTfjsCpu[k],
    vsTfjsWebgpu: speedup.vsTfjsWebgpu[k],
    vsOursCpu: speedup.vsOursCpu[k],
  });
  const gflops = figure((w) => w.gflops);
  const result: OursWasmResult = {
    threads: ran[0].threads,
    speedup: pick('median'),
    gflops: gflops.median,
    rooflineGflops: figure((w) => w.rooflineGflops).median,
    rooflineFraction: figure((w) => w.rooflineFraction).median,
  };
  return { result, ranges: { speedup: pick('range'), gflops: gflops.range } };
}

interface Summary {
  median: number | null;
  range: Range | null;
}

/** Median and range of the values the repeats measured (nulls left out; all null → null). */
export function summarize(values: (number | null)[]): Summary {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return { median: null, range: null };
  return { median: median(present), range: { min: Math.min(...present), max: Math.max(...present) } };
}
