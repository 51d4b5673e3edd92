import type { BenchResult, ConfigResult } from './result';

const ms = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const times = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}×`);
const num = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));
const mib = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(2)} MiB`);

/** The human-readable report: one table of ms per step, then GPU figures per run. */
export function formatTable(result: BenchResult): string {
  const header = [
    'run',
    'ours webgpu',
    'ours cpu',
    'tfjs webgpu',
    'tfjs cpu',
    'vs tfjs webgpu',
    'vs tfjs cpu',
    'ours wasm',
    'tfjs wasm',
    'wasm vs tfjs wasm',
  ];
  const rows = result.configs.map((c) => [
    c.name,
    ms(c.msPerStep.oursWebgpu),
    ms(c.msPerStep.oursCpu),
    ms(c.msPerStep.tfjsWebgpu),
    ms(c.msPerStep.tfjsCpu),
    times(c.speedup.vsTfjsWebgpu),
    times(c.speedup.vsTfjsCpu),
    ms(c.msPerStep.oursWasm),
    ms(c.msPerStep.tfjsWasm),
    times(c.wasm?.speedup.vsTfjsWasm ?? null),
  ]);
  const lines = [
    `adapter: ${result.adapter}`,
    `tfjs wasm build: ${result.tfjsWasmBuild ?? '—'}; our WebAssembly GEMM at 512³: ${num(result.wasmRooflineGflops)} GFLOP/s`,
    '',
    'ms per training step (median):',
    ...grid([header, ...rows]),
  ];
  for (const c of result.configs) lines.push('', ...details(c));
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
    `  our WebGPU step: ${num(c.gflops)} GFLOP/s of matmul; best GEMM ${num(c.rooflineGflops)} GFLOP/s; ` +
      `fraction ${num(c.rooflineFraction)}`,
    `  kernels: ${kernels}`,
    ...(c.wasm ? [wasmLine(c.wasm)] : []),
    `  GPU memory: ${mib(c.memoryBytes)}`,
    ...c.notes.map((n) => `  note: ${n}`),
  ];
}

/** Columns padded to their widest cell; numbers right-aligned. */
function grid(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows.map((r) =>
    r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '),
  );
}

function wasmLine(w: NonNullable<ConfigResult['wasm']>): string {
  const s = w.speedup;
  return (
    `  our WebAssembly step (${w.threads} thread${w.threads === 1 ? '' : 's'}): ${num(w.gflops)} GFLOP/s of matmul, ` +
    `fraction ${num(w.rooflineFraction)} of its GEMM; vs tfjs wasm ${times(s.vsTfjsWasm)}, ` +
    `tfjs cpu ${times(s.vsTfjsCpu)}, tfjs webgpu ${times(s.vsTfjsWebgpu)}, ours cpu ${times(s.vsOursCpu)}`
  );
}
