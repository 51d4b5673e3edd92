import type { Dataset, Split } from '../../data/types';
import type { Config } from '../../model/config';
import { engineShapeOf } from '../../model/params';
import { stepBatchSize } from '../contracts/backend';
import { NORM_GROUPS } from '../contracts/optimizerConstants';
import { paramLayout } from '../contracts/paramLayout';
import { evalRowsOf, maskBuffers } from '../cpu/backend';
import { WasmArena } from './kernelPool';
import type { WasmKernels } from './kernels';
import { WasmLstmModel } from './model';

/**
 * Every buffer of the WebAssembly engine, in one memory: the data splits, the parameters and
 * optimizer state, the masks, the training model and the evaluation models' region. Allocated
 * twice, the same way: once only counting (the memory's size), then in the memory itself.
 */

/**
 * The most memory the engine asks for. A wasm32 memory can address 4 GiB, but browsers refuse
 * shared memories much past 1–2 GiB on some machines; a config that needs more trains on the
 * reference engine instead (openBackend says why).
 */
export const WASM_MEMORY_BUDGET = 1 << 30;

/**
 * Why the WebAssembly engine cannot run this config, or null: memory over the budget (openBackend
 * then trains it on the reference engine, saying so). Every cell type, in one direction or both,
 * has its kernels.
 */
export function wasmUnsupportedReason(config: Config, dataset: Dataset): string | null {
  const bytes = planBytes(config, dataset, evalRowsOf(config, dataset));
  if (bytes > WASM_MEMORY_BUDGET)
    return `this model needs ${Math.ceil(bytes / 2 ** 20)} MiB of WebAssembly memory, more than the ${WASM_MEMORY_BUDGET / 2 ** 20} MiB the CPU engine may use`;
  return null;
}

/** Bytes of every tensor the engine allocates for this config: its allocation, counted. */
export function planBytes(config: Config, dataset: Dataset, evalRows: number): number {
  const counter = new WasmArena(null, 0);
  allocate(counter, null, config, dataset, evalRows);
  return counter.bytes;
}

/** Every buffer of the engine, in one memory; `k` is null while only counting. */
export function allocate(
  arena: WasmArena,
  k: WasmKernels | null,
  config: Config,
  dataset: Dataset,
  evalRows: number,
) {
  const shape = engineShapeOf(config, dataset);
  const layout = paramLayout(shape);
  const B = stepBatchSize(config, dataset);
  const T = dataset.timesteps;
  const split = (s: Split) => ({ n: s.n, x: arena.f32(s.x.length), y: arena.f32(s.y.length) });
  const evalB = Math.min(evalRows, Math.max(dataset.train.n, dataset.val.n, 1));
  const buffers = {
    shape,
    layout,
    data: { train: split(dataset.train), val: split(dataset.val) },
    params: arena.f32(layout.size),
    m: arena.f32(layout.size),
    v: arena.f32(config.optimizer === 'adam' ? layout.size : 0),
    regularized: arena.f32(layout.size),
    partials: arena.f64(NORM_GROUPS + 1),
    rows: arena.u32(Math.max(B, evalB)),
    /** Dropout masks, filled each step from the shared hash: [layer][direction]. */
    masks: maskBuffers(shape, B, (n) => arena.f32(n)),
    train: new WasmLstmModel(k, arena, shape, dataset.task, B, T),
    /** A batch of one for on-demand probes (Backend.probe): the same per-row arithmetic as any batch. */
    probe: new WasmLstmModel(k, arena, shape, dataset.task, 1, T, false),
    /** Where evaluation models start: the largest one (evalB rows) is planned, smaller ones reuse it. */
    evalMark: arena.bytes,
  };
  new WasmLstmModel(k, arena, shape, dataset.task, evalB, T, false);
  return buffers;
}

export type WasmBuffers = ReturnType<typeof allocate>;
