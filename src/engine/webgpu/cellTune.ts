import type { CellType } from '../../model/config';
import { GATES_OF } from '../../model/params';
import { probeFloats } from '../contracts/probe';
import { type CellDims, cellDims } from '../reference/lstmCell';
import {
  CELL_BACKWARD_ROWS,
  CELL_FORWARD_ROWS,
  type CellVariant,
  cellDispatches,
  DEFAULT_CELL,
  gpuCell,
  maxSequenceRows,
  type SequenceVariant,
  sequenceDispatch,
  sequencePersistentFits,
  timeUniform,
} from './cellKernels';
import { isSoftwareAdapter } from './device';
import { GpuContext } from './gpuContext';
import { timeDispatches } from './kernelTiming';

/**
 * Start-up choice of how a recurrent cell runs for one layer shape, each direction of work on its
 * own: the per-timestep kernel (lstm_cell.wgsl with its rows per thread; gru_cell.wgsl and
 * simple_rnn_cell.wgsl have one shape), or the sequence-fused kernel (lstm_sequence.wgsl,
 * gru_sequence.wgsl, simple_rnn_sequence.wgsl: one dispatch for the whole sequence) with its slice
 * of rows and its invocations. Every candidate runs a few timesteps on scratch buffers of the real batch and units;
 * the fastest wins. Cached per adapter and shape.
 */

/**
 * Per-timestep candidates: every rows-per-thread pair; on software adapters with a batch of 8 or
 * more, only the largest (forward 8 rows, backward 4 rows of 4 units won every A/B run on
 * SwiftShader at B=32, H=64 and 128: 0.66 vs 0.78-1.2 ms forward, 0.85 vs 1.1-1.3 ms backward at
 * H=64), since compiling each extra candidate costs 0.3-1.5 s of start-up there.
 */
export function cellCandidates(adapter: string, shape: CellDims, cell: CellType = 'lstm'): CellVariant[] {
  if (!gpuCell(cell).tuned) return [DEFAULT_CELL];
  const all = CELL_FORWARD_ROWS.map((forwardRows, i) => ({
    forwardRows,
    backwardRows: CELL_BACKWARD_ROWS[i],
  }));
  return isSoftwareAdapter(adapter) && shape.batch >= 8 ? all.slice(-1) : all;
}

/**
 * Sequence-fused candidates of one direction of work. None on software adapters: on SwiftShader (2 cores, B=32, H=64,
 * T=50) the best fused kernel took 3.6x as long as the per-timestep one forward and 6x backward
 * (bench/timing/sequenceTiming.ts): barriers and workgroup memory cost more there than the
 * 50 dispatches they save (~25-70 µs each). The GRU's and SimpleRNN's likewise (same shape, a
 * loaded machine): GRU 2.6x forward and 4.2x backward, SimpleRNN 3.5x and 1.7x, at best. On a GPU, where a timestep is a few µs of work and a
 * dispatch is most of it, they are timed. Each slice also in its persistent variant (U staged
 * in workgroup memory once, read from there at every timestep) where U fits beside that
 * direction's state (sequencePersistentFits: small H, e.g. the LSTM up to H = 28 backward for 4
 * rows in 16 KiB, 41 in 32 KiB). On SwiftShader (B=32, T=50, H=16 and 32) it beat the
 * storage-buffer fused kernel in 10 of 12 medians but not the per-timestep kernels' best runs
 * (bench/README.md), so software adapters still get none.
 */
export function sequenceCandidates(
  adapter: string,
  shape: CellDims,
  limits: GPUSupportedLimits,
  cell: CellType = 'lstm',
  backward = false,
): SequenceVariant[] {
  if (isSoftwareAdapter(adapter)) return [];
  const bytes = limits.maxComputeWorkgroupStorageSize;
  const most = Math.min(shape.batch, maxSequenceRows(shape.units, bytes));
  const threads = [64, 128, 256].filter((t) => t <= limits.maxComputeInvocationsPerWorkgroup);
  const slices = [1, 2, 4, 8, 16].filter((r) => r <= shape.batch);
  const global = slices
    .filter((r) => r <= most)
    .flatMap((rows) => threads.map((t) => ({ rows, threads: t })));
  const persistent = slices
    .filter((rows) => sequencePersistentFits(cell, backward, shape.units, rows, bytes))
    .flatMap((rows) => threads.map((t) => ({ rows, threads: t, persistent: true })));
  return [...global, ...persistent];
}

const cache = new Map<string, CellVariant>();
/** Timesteps timed per candidate: enough to swamp a submit (~0.05 ms), few enough to start fast. */
const TUNED_STEPS = 6;

export async function tuneCell(
  device: GPUDevice,
  adapter: string,
  shape: CellDims,
  cell: CellType = 'lstm',
): Promise<CellVariant> {
  const key = `${adapter}|${cell}|${shape.batch}x${shape.units}`;
  const known = cache.get(key);
  if (known) return known;
  const candidates = cellCandidates(adapter, shape, cell);
  const sequences = (backward: boolean) => sequenceCandidates(adapter, shape, device.limits, cell, backward);
  if (candidates.length === 1 && sequences(false).length + sequences(true).length === 0) return candidates[0];
  const { batch: B, units: H } = shape;
  const G = GATES_OF[cell];
  const T = Math.min(shape.steps, TUNED_STEPS);
  const ctx = new GpuContext(device);
  try {
    const time = timeUniform(ctx, T);
    const bufs = {
      gates: ctx.storage('tune gates', T * B * G * H),
      U: { buffer: ctx.storage('tune U', G * H * H), offset: 0 },
      hrec: ctx.storage('tune hrec', T * B * H),
      rbias: { buffer: ctx.storage('tune rbias', G * H), offset: 0 },
      dzr: ctx.storage('tune dzr', T * B * G * H),
      c: ctx.storage('tune c', T * B * H),
      mrec: ctx.storage('tune mrec', B * H),
      hprev: ctx.storage('tune hprev', T * B * H),
      h: ctx.storage('tune h', T * B * H),
      dH: ctx.storage('tune dH', T * B * H),
      dz: ctx.storage('tune dz', T * B * G * H),
      dc: ctx.storage('tune dc', B * H),
      probe: ctx.storage('tune probe', probeFloats(cell, T, H)),
      dc_steps: ctx.storage('tune dc steps', T * B * H),
      dh_steps: ctx.storage('tune dh steps', T * B * H),
      hcarry: [ctx.storage('tune carry even', B * H), ctx.storage('tune carry odd', B * H)] as [
        GPUBuffer,
        GPUBuffer,
      ],
    };
    const dims = cellDims(B, H, T);
    const fastest = async (backward: boolean) => {
      let best: { rows: number; sequence?: SequenceVariant; ms: number } = {
        rows: backward ? candidates[0].backwardRows : candidates[0].forwardRows,
        ms: Number.POSITIVE_INFINITY,
      };
      for (const c of candidates) {
        // The other direction's rows as in the first pair, so only compiled pipelines run.
        const rows = backward ? c.backwardRows : c.forwardRows;
        const variant = backward
          ? { forwardRows: candidates[0].forwardRows, backwardRows: rows }
          : { forwardRows: rows, backwardRows: candidates[0].backwardRows };
        const ms = await timeDispatches(
          device,
          cellDispatches(ctx, cell, dims, time, bufs, backward, '', variant),
          1,
        );
        if (ms < best.ms) best = { rows, ms };
      }
      for (const sequence of sequences(backward)) {
        const ms = await timeDispatches(
          device,
          [sequenceDispatch(ctx, cell, dims, bufs, backward, sequence)],
          1,
        );
        if (ms < best.ms) best = { rows: best.rows, sequence, ms };
      }
      return best;
    };
    const forward = await fastest(false);
    const backward = await fastest(true);
    const choice: CellVariant = { forwardRows: forward.rows, backwardRows: backward.rows };
    if (forward.sequence) choice.forwardSequence = forward.sequence;
    if (backward.sequence) choice.backwardSequence = backward.sequence;
    cache.set(key, choice);
    return choice;
  } finally {
    ctx.destroy();
  }
}
