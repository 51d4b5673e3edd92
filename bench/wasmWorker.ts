/**
 * Our WebAssembly engine in a worker of the benchmark page, as the app runs it (src/engine/host/
 * worker.ts trains in a worker): there its threads may sleep in Atomics.wait between kernels, where
 * the page's main thread must spin, and no task of the page's own runs between them. The page
 * (oursWasm.ts) asks; one request at a time, each answered once:
 *   { type: 'open', run }              builds the engine for the run and trains its first step
 *   { type: 'steps', count }           trains `count` more steps and waits for their losses
 *   { type: 'gemmOpen', warmupMs, repMs }  opens its own 512³ GEMM on the engine's threads, warmed up
 *   { type: 'gemm' }                   one timed repetition of that GEMM (GFLOP/s)
 *   { type: 'close' }                  disposes of both; the page then ends the worker
 */
import type { Backend } from '../src/engine/contracts/backend';
import { initWeights } from '../src/engine/reference/init';
import { createWasmBackend } from '../src/engine/wasm/backend';
import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import { BENCH_RUNS, type BenchRun, batchRows, benchConfig, benchDataset, benchShape } from './configs';
import { WEIGHT_SEED } from './oursCpu';
import { WasmGemm } from './wasmGemm';

export type WasmWorkerRequest =
  | { type: 'open'; run: BenchRun['name'] }
  | { type: 'steps'; count: number }
  | { type: 'gemmOpen'; warmupMs: number; repMs: number }
  | { type: 'gemm' }
  | { type: 'close' };

export type WasmWorkerReply =
  | { ok: true; info?: Backend['info']; gflops?: number }
  | { ok: false; message: string };

let backend: Backend | null = null;
let gemm: WasmGemm | null = null;
let run: BenchRun | null = null;
let step = 0;

async function steps(count: number): Promise<void> {
  if (!backend || !run) throw new Error('no engine open');
  for (let s = 0; s < count; s++, step++) backend.trainStep(batchRows(run, step), step);
  const losses = await backend.takeLosses();
  if (losses.length !== count) throw new Error(`expected ${count} losses, got ${losses.length}`);
  if (!losses.every(Number.isFinite)) throw new Error(`non-finite loss in ${run.name}: ${losses.join(', ')}`);
}

async function answer(request: WasmWorkerRequest): Promise<WasmWorkerReply> {
  switch (request.type) {
    case 'open': {
      run = BENCH_RUNS.find((r) => r.name === request.run) ?? null;
      if (!run) throw new Error(`no run ${request.run}`);
      const weights = initWeights(benchShape(run), WEIGHT_SEED);
      backend = await createWasmBackend(benchConfig(run), benchDataset(run), weights, browserWasmPlatform());
      await steps(1);
      return { ok: true, info: backend.info };
    }
    case 'steps':
      await steps(request.count);
      return { ok: true };
    case 'gemmOpen':
      gemm = await WasmGemm.open(backend?.info.threads ?? 1);
      await gemm.warmUp(request.warmupMs, request.repMs);
      return { ok: true };
    case 'gemm':
      if (!gemm) throw new Error('no GEMM open');
      return { ok: true, gflops: await gemm.rep() };
    case 'close':
      backend?.dispose();
      gemm?.dispose();
      backend = null;
      gemm = null;
      return { ok: true };
  }
}

self.onmessage = async (event: MessageEvent<WasmWorkerRequest>) => {
  let reply: WasmWorkerReply;
  try {
    reply = await answer(event.data);
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
