import { type Dispatch, encodeDispatches, type GpuContext } from '../../../src/engine/webgpu/gpuContext';

/**
 * Runs dispatches in one compute pass and waits for them: what a per-dispatch twin test needs to
 * hold one kernel call to one reference call.
 */
export async function runDispatches(ctx: GpuContext, dispatches: Dispatch[]): Promise<void> {
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  encodeDispatches(pass, dispatches);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  await ctx.device.queue.onSubmittedWorkDone();
}

/** Fills the floats around an output, so a write outside its range shows. */
export const SENTINEL = -7.25;

/** `pad` sentinels, the tensor's floats, `pad` sentinels: a buffer for a tensor at offset pad. */
export function padded(floats: number, pad: number, inner?: Float32Array): Float32Array {
  const out = new Float32Array(pad + floats + pad).fill(SENTINEL);
  if (inner) out.set(inner, pad);
  return out;
}

/**
 * The worst error of got against want, relative to want's scale, and the index where it is: a
 * failure message can then name the element (and so the row, unit and gate).
 */
export function worstError(got: ArrayLike<number>, want: ArrayLike<number>): { error: number; at: number } {
  if (got.length !== want.length) throw new Error(`length ${got.length} ≠ ${want.length}`);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let error = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / (scale || 1);
    if (!(e <= error)) {
      error = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
      at = i;
    }
  }
  return { error, at };
}

/**
 * The first index where got and want differ (as numbers: bit for bit up to the sign of zero), or
 * −1: for kernels that must equal their twin exactly. A message can name the element, and a
 * mismatch in a large tensor does not make the test runner diff every element.
 */
export function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Math.min(got.length, want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i]) && got[i] !== want[i]) return i;
  return -1;
}
