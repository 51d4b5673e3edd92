import type { CellType } from '../../model/config';
import type { CellDims } from '../reference/lstmCell';
import { cellKernelSpec, DEFAULT_CELL, gpuCell, sequenceKernelSpec } from './cellKernels';
import { cellCandidates, sequenceCandidates, tuneCell } from './cellTune';
import { isSoftwareAdapter } from './device';
import { compileKernels, GpuContext, type KernelSpec } from './gpuContext';
import { timeDispatches } from './kernelTiming';
import {
  MATMUL_VARIANTS,
  type MatmulShape,
  type MatmulVariant,
  matmulDispatch,
  matmulKernelSpec,
  matmulVariant,
} from './matmulKernel';
import type { KernelChoice } from './stepGraph';

/**
 * Start-up autotuning: each candidate runs on the config's real shapes (K capped, so a start never
 * takes long), timed around a submit with onSubmittedWorkDone; the fastest wins. All candidate
 * pipelines are compiled first (compileKernels). Choices are cached
 * per adapter, so a second run on the same adapter and shapes measures nothing.
 */
const cache = new Map<string, string>();

/** GEMMs below this many multiply-adds take the default: timing noise would decide, not speed. */
const MIN_TUNED_MACS = 1 << 18;
const MAX_TUNED_K = 512;
export const DEFAULT_MATMUL = 'matmul_4x8';

/** K as tuned: capped, but keeping K mod 4 (so the tuned pipeline is the one the step uses). */
const tunedK = (k: number) => (k > MAX_TUNED_K ? MAX_TUNED_K + (k % 4) : k);
const isTuned = (s: MatmulShape) => s.m * s.n * tunedK(s.k) >= MIN_TUNED_MACS;

export function matmulCandidates(adapter: string): MatmulVariant[] {
  return isSoftwareAdapter(adapter) ? [matmulVariant(SOFTWARE_MATMUL)] : MATMUL_VARIANTS;
}

/**
 * On software adapters the ranking is known (8×8 register blocks win at every transpose, 512³,
 * gemmTiming.ts), so nothing is timed: each pipeline costs 0.5-1.5 s to compile there, more than the
 * timing could win back. Small GEMMs share matmul_small: one pipeline
 * (transposes and bias read at run time) for all of them.
 */
const SOFTWARE_MATMUL = 'matmul_8x8';
const SMALL_MATMUL = 'matmul_small';
/** Below this many multiply-adds a GEMM is tiny (the head's): on a software adapter it takes the
 * shared pipeline. matmul_small is ~2-3x slower per FLOP than 8×8, so a larger GEMM too small to
 * time (dW of the first layer: 1×4H×T·B) still gets 8×8 there. */
const TINY_MACS = 1 << 16;
const untunedVariant = (adapter: string, s: MatmulShape) =>
  !isSoftwareAdapter(adapter) ? DEFAULT_MATMUL : s.m * s.n * s.k < TINY_MACS ? SMALL_MATMUL : SOFTWARE_MATMUL;

export async function tuneMatmul(
  device: GPUDevice,
  adapter: string,
  shape: MatmulShape,
): Promise<MatmulVariant> {
  const k = tunedK(shape.k);
  if (!isTuned(shape)) return matmulVariant(untunedVariant(adapter, shape));
  const candidates = matmulCandidates(adapter);
  if (candidates.length === 1) return candidates[0];
  const key = `${adapter}|matmul|${shape.m}x${shape.n}x${k}|${shape.transA}|${shape.transB}|${shape.bias}`;
  const known = cache.get(key);
  if (known) return matmulVariant(known);
  const ctx = new GpuContext(device);
  try {
    const a = ctx.storage('tune a', shape.m * k);
    const b = ctx.storage('tune b', k * shape.n);
    const c = ctx.storage('tune c', shape.m * shape.n);
    const bias = shape.bias ? { buffer: ctx.storage('tune bias', shape.n), offset: 0 } : undefined;
    let best = { name: DEFAULT_MATMUL, ms: Number.POSITIVE_INFINITY };
    for (const variant of candidates) {
      const d = matmulDispatch(
        ctx,
        variant,
        { ...shape, k },
        {
          a: { buffer: a, offset: 0 },
          b: { buffer: b, offset: 0 },
          c: { buffer: c, offset: 0 },
          bias,
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
  cells: CellDims[],
  autotune: boolean,
  cellType: CellType = 'lstm',
): Promise<KernelChoice> {
  // Every pipeline the tuning (or the step) needs, compiled before any is timed.
  const specs: KernelSpec[] = [];
  for (const s of Object.values(shapes)) {
    const variants = !autotune
      ? [matmulVariant(DEFAULT_MATMUL)]
      : isTuned(s)
        ? matmulCandidates(adapter)
        : [matmulVariant(untunedVariant(adapter, s))];
    for (const v of variants) specs.push(matmulKernelSpec(v, { ...s, k: tunedK(s.k) }, 0, 0, !!s.bias));
  }
  // Every kind's cell is tuned (cellTune.ts): the LSTM's per-timestep variants, and each kind's
  // sequence-fused kernels against its per-timestep one (on GPUs; none on software adapters).
  for (const c of cells) {
    const variants = autotune ? cellCandidates(adapter, c, cellType) : [DEFAULT_CELL];
    for (const v of variants) {
      specs.push(cellKernelSpec(cellType, v, false, c.units), cellKernelSpec(cellType, v, true, c.units));
    }
    if (autotune) {
      // Per direction of work: a persistent variant may fit the forward's state and not the backward's.
      for (const backward of [false, true])
        for (const q of sequenceCandidates(adapter, c, device.limits, cellType, backward))
          specs.push(sequenceKernelSpec(q, backward, c.units, cellType));
    }
  }
  compileKernels(device, specs);
  const matmul: Record<string, MatmulVariant> = {};
  for (const [role, s] of Object.entries(shapes)) {
    matmul[role] = autotune ? await tuneMatmul(device, adapter, s) : matmulVariant(DEFAULT_MATMUL);
  }
  const cell = [];
  for (const s of cells) cell.push(autotune ? await tuneCell(device, adapter, s, cellType) : DEFAULT_CELL);
  return { matmul, cell };
}

/** info.kernels: the choice by role, as names. */
export function kernelNames(choice: KernelChoice, cellType: CellType = 'lstm'): Record<string, string> {
  const names: Record<string, string> = {};
  choice.cell.forEach((v, l) => {
    names[`layer${l}.cell`] = gpuCell(cellType).name(v);
  });
  for (const [role, v] of Object.entries(choice.matmul)) names[role] = v.name;
  return names;
}
