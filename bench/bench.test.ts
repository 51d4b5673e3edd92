import { describe, expect, it } from 'vitest';
import { BenchArgsError, parseBenchArgs } from './args';
import { BENCH_RUNS, batchRows, benchDataset } from './configs';
import { stepMatmulFlops } from './flops';
import { measureOursCpu } from './oursCpu';
import type { BenchResult } from './result';
import { formatTable } from './table';
import { median } from './timing';

const R1 = BENCH_RUNS.find((r) => r.name === 'R1')!;
const R2 = BENCH_RUNS.find((r) => r.name === 'R2')!;

describe('benchmark', () => {
  it('counts the matmul FLOPs of a step from the shapes', () => {
    // R1: 3 recurrent-sized GEMMs (forward, dZ·Uᵀ, dU) of 2·1600·64·256, 2 projection-sized of 2·1600·1·256.
    expect(stepMatmulFlops(R1)).toBe(3 * 52_428_800 + 2 * 819_200 + 6 * 32 * 64);
    expect(stepMatmulFlops(R2) / 1e9).toBeCloseTo(1.127, 3);
  });

  it('builds data of the run shapes, one-hot for classification', () => {
    const data = benchDataset(R2);
    expect(data.train.x.length).toBe(data.train.n * 50 * 8);
    for (let r = 0; r < data.train.n; r++) {
      const row = data.train.y.subarray(r * 10, (r + 1) * 10);
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
    }
    expect(Array.from(batchRows(R2, 1))).toEqual(Array.from({ length: 32 }, (_, i) => 32 + i));
  });

  it('times our reference engine on R1 with a finite positive ms per step', async () => {
    const ms = await measureOursCpu(R1, { warmup: 0, measured: 1 });
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
  });

  it('rejects an unknown run and an unknown flag in one line', () => {
    expect(() => parseBenchArgs(['--runs', 'R9'])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchArgsError);
    expect(parseBenchArgs(['--json', '--runs', 'R2'])).toMatchObject({
      json: true,
      runs: ['R2'],
      quick: false,
    });
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('shows a missing measurement as a dash and a speed-up as a multiple', () => {
    const result: BenchResult = {
      adapter: 'test adapter',
      tfjsWasmBuild: 'SIMD, threaded (2 threads)',
      wasmRooflineGflops: 40,
      configs: [
        {
          name: 'R1',
          description: 'LSTM(64)',
          msPerStep: {
            oursWebgpu: 50,
            oursCpu: null,
            oursWasm: 10,
            tfjsWebgpu: 2000,
            tfjsCpu: 600,
            tfjsWasm: 90,
          },
          speedup: { vsTfjsWebgpu: 40, vsTfjsCpu: 12, vsTfjsWasm: 1.8 },
          wasm: {
            threads: 2,
            speedup: { vsTfjsWasm: 9, vsTfjsCpu: 60, vsTfjsWebgpu: 200, vsOursCpu: null },
            gflops: 16,
            rooflineGflops: 40,
            rooflineFraction: 0.4,
          },
          gflops: 3.2,
          rooflineGflops: 3.0,
          rooflineFraction: 1.07,
          kernels: { projection: 'matmul_8x8' },
          memoryBytes: 2 ** 20,
          notes: [],
        },
      ],
    };
    const table = formatTable(result);
    expect(table).toMatch(/R1\s+50\.0\s+—\s+2000\s+600\s+40\.0×\s+12\.0×\s+10\.0\s+90\.0\s+9\.0×/);
    expect(table).toContain('tfjs wasm build: SIMD, threaded (2 threads)');
    expect(table).toMatch(
      /our WebAssembly step \(2 threads\): 16\.00 GFLOP\/s .* fraction 0\.40 .* vs tfjs wasm 9\.0×/,
    );
    expect(table).toContain('projection=matmul_8x8');
    expect(table).toContain('1.00 MiB');
  });
});
