import { describe, expect, it } from 'vitest';
import { randomCellState, uploadCellState, WRITTEN } from '../../../test/support/engine/cellHarness';
import { runDispatches, worstError } from '../../../test/support/engine/dispatch';
import { testDevice } from '../../../test/support/engine/testDevice';
import { type CellDims, cellDims } from '../reference/lstmCell';
import { lstm_sequence_backward, lstm_sequence_forward } from '../reference/lstmSequence';
import { lstmSequenceDispatch, type SequenceVariant, sequencePersistentFits } from './cellKernels';
import { GpuContext, readFloats } from './gpuContext';

/**
 * One dispatch of lstm_sequence_forward / lstm_sequence_backward (the whole sequence) against one
 * call of its twin (the per-timestep twin called for every step), from the same state. Measured on
 * these shapes: ≤ 6.5e-7 of each buffer's scale over up to 6 steps (the persistent variant, U
 * staged in workgroup memory: ≤ 6.9e-7). Tolerance 1e-5 (~15x); a wrong slice, a missing
 * barrier's effect, a step in the wrong order or one row of U staged wrong moves a buffer by 1e-2
 * or more.
 */
const TOLERANCE = 1e-5;
/** maxComputeWorkgroupStorageSize's default (WebGPU's guaranteed minimum). */
const DEFAULT_WORKGROUP_BYTES = 16384;

async function oneSequence(dims: CellDims, variant: SequenceVariant, backward: boolean, seed: number) {
  const s = randomCellState('lstm', dims, backward, seed);
  const ctx = new GpuContext(await testDevice());
  const bufs = uploadCellState(ctx, s);
  await runDispatches(ctx, [lstmSequenceDispatch(ctx, dims, bufs, backward, variant)]);
  const got: Record<string, Float32Array> = {};
  for (const name of WRITTEN) got[name] = await readFloats(ctx.device, bufs[name], 0, s[name].length);
  ctx.destroy();
  if (backward)
    lstm_sequence_backward(dims, s.gates, s.U, s.c, s.mrec, s.dH, s.dz, s.dc, s.dc_steps, s.dh_steps);
  else lstm_sequence_forward(dims, s.gates, s.U, s.c, s.mrec, s.hprev, s.h, s.probe);
  return { got, want: s };
}

describe('lstm_sequence_forward / lstm_sequence_backward: each dispatch equals its twin', () => {
  // [B, H, T, rows per workgroup, threads]: B not a multiple of the slice, H not a multiple of 4
  // or of the threads, T = 1, more pairs than threads.
  const cases: [number, number, number, number, number][] = [
    [1, 1, 1, 1, 64],
    [5, 7, 3, 2, 64],
    [9, 16, 4, 4, 32],
    [3, 37, 6, 3, 64],
    [8, 64, 5, 2, 128],
  ];
  // Each case also with U staged in workgroup memory (persistent), where it fits WebGPU's default
  // 16 KiB beside the state: H ≤ 16 here (H = 37 and 64 do not).
  for (const [B, H, T, rows, threads] of cases)
    for (const reverse of [0, 1])
      for (const backward of [false, true])
        for (const persistent of [false, true]) {
          if (persistent && !sequencePersistentFits('lstm', backward, H, rows, DEFAULT_WORKGROUP_BYTES))
            continue;
          const kernel = backward ? 'lstm_sequence_backward' : 'lstm_sequence_forward';
          const direction = reverse ? 'reverse of a Bidirectional layer' : 'forward';
          const staged = persistent ? ', U in workgroup memory (persistent)' : '';
          it(`${kernel} B=${B} H=${H} T=${T}, ${rows} rows × ${threads} threads a workgroup${staged}, ${direction}`, async () => {
            // The probed row: the last one, so an off-by-one in the slice shows.
            const probe_row = B - 1;
            const dims: CellDims = reverse
              ? { batch: B, units: H, steps: T, reverse: 1, h_stride: 2 * H, h_off: H, probe_row }
              : { ...cellDims(B, H, T), probe_row };
            const variant = { rows, threads, persistent };
            const { got, want } = await oneSequence(dims, variant, backward, B * 7 + H + T + reverse);
            for (const name of WRITTEN) {
              const { error, at } = worstError(got[name], want[name]);
              expect(error, `${kernel} B=${B} H=${H} T=${T} ${direction}: ${name}[${at}]`).toBeLessThan(
                TOLERANCE,
              );
            }
          });
        }
});
