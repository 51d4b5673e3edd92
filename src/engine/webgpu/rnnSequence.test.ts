import { describe, expect, it } from 'vitest';
import { randomCellState, uploadCellState, WRITTEN } from '../../../test/support/engine/cellHarness';
import { directionDims } from '../../../test/support/engine/cellTwinTests';
import { runDispatches, worstError } from '../../../test/support/engine/dispatch';
import { testDevice } from '../../../test/support/engine/testDevice';
import type { CellType } from '../../model/config';
import { gru_cell_backward_steps, gru_cell_forward_steps } from '../reference/gruCell';
import type { CellDims } from '../reference/lstmCell';
import { simple_rnn_cell_backward_steps, simple_rnn_cell_forward_steps } from '../reference/simpleRnnCell';
import { type SequenceVariant, sequenceDispatch, sequencePersistentFits } from './cellKernels';
import { GpuContext, readFloats } from './gpuContext';

/**
 * One dispatch of the sequence-fused GRU and SimpleRNN kernels (gru_cell_forward_steps …
 * simple_rnn_cell_backward_steps, the whole sequence) against one call of its twin of the same
 * name (the per-timestep twin called for every step in order), from the same state. Measured on
 * these shapes (SwiftShader), the worst of each buffer's error relative to its scale over up to 6
 * steps: SimpleRNN forward 2.5e-6, backward 5.4e-7; GRU forward 7.3e-7, backward 2.9e-7 (the
 * twins add in f32 or f64, the kernels fma in f32, and the difference compounds through the
 * steps). The persistent variant (U staged in workgroup memory), where it fits: SimpleRNN forward
 * 1.3e-6, backward 2.7e-7; GRU forward 3.5e-7, backward 1.6e-7. Tolerance 2e-5 (8x the worst); a
 * wrong slice, a missing barrier's effect, a step in the wrong order, a dropped term or one row of
 * U staged wrong moves a buffer by far more (see the commits that add these).
 */
const TOLERANCE = 2e-5;
/** maxComputeWorkgroupStorageSize's default (WebGPU's guaranteed minimum). */
const DEFAULT_WORKGROUP_BYTES = 16384;

type State = ReturnType<typeof randomCellState>;

const TWINS: Record<'gru' | 'simple_rnn', (backward: boolean, dims: CellDims, s: State) => void> = {
  gru: (backward, dims, s) =>
    backward
      ? gru_cell_backward_steps(dims, s.gates, s.U, s.hrec, s.mrec, s.h, s.dH, s.dz, s.dzr, s.dc, s.dh_steps)
      : gru_cell_forward_steps(dims, s.gates, s.U, s.hrec, s.mrec, s.h, s.rbias, s.hprev, s.probe),
  simple_rnn: (backward, dims, s) =>
    backward
      ? simple_rnn_cell_backward_steps(dims, s.gates, s.U, s.mrec, s.dH, s.dz, s.dh_steps)
      : simple_rnn_cell_forward_steps(dims, s.gates, s.U, s.mrec, s.h, s.hprev, s.probe),
};

async function oneSequence(
  cell: 'gru' | 'simple_rnn',
  dims: CellDims,
  variant: SequenceVariant,
  backward: boolean,
  seed: number,
) {
  const s = randomCellState(cell, dims, backward, seed);
  const ctx = new GpuContext(await testDevice());
  const bufs = uploadCellState(ctx, s);
  await runDispatches(ctx, [sequenceDispatch(ctx, cell as CellType, dims, bufs, backward, variant)]);
  const got: Record<string, Float32Array> = {};
  for (const name of WRITTEN) got[name] = await readFloats(ctx.device, bufs[name], 0, s[name].length);
  ctx.destroy();
  TWINS[cell](backward, dims, s);
  return { got, want: s };
}

for (const cell of ['simple_rnn', 'gru'] as const)
  describe(`${cell}_cell_forward_steps / ${cell}_cell_backward_steps: each dispatch equals its twin`, () => {
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
    // 16 KiB beside the state (SimpleRNN up to H = 37 here, the GRU up to 16).
    for (const [B, H, T, rows, threads] of cases)
      for (const reverse of [0, 1])
        for (const backward of [false, true])
          for (const persistent of [false, true]) {
            if (persistent && !sequencePersistentFits(cell, backward, H, rows, DEFAULT_WORKGROUP_BYTES))
              continue;
            const kernel = `${cell}_cell_${backward ? 'backward' : 'forward'}_steps`;
            const direction = reverse ? 'reverse of a Bidirectional layer' : 'forward';
            const staged = persistent ? ', U in workgroup memory (persistent)' : '';
            it(`${kernel} B=${B} H=${H} T=${T}, ${rows} rows × ${threads} threads a workgroup${staged}, ${direction}`, async () => {
              const dims = directionDims(B, H, T, reverse);
              const seed = B * 7 + H + T + reverse;
              const variant = { rows, threads, persistent };
              const { got, want } = await oneSequence(cell, dims, variant, backward, seed);
              for (const name of WRITTEN) {
                const { error, at } = worstError(got[name], want[name]);
                expect(error, `${kernel} B=${B} H=${H} T=${T} ${direction}: ${name}[${at}]`).toBeLessThan(
                  TOLERANCE,
                );
              }
            });
          }
  });
