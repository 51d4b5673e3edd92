import { type Dispatch, encodeDispatches, GpuContext } from './gpuContext';
import { type CellShape, lstmCellDispatches } from './kernels';
import {
  MATMUL_VARIANTS,
  type MatmulShape,
  type MatmulVariant,
  matmulDispatch,
  matmulVariant,
} from './matmulKernel';

/**
 * Start-up autotuning: each candidate runs on the config's real shapes (K capped, so a start never
 * takes long), timed around a submit with onSubmittedWorkDone; the fastest wins. Choices are cached
 * per adapter, so a second run on the same adapter and shapes measures nothing.
 */
const cache = new Map<string, string>();

/** GEMMs below this many multiply-adds take the default: timing noise would decide, not speed. */
const MIN_TUNED_MACS = 1 << 18;
const MAX_TUNED_K = 512;
export const DEFAULT_MATMUL = 'matmul_4x8';
export const CELL_ROWS_CANDIDATES = [1, 2, 4, 8];

async function timeDispatches(device: GPUDevice, dispatches: Dispatch[], reps: number): Promise<number> {
  const run = async () => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (let r = 0; r < reps; r++) encodeDispatches(pass, dispatches);
    pass.end();
    const start = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - start;
  };
  await run(); // warm-up: the first run pays for pipeline compilation inside the driver
  return Math.min(await run(), await run());
}

export async function tuneMatmul(
  device: GPUDevice,
  adapter: string,
  shape: MatmulShape,
): Promise<MatmulVariant> {
  const k = Math.min(shape.k, MAX_TUNED_K);
  if (shape.m * shape.n * k < MIN_TUNED_MACS) return matmulVariant(DEFAULT_MATMUL);
  const key = `${adapter}|matmul|${shape.m}x${shape.n}x${k}|${shape.transA}|${shape.transB}`;
  const known = cache.get(key);
  if (known) return matmulVariant(known);
  const ctx = new GpuContext(device);
  try {
    const a = ctx.storage('tune a', shape.m * k);
    const b = ctx.storage('tune b', k * shape.n);
    const c = ctx.storage('tune c', shape.m * shape.n);
    let best = { name: DEFAULT_MATMUL, ms: Number.POSITIVE_INFINITY };
    for (const variant of MATMUL_VARIANTS) {
      const d = matmulDispatch(
        ctx,
        variant,
        { ...shape, k },
        {
          a: { buffer: a, offset: 0 },
          b: { buffer: b, offset: 0 },
          c: { buffer: c, offset: 0 },
        },
      );
      const ms = await timeDispatches(device, [d], 2);
      if (ms < best.ms) best = { name: variant.name, ms };
    }
    cache.set(key, best.name);
    return matmulVariant(best.name);
  } finally {
    ctx.destroy();
  }
}

/** Batch rows per thread of the fused cell, timed on a few forward steps of the real B and H. */
export async function tuneCellRows(
  device: GPUDevice,
  adapter: string,
  batch: number,
  units: number,
): Promise<number> {
  const key = `${adapter}|cell|${batch}|${units}`;
  const known = cache.get(key);
  if (known) return Number(known);
  const steps = 4;
  const ctx = new GpuContext(device);
  try {
    const stride = device.limits.minUniformBufferOffsetAlignment;
    const times = new Uint32Array((steps * stride) / 4);
    for (let t = 0; t < steps; t++) times[(t * stride) / 4] = t;
    const n = steps * batch * units;
    const bufs = {
      time: ctx.uniform('tune time', times),
      timeStride: stride,
      gates: ctx.storage('tune gates', 4 * n),
      recurrent: { buffer: ctx.storage('tune U', 4 * units * units), offset: 0 },
      hprev: ctx.storage('tune hprev', n),
      h: ctx.storage('tune h', n),
      c: ctx.storage('tune c', n),
      recMask: ctx.storage('tune mask', batch * units),
      dH: ctx.storage('tune dH', n),
      dz: ctx.storage('tune dz', 4 * n),
      dc: ctx.storage('tune dc', batch * units),
    };
    let best = { rows: 4, ms: Number.POSITIVE_INFINITY };
    for (const rows of CELL_ROWS_CANDIDATES) {
      if (rows > Math.max(1, batch)) continue;
      const shape: CellShape = { batch, units, steps, rowsPerThread: rows };
      const ms = await timeDispatches(device, lstmCellDispatches(ctx, shape, bufs, false), 1);
      if (ms < best.ms) best = { rows, ms };
    }
    cache.set(key, String(best.rows));
    return best.rows;
  } finally {
    ctx.destroy();
  }
}
