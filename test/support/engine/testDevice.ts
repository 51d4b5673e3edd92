import { requestNodeDevice } from '../../../src/engine/webgpu/nodeDevice';

/**
 * One device per test file (making one is slow): the first caller creates it, the rest share it.
 * Node only (vitest); VK_ICD_FILENAMES comes from vite.config.ts.
 */
let shared: Promise<GPUDevice> | null = null;

export function testDevice(): Promise<GPUDevice> {
  shared ??= requestNodeDevice().then((d) => d.device);
  return shared;
}

/** max |got − want| / max |want|: the error relative to the result's scale. */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) throw new Error(`length ${got.length} ≠ ${want.length}`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  if (!Number.isFinite(err)) return Number.POSITIVE_INFINITY;
  return scale === 0 ? err : err / scale;
}

export function randomFloats(n: number, rng: () => number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng() * 2 - 1) * scale;
  return out;
}
