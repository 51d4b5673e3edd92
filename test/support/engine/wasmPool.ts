import { KernelPool } from '../../../src/engine/wasm/kernelPool';
import { WasmKernels } from '../../../src/engine/wasm/kernels';
import { nodeWasmPlatform } from '../../../src/engine/wasm/nodePlatform';
import type { WasmBuild } from '../../../src/engine/wasm/simdBuild';

/** Both builds of the kernels (vite.config.ts gives the test processes relaxed SIMD). */
export const WASM_BUILDS: readonly WasmBuild[] = ['plain', 'relaxed'];

/**
 * A kernel pool for one per-call test: `threads` threads (1: the one-thread module, no helpers),
 * room for `floats` floats of tensors (in 64-byte-aligned pieces). Tests copy their state into views from pool.arena, run one
 * kernel call, and read the views back. `build`: which build of the kernels (simdBuild.ts).
 */
export async function testKernels(
  threads: number,
  floats: number,
  build: WasmBuild = 'plain',
): Promise<WasmKernels> {
  const pool = await KernelPool.create(nodeWasmPlatform({ threads, build }), 4 * floats, threads);
  return new WasmKernels(pool);
}

/** A view on the pool's memory holding a copy of `data`. */
export function inPool(k: WasmKernels, data: Float32Array): Float32Array {
  const view = k.pool.arena.f32(data.length);
  view.set(data);
  return view;
}
