import { probeFloats } from '../probe';
import { type CellDims, cellDims } from '../reference/lstmCell';
import {
  CELL_BACKWARD_ROWS,
  CELL_FORWARD_ROWS,
  type CellVariant,
  cellDispatches,
  timeUniform,
} from './cellKernels';
import { isSoftwareAdapter } from './device';
import { GpuContext } from './gpuContext';
import { timeDispatches } from './kernelTiming';

/**
 * Start-up choice of the fused cell's rows per thread (kernels.ts CellVariant) for one layer shape:
 * each forward and each backward variant runs a few timesteps on scratch buffers of the real
 * batch and units; the fastest of each direction wins. Cached per adapter and shape.
 */
/**
 * Cell candidates: every rows-per-thread pair; on software adapters with a batch of 8 or more,
 * only the largest (forward 8 rows, backward 4 rows of 4 units won every A/B run on SwiftShader at
 * B=32, H=64 and 128: 0.66 vs 0.78-1.2 ms forward, 0.85 vs 1.1-1.3 ms backward at H=64), since
 * compiling each extra candidate costs 0.3-1.5 s of start-up there.
 */
export function cellCandidates(adapter: string, shape: CellDims): CellVariant[] {
  const all = CELL_FORWARD_ROWS.map((forwardRows, i) => ({
    forwardRows,
    backwardRows: CELL_BACKWARD_ROWS[i],
  }));
  return isSoftwareAdapter(adapter) && shape.batch >= 8 ? all.slice(-1) : all;
}

const cache = new Map<string, CellVariant>();
/** Timesteps timed per candidate: enough to swamp a submit (~0.05 ms), few enough to start fast. */
const TUNED_STEPS = 6;

export async function tuneCell(device: GPUDevice, adapter: string, shape: CellDims): Promise<CellVariant> {
  const key = `${adapter}|cell|${shape.batch}x${shape.units}`;
  const known = cache.get(key);
  if (known) return known;
  const candidates = cellCandidates(adapter, shape);
  if (candidates.length === 1) return candidates[0];
  const { batch: B, units: H } = shape;
  const T = Math.min(shape.steps, TUNED_STEPS);
  const ctx = new GpuContext(device);
  try {
    const time = timeUniform(ctx, T);
    const bufs = {
      gates: ctx.storage('tune gates', T * B * 4 * H),
      U: { buffer: ctx.storage('tune U', 4 * H * H), offset: 0 },
      c: ctx.storage('tune c', T * B * H),
      mrec: ctx.storage('tune mrec', B * H),
      hprev: ctx.storage('tune hprev', T * B * H),
      h: ctx.storage('tune h', T * B * H),
      dH: ctx.storage('tune dH', T * B * H),
      dz: ctx.storage('tune dz', T * B * 4 * H),
      dc: ctx.storage('tune dc', B * H),
      probe: ctx.storage('tune probe', probeFloats('lstm', T, H)),
      dc_steps: ctx.storage('tune dc steps', T * B * H),
      dh_steps: ctx.storage('tune dh steps', T * B * H),
    };
    const cellShape = cellDims(B, H, T);
    const fastest = async (rows: number[], backward: boolean) => {
      let best = { rows: rows[0], ms: Number.POSITIVE_INFINITY };
      for (const r of rows) {
        // The other direction's rows as in the candidate pairs, so only compiled pipelines run.
        const variant = backward
          ? { forwardRows: candidates[0].forwardRows, backwardRows: r }
          : { forwardRows: r, backwardRows: candidates[0].backwardRows };
        const ms = await timeDispatches(
          device,
          cellDispatches(ctx, 'lstm', cellShape, time, bufs, backward, '', variant),
          1,
        );
        if (ms < best.ms) best = { rows: r, ms };
      }
      return best.rows;
    };
    const choice = {
      forwardRows: await fastest(
        candidates.map((c) => c.forwardRows),
        false,
      ),
      backwardRows: await fastest(
        candidates.map((c) => c.backwardRows),
        true,
      ),
    };
    cache.set(key, choice);
    return choice;
  } finally {
    ctx.destroy();
  }
}
