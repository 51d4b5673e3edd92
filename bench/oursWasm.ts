import type { WasmBuild } from '../src/engine/contracts/backend';
import { browserWasmPlatform } from '../src/engine/wasm/browserPlatform';
import type { BackendTimings, StepPlan } from './backendStep';
import type { BenchRun } from './configs';
import { timeSteps } from './timing';
import type { WasmWorkerReply, WasmWorkerRequest } from './wasmWorker';

export interface WasmTimings extends BackendTimings {
  /**
   * Its own 512³ GEMM on its threads in the same worker, one timed repetition (≥ 250 ms) right
   * after each timed repetition of steps, in order: GFLOP/s, paired with repsMsPerStep.
   */
  gemmGflopsPerRep: number[];
}

/**
 * Our WebAssembly engine in a worker of this page (wasmWorker.ts), as the app trains, on the
 * threads the page allows (all cores where it is cross-origin isolated; info.threads says how
 * many): time to first step (the worker and the module started, helpers started, memory planned,
 * one step), median ms per step by the plan, each timed repetition followed by one of its own
 * GEMM (this shared machine's pace drifts within seconds, so each pair sees one pace). Until
 * 2026-12-06 it ran on the page's main thread, which must spin while helpers work (a page may not
 * block), unlike the app's training worker, whose threads sleep in Atomics.wait between kernels.
 */
export async function measureOursWasm(run: BenchRun, plan: StepPlan): Promise<WasmTimings> {
  const start = performance.now();
  const worker = new Worker(new URL('./wasmWorker.ts', import.meta.url), { type: 'module' });
  const ask = (request: WasmWorkerRequest) =>
    new Promise<WasmWorkerReply & { ok: true }>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WasmWorkerReply>) =>
        event.data.ok ? resolve(event.data) : reject(new Error(event.data.message));
      worker.onerror = (event) => reject(new Error(event.message || 'the WebAssembly worker failed'));
      worker.postMessage(request);
    });
  try {
    const { info } = await ask({ type: 'open', run: run.name });
    const firstStepMs = performance.now() - start;
    await ask({ type: 'gemmOpen', warmupMs: plan.warmupMs, repMs: plan.repMs });
    const gemmGflopsPerRep: number[] = [];
    const timing = await timeSteps(
      async (count) => {
        await ask({ type: 'steps', count });
      },
      plan,
      async () => {
        const { gflops } = await ask({ type: 'gemm' });
        if (gflops === undefined) throw new Error('the WebAssembly worker answered without its GEMM');
        gemmGflopsPerRep.push(gflops);
      },
    );
    await ask({ type: 'close' });
    if (!info) throw new Error('the WebAssembly worker answered without its engine');
    return { firstStepMs, ...timing, info, gemmGflopsPerRep };
  } finally {
    worker.terminate();
  }
}

/** Which build of the kernels this page's engine and GEMM load (the same: one choice per runtime). */
export function wasmBuildOfPage(): WasmBuild {
  return browserWasmPlatform().build;
}
