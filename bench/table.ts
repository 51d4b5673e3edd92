import type { BenchResult, ConfigResult, EngineName, PerEngine, Range } from './result';

type Format = (v: number) => string;
const ms: Format = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const times: Format = (v) => `${v.toFixed(1)}×`;
const num: Format = (v) => v.toFixed(2);
const percent: Format = (v) => `${(100 * v).toFixed(0)}%`;
/** Which build of our WebAssembly kernels ran (BenchResult.wasmBuild). */
const WASM_BUILD = {
  relaxed: 'relaxed SIMD build, fused multiply-add, its GEMM too',
  plain: 'plain SIMD build, its GEMM too',
  none: 'build —',
};
const mib = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(2)} MiB`);

/** A figure as "median [min–max]" where it has a range over repeats, else the figure alone. */
function cell(value: number | null, range: Range | null | undefined, format: Format): string {
  if (value === null) return '—';
  if (!range || range.min === range.max) return format(value);
  return `${format(value)} [${format(range.min)}–${format(range.max)}]`;
}

const ENGINE_COLUMNS: [EngineName, string][] = [
  ['oursWebgpu', 'ours webgpu'],
  ['oursCpu', 'ours cpu'],
  ['oursWasm', 'ours wasm'],
  ['tfjsWebgpu', 'tfjs webgpu'],
  ['tfjsCpu', 'tfjs cpu'],
  ['tfjsWasm', 'tfjs wasm'],
];

function perEngineRows(
  configs: ConfigResult[],
  values: (c: ConfigResult) => PerEngine,
  ranges: (c: ConfigResult) => Record<EngineName, Range | null> | undefined,
): string[] {
  return grid([
    ['run', ...ENGINE_COLUMNS.map(([, title]) => title)],
    ...configs.map((c) => [c.name, ...ENGINE_COLUMNS.map(([e]) => cell(values(c)[e], ranges(c)?.[e], ms))]),
  ]);
}

/** How every engine was timed, in words. */
function planLine(result: BenchResult): string {
  const plan = result.plan;
  if (!plan)
    return `${result.stepsPerRepetition ?? '?'} training step(s) per timed repetition for every engine`;
  return `every engine warmed up for ≥ ${plan.warmupMs} ms, then ${plan.measured} timed repetition(s) of ≥ ${plan.repMs} ms and ≥ ${plan.minSteps} step(s)`;
}

/** The human-readable report: ms per step, time to first step, speed-ups, targets, then details. */
export function formatTable(result: BenchResult): string {
  const repeats = result.repeats ?? 1;
  const { configs } = result;
  const lines = [
    `adapter: ${result.adapter}`,
    `${repeats} repeat${repeats === 1 ? '' : 's'} (each in a fresh browser); ${planLine(result)}`,
    repeats > 1 ? 'figures: median over the repeats [smallest–largest]' : 'figures: one repeat',
    '',
    'ms per training step (median of the timed repetitions):',
    ...perEngineRows(
      configs,
      (c) => c.msPerStep,
      (c) => c.ranges?.msPerStep,
    ),
    '',
    'ms to the first step (start-up: device, autotuning, pipeline compilation / tf backend, model; then one step):',
    ...perEngineRows(
      configs,
      (c) => c.firstStepMs,
      (c) => c.ranges?.firstStepMs,
    ),
    '',
    'our webgpu step: speed-up over TF.js, and GFLOP/s against our best GEMM on this adapter (not the hardware peak):',
    ...grid([
      ['run', 'vs tfjs webgpu', 'vs tfjs cpu', 'vs tfjs wasm', 'GFLOP/s', 'of our best GEMM'],
      ...configs.map((c) => [
        c.name,
        cell(c.speedup.vsTfjsWebgpu, c.ranges?.speedup.vsTfjsWebgpu, times),
        cell(c.speedup.vsTfjsCpu, c.ranges?.speedup.vsTfjsCpu, times),
        cell(c.speedup.vsTfjsWasm, c.ranges?.speedup.vsTfjsWasm, times),
        cell(c.gflops, c.ranges?.gflops, num),
        cell(c.rooflineFraction, c.ranges?.rooflineFraction, percent),
      ]),
    ]),
    '',
    `our wasm step (${WASM_BUILD[result.wasmBuild ?? 'none']}): speed-up over the CPU peers, and GFLOP/s against our WebAssembly GEMM at 512³ ` +
      `timed beside each run's steps (median ${result.wasmRooflineGflops === null ? '—' : num(result.wasmRooflineGflops)} GFLOP/s); ` +
      `tfjs wasm build: ${result.tfjsWasmBuild ?? '—'}`,
    ...grid([
      [
        'run',
        'threads',
        'vs tfjs wasm',
        'vs tfjs cpu',
        'vs ours cpu',
        'GFLOP/s',
        'its GEMM',
        'of our wasm GEMM',
      ],
      ...configs.map((c) => wasmRow(c)),
    ]),
  ];
  if (result.targets && result.targets.length > 0) {
    lines.push('', 'targets (issues #5 and #13):');
    for (const t of result.targets) {
      const verdict = t.heldIn === t.of ? 'held in every repeat' : `held in ${t.heldIn} of ${t.of} repeats`;
      lines.push(`  ${t.target.padEnd(40)} ${verdict}`);
    }
  }
  for (const c of configs) lines.push('', ...details(c));
  return lines.join('\n');
}

function details(c: ConfigResult): string[] {
  const kernels = c.kernels
    ? Object.entries(c.kernels)
        .map(([role, variant]) => `${role}=${variant}`)
        .join(', ')
    : '—';
  return [
    `${c.name}: ${c.description}`,
    `  our best GEMM (512³): ${c.rooflineGflops === null ? '—' : num(c.rooflineGflops)} GFLOP/s`,
    `  kernels: ${kernels}`,
    `  GPU memory: ${mib(c.memoryBytes)}, ${c.dispatchesPerStep ?? '—'} dispatches a step`,
    ...lossCheckLine(c),
    ...c.notes.map((n) => `  note: ${n}`),
  ];
}

/** The loss check's line (runs with attention): TF.js's loss on our weights against ours. */
function lossCheckLine(c: ConfigResult): string[] {
  if (!c.lossCheck) return [];
  const { ours, relativeError: r } = c.lossCheck;
  const rel = (v: number | null) => (v === null ? '—' : v.toExponential(1));
  return [
    `  same model: loss on our check weights, ours ${ours.toPrecision(8)}; |TF.js − ours| / ours ` +
      `webgpu ${rel(r.tfjsWebgpu)}, cpu ${rel(r.tfjsCpu)}, wasm ${rel(r.tfjsWasm)}`,
  ];
}

/** Our WebAssembly engine's row of the wasm table (dashes where it did not run). */
function wasmRow(c: ConfigResult): string[] {
  const w = c.wasm;
  const r = c.ranges?.wasm;
  if (!w) return [c.name, '—', '—', '—', '—', '—', '—', '—'];
  return [
    c.name,
    String(w.threads),
    cell(w.speedup.vsTfjsWasm, r?.speedup.vsTfjsWasm, times),
    cell(w.speedup.vsTfjsCpu, r?.speedup.vsTfjsCpu, times),
    cell(w.speedup.vsOursCpu, r?.speedup.vsOursCpu, times),
    cell(w.gflops, r?.gflops, num),
    w.rooflineGflops === null ? '—' : num(w.rooflineGflops),
    w.rooflineFraction === null ? '—' : percent(w.rooflineFraction),
  ];
}

/** Columns padded to their widest cell; numbers right-aligned. */
function grid(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) =>
    r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '),
  );
}
