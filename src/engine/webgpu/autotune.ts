import { tuneCell } from './cellTune';
import { GpuContext } from './gpuContext';
import { type CellShape, cellVariantName, DEFAULT_CELL } from './kernels';
import { timeDispatches } from './kernelTiming';
import {
  MATMUL_VARIANTS,
  type MatmulShape,
  type MatmulVariant,
  matmulDispatch,
  matmulVariant,
} from './matmulKernel';
import type { KernelChoice } from './stepGraph';

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

/** The variant of every GEMM role (gemmShapes), timed on this adapter or the defaults. */
export async function chooseKernels(
  device: GPUDevice,
  adapter: string,
  shapes: Record<string, MatmulShape>,
  cells: CellShape[],
  autotune: boolean,
): Promise<KernelChoice> {
  const matmul: Record<string, MatmulVariant> = {};
  for (const [role, s] of Object.entries(shapes)) {
    matmul[role] = autotune ? await tuneMatmul(device, adapter, s) : matmulVariant(DEFAULT_MATMUL);
  }
  const cell = [];
  for (const s of cells) cell.push(autotune ? await tuneCell(device, adapter, s) : DEFAULT_CELL);
  return { matmul, cell };
}

/** info.kernels: the choice by role, as names. */
export function kernelNames(choice: KernelChoice): Record<string, string> {
  const names: Record<string, string> = {};
  choice.cell.forEach((v, l) => {
    names[`layer${l}.cell`] = cellVariantName(v);
  });
  for (const [role, v] of Object.entries(choice.matmul)) names[role] = v.name;
  return names;
}
