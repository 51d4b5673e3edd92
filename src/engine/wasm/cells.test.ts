import { afterAll, describe, expect, it } from 'vitest';
import {
  type CellState,
  randomCellState,
  stepsToCheck,
  twinStep,
  WRITTEN,
} from '../../../test/support/engine/cellHarness';
import { CELL_SHAPES, directionDims } from '../../../test/support/engine/cellTwinTests';
import { firstMismatch, worstError } from '../../../test/support/engine/dispatch';
import { wasmCellCall } from '../../../test/support/engine/wasmCells';
import { testKernels, WASM_BUILDS } from '../../../test/support/engine/wasmPool';
import { CELL_TYPES, type CellType } from '../../model/config';
import { stepOrder } from '../reference/lstmCell';
import { lstm_sequence_backward, lstm_sequence_forward } from '../reference/lstmSequence';
import type { WasmKernels } from './kernels';
import type { WasmBuild } from './simdBuild';

/**
 * The WebAssembly cell kernels against their reference twins (lstm_cell_*, gru_cell_*,
 * simple_rnn_cell_*, and lstm_sequence_* for the LSTM's fused job), from the WGSL tests' random
 * state (cellHarness.ts): one call at the first, a middle and the last step of each direction
 * (forward with h H wide; the reverse of a Bidirectional layer, h 2H wide from column H), on one
 * thread and on two (the threads split the batch rows). A failure names the kernel, the shape,
 * the direction, t and the buffer element.
 *
 * Measured (these shapes, 1 and 2 threads, both directions), as a share of each buffer's scale:
 * per call LSTM forward ≤ 6.9e-7, backward ≤ 1.9e-7; GRU 5.5e-7 and 1.8e-7; SimpleRNN 6.4e-7 and
 * 1.2e-7 (f32 sums against f64 sums, Cephes σ/tanh against Math's); over a whole direction (the
 * fused jobs against the twins) ≤ 3.0e-7. Tolerances 1e-5 and 5e-6, ~15×; seen failing: a reverse
 * direction run forward, h_off ignored, the GRU's carried dh or recurrent bias dropped, SimpleRNN's
 * dh_rec dropped each move a buffer by 1e-2 or more of its scale.
 * The inside views' buffers are among those compared (cellHarness.ts WRITTEN; directionDims probes
 * the last row): measured, 2 threads, every shape and direction, probe ≤ 3.6e-7 (LSTM), 3.1e-7
 * (GRU), 1.4e-7 (SimpleRNN); dc_steps ≤ 1.4e-7, dh_steps ≤ 1.5e-7 (LSTM), 1.0e-7 (GRU), 1.1e-7
 * (SimpleRNN); the same tolerances. Seen failing: the LSTM's state copied for the row after the
 * probed one, the GRU's h̃ stored as its pre-activation, SimpleRNN's h as its z, dh_rec kept for dh,
 * dh for dct, 2·dh for dh.
 * Both builds (simdBuild.ts): the relaxed one (fused multiply-adds in the recurrent products and
 * the dots) measured per call ≤ 6.3e-7 (h; gates 4.5e-7, backward ≤ 1.9e-7) and over a whole
 * direction ≤ 2.7e-7, each at or below the plain build's, so the same tolerances, ≥ 15× that; the
 * fused jobs equal the stepwise calls to the bit on both.
 */
const TOLERANCE = 1e-5;
const ALL_STEPS_TOLERANCE = 5e-6;

// The WGSL tests' shapes, and one of the playground's own (B 32, H 64).
const SHAPES: [number, number, number][] = [...CELL_SHAPES, [32, 64, 3]];

const pools = new Map<string, Promise<WasmKernels>>();
const kernels = (build: WasmBuild, threads: number) => {
  const key = `${build} ${threads}`;
  if (!pools.has(key)) pools.set(key, testKernels(threads, 1 << 20, build));
  return pools.get(key)!;
};
afterAll(async () => {
  for (const k of pools.values()) (await k).pool.dispose();
});

const copyState = (s: CellState): CellState =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.slice()])) as CellState;

function expectClose(got: Record<string, Float32Array>, want: CellState, tolerance: number, what: string) {
  for (const name of WRITTEN) {
    const { error, at } = worstError(got[name], want[name]);
    expect(error, `${what}: ${name}[${at}]`).toBeLessThan(tolerance);
  }
}

describe.each(WASM_BUILDS)('each WebAssembly cell call equals its twin (%s build)', (build) => {
  for (const cell of CELL_TYPES)
    for (const [B, H, T] of SHAPES)
      for (const reverse of [0, 1])
        for (const threads of [1, 2])
          for (const backward of [false, true]) {
            const kernel = `${cell}_cell_${backward ? 'backward' : 'forward'}`;
            const direction = reverse ? 'reverse (Bidirectional)' : 'forward';
            it(`${kernel} B=${B} H=${H} T=${T}, ${direction}, ${threads} thread(s)`, async () => {
              const k = await kernels(build, threads);
              const dims = directionDims(B, H, T, reverse);
              const s = randomCellState(cell, dims, backward, B * 1000 + H * 10 + T + reverse);
              for (const t of stepsToCheck(dims)) {
                const got = wasmCellCall(k, cell, backward, dims, t, s);
                const want = copyState(s);
                twinStep(cell, backward, dims, t, want);
                expectClose(
                  got,
                  want,
                  TOLERANCE,
                  `${build} ${kernel} B=${B} H=${H} T=${T} ${direction} t=${t}`,
                );
              }
            });
          }
});

/** The reference over every step of a direction: lstm_sequence_* for the LSTM, the cell's twin per step else. */
function referenceAllSteps(
  cell: CellType,
  backward: boolean,
  s: CellState,
  reverse: number,
  B: number,
  H: number,
  T: number,
) {
  const dims = directionDims(B, H, T, reverse);
  if (cell === 'lstm') {
    if (backward)
      lstm_sequence_backward(dims, s.gates, s.U, s.c, s.mrec, s.dH, s.dz, s.dc, s.dc_steps, s.dh_steps);
    else lstm_sequence_forward(dims, s.gates, s.U, s.c, s.mrec, s.hprev, s.h, s.probe);
  } else for (const t of stepOrder(dims, backward)) twinStep(cell, backward, dims, t, s);
}

describe.each(WASM_BUILDS)('the fused jobs: every step of a direction in one call (%s build)', (build) => {
  // The engine runs a direction's cell as one job in which each thread takes its batch rows through
  // all T steps. That must be the per-step kernel called for each step in order, to the bit, and
  // (so) the twin over every step, to rounding.
  for (const cell of CELL_TYPES)
    for (const [B, H, T] of [
      [5, 7, 4],
      [9, 16, 3],
    ] as [number, number, number][])
      for (const reverse of [0, 1])
        it(`${cell} B=${B} H=${H} T=${T} ${reverse ? 'reverse' : 'forward'}: 2 threads over all t`, async () => {
          const dims = directionDims(B, H, T, reverse);
          for (const backward of [false, true]) {
            const s = randomCellState(cell, dims, backward, 77 + reverse);
            const fused = wasmCellCall(await kernels(build, 2), cell, backward, dims, 'fused', s);
            const stepwise = wasmCellCall(await kernels(build, 1), cell, backward, dims, 'stepwise', s);
            // The fused LSTM job carries h_prev ⊙ m_rec in hprev itself: hprevOut is not its output.
            for (const name of WRITTEN.filter((n) => n !== 'hprevOut')) {
              const at = firstMismatch(fused[name], stepwise[name]);
              expect(at, `${cell} backward=${backward}: ${name}[${at}], fused against stepwise`).toBe(-1);
            }
            const want = copyState(s);
            referenceAllSteps(cell, backward, want, reverse, B, H, T);
            expectClose(
              fused,
              want,
              ALL_STEPS_TOLERANCE,
              `${build}-all ${cell} backward=${backward}, all steps`,
            );
          }
        });
});
