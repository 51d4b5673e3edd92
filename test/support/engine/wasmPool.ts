import { KernelPool } from '../../../src/engine/wasm/kernelPool';
import { WasmKernels } from '../../../src/engine/wasm/kernels';
import { nodeWasmPlatform } from '../../../src/engine/wasm/nodePlatform';

/**
 * A kernel pool for one per-call test: `threads` threads (1: the one-thread module, no helpers),
 * room for `floats` floats of tensors (in 64-byte-aligned pieces). Tests copy their state into views from pool.arena, run one
 * kernel call, and read the views back.
 */
export async function testKernels(threads: number, floats: number): Promise<WasmKernels> {
  const pool = await KernelPool.create(nodeWasmPlatform({ threads }), 4 * floats, threads);
  return new WasmKernels(pool);
}

/** A view on the pool's memory holding a copy of `data`. */
export function inPool(k: WasmKernels, data: Float32Array): Float32Array {
  const view = k.pool.arena.f32(data.length);
  view.set(data);
  return view;
}
