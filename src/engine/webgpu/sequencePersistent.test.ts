import { describe, expect, it } from 'vitest';
import { testDevice } from '../../../test/support/engine/testDevice';
import { cellDims } from '../reference/lstmCell';
import { sequenceKernelSpec, sequencePersistentFits } from './cellKernels';
import { sequenceCandidates } from './cellTune';
import { specialize } from './shaderSource';

/**
 * The persistent variant of the sequence-fused kernels (U staged in workgroup memory once per
 * dispatch; shaders/recurrent_weights_persistent.wgsl) exists only where U fits beside the state.
 * Its numbers are held to the twins in lstmSequence.test.ts and rnnSequence.test.ts; here, where
 * it may run: the fit computed in TS is the one the device validates, and the autotuner offers the
 * variant only where it fits (per direction of work) and never on a software adapter.
 */
const CELLS = ['lstm', 'gru', 'simple_rnn'] as const;

/** Whether the device builds the kernel's pipeline (a workgroup over the limit is a validation error). */
async function builds(device: GPUDevice, spec: ReturnType<typeof sequenceKernelSpec>): Promise<boolean> {
  const module = device.createShaderModule({ code: specialize(spec.source, spec.constants) });
  try {
    await device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module, entryPoint: spec.entryPoint },
    });
    return true;
  } catch {
    return false;
  }
}

/** Largest slice of rows whose persistent variant fits `bytes` (0 when none). */
function mostRows(cell: (typeof CELLS)[number], backward: boolean, units: number, bytes: number): number {
  let rows = 0;
  while (sequencePersistentFits(cell, backward, units, rows + 1, bytes)) rows++;
  return rows;
}

describe('the persistent sequence-fused kernels fit where the device allows, exactly', () => {
  it('the Node device has the adapter’s workgroup memory (32 KiB on SwiftShader), not the 16 KiB default', async () => {
    const device = await testDevice();
    expect(device.limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
    // requestWebGpuDevice asks for the adapter's own limit: SwiftShader gives 32768.
    expect(device.limits.maxComputeWorkgroupStorageSize).toBe(32768);
  });

  // H = 3: the state arrays' bytes are no multiple of 16, so WebGPU's rounding counts. A slice
  // one row past the fit is refused (the fit wastes no row); the fit itself builds, checked once,
  // on the LSTM's backward (vec4f state): SwiftShader takes seconds to build a workgroup of 32 KiB.
  for (const cell of CELLS)
    for (const backward of [false, true]) {
      const entry = sequenceKernelSpec({ rows: 1, threads: 64 }, backward, 3, cell).entryPoint;
      const edge = cell === 'lstm' && backward;
      it(`${entry} H=3, persistent: one row past the fit is refused${edge ? ', the fit builds' : ''}`, async () => {
        const device = await testDevice();
        const rows = mostRows(cell, backward, 3, device.limits.maxComputeWorkgroupStorageSize);
        expect(rows).toBeGreaterThan(0);
        const spec = (r: number) =>
          sequenceKernelSpec({ rows: r, threads: 64, persistent: true }, backward, 3, cell);
        expect(await builds(device, spec(rows + 1))).toBe(false);
        if (edge) expect(await builds(device, spec(rows))).toBe(true);
      });
    }

  it('fits small H only: the largest H for a slice of 4 rows, forward and backward', () => {
    const largest = (cell: (typeof CELLS)[number], backward: boolean, bytes: number) => {
      let H = 0;
      while (sequencePersistentFits(cell, backward, H + 1, 4, bytes)) H++;
      return H;
    };
    // [cell, 16 KiB forward, backward, 32 KiB forward, backward]
    const table: [(typeof CELLS)[number], number, number, number, number][] = [
      ['lstm', 31, 28, 44, 41],
      ['gru', 35, 33, 50, 48],
      ['simple_rnn', 60, 60, 86, 86],
    ];
    for (const [cell, ...want] of table)
      expect(
        [16384, 32768].flatMap((bytes) => [largest(cell, false, bytes), largest(cell, true, bytes)]),
        cell,
      ).toEqual(want);
  });
});

describe('the autotuner offers the persistent variant only where it fits', () => {
  const gpu = {
    maxComputeWorkgroupStorageSize: 16384,
    maxComputeInvocationsPerWorkgroup: 256,
  } as GPUSupportedLimits;

  it('none on a software adapter, persistent or not', () => {
    for (const backward of [false, true])
      expect(sequenceCandidates('swiftshader (Google)', cellDims(32, 16, 50), gpu, 'lstm', backward)).toEqual(
        [],
      );
  });

  it('LSTM H = 24, B = 32 in 16 KiB: each direction its own slices, every thread count, beside the others', () => {
    // U 9,216 bytes; forward state 192 bytes a row (up to 37 rows), backward 768 (up to 9).
    const want = { forward: [1, 2, 4, 8, 16], backward: [1, 2, 4, 8] };
    for (const backward of [false, true]) {
      const all = sequenceCandidates('NVIDIA (ampere)', cellDims(32, 24, 50), gpu, 'lstm', backward);
      const persistent = all.filter((v) => v.persistent).map((v) => `${v.rows}x${v.threads}`);
      const rows = want[backward ? 'backward' : 'forward'];
      expect(persistent).toEqual(rows.flatMap((r) => [64, 128, 256].map((t) => `${r}x${t}`)));
      // The storage-buffer variants stay candidates beside them.
      expect(all.filter((v) => !v.persistent).length).toBeGreaterThan(0);
    }
  });

  it('none where U alone outgrows the workgroup memory (LSTM H = 64, GRU H = 40, SimpleRNN H = 64)', () => {
    for (const backward of [false, true]) {
      const persistent = (cell: (typeof CELLS)[number], H: number) =>
        sequenceCandidates('NVIDIA (ampere)', cellDims(32, H, 50), gpu, cell, backward).filter(
          (v) => v.persistent,
        );
      expect(persistent('lstm', 64)).toEqual([]);
      expect(persistent('gru', 40)).toEqual([]);
      expect(persistent('simple_rnn', 64)).toEqual([]);
    }
  });
});
