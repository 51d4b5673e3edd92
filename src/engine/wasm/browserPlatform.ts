import { MAX_THREADS, type WasmPlatform, type WasmThread, type WasmVariant } from './platform';
import { chooseWasmBuild, type WasmBuild } from './simdBuild';

/**
 * The WebAssembly engine in a browser (the training worker, the benchmark page): the modules Vite
 * ships as assets, and helpers as module workers. Threads need memory shared between workers, which
 * a browser allows only on a cross-origin isolated page (COOP: same-origin + COEP: require-corp,
 * see the README's hosting notes); elsewhere the engine runs on one thread. The relaxed-SIMD build
 * where the browser validates it (Chromium), the plain one elsewhere (simdBuild.ts); both are in
 * the offline precache (vite.config.ts takes every emitted .wasm).
 */
const FILES: Record<WasmBuild, Record<WasmVariant, URL>> = {
  plain: {
    single: new URL('../../../wasm/build/kernels.wasm', import.meta.url),
    threads: new URL('../../../wasm/build/kernels-threads.wasm', import.meta.url),
  },
  relaxed: {
    single: new URL('../../../wasm/build/kernels-relaxed.wasm', import.meta.url),
    threads: new URL('../../../wasm/build/kernels-threads-relaxed.wasm', import.meta.url),
  },
};

/** A helper that has not answered by then never will (a blocked worker script, a CSP). */
const HELPER_START_MS = 10_000;

const compiled = new Map<URL, Promise<WebAssembly.Module>>();

async function compile(file: URL): Promise<WebAssembly.Module> {
  const response = await fetch(file);
  if (!response.ok) throw new Error(`the WebAssembly kernels did not load (${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

export function browserWasmPlatform(): WasmPlatform {
  const scope = globalThis as { crossOriginIsolated?: boolean; WorkerGlobalScope?: unknown };
  const isolated = scope.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const build = chooseWasmBuild();
  return {
    build,
    loadModule(variant) {
      const file = FILES[build][variant];
      let module = compiled.get(file);
      if (!module) {
        module = compile(file);
        module.catch(() => compiled.delete(file));
        compiled.set(file, module);
      }
      return module;
    },
    maxThreads: isolated ? Math.min(MAX_THREADS, cores) : 1,
    singleThreadReason:
      !isolated && cores > 1
        ? 'the page is not cross-origin isolated, so workers cannot share memory'
        : undefined,
    // A worker may sleep in Atomics.wait; a page's main thread (the benchmark) must poll.
    canBlock: scope.WorkerGlobalScope !== undefined,
    startThread(module, memory, index, gen) {
      const worker = new Worker(new URL('./helperThread.ts', import.meta.url), {
        type: 'module',
        name: `WebAssembly helper ${index}`,
      });
      return new Promise<WasmThread>((resolve, reject) => {
        const fail = (why: string) => {
          worker.terminate();
          reject(new Error(`a WebAssembly helper thread did not start: ${why}`));
        };
        const timer = setTimeout(() => fail('no answer'), HELPER_START_MS);
        worker.onmessage = () => {
          clearTimeout(timer);
          resolve({ terminate: () => worker.terminate() });
        };
        worker.onerror = (event) => {
          clearTimeout(timer);
          fail(event.message || 'worker error');
        };
        worker.postMessage({ module, memory, index, gen });
      });
    },
  };
}
