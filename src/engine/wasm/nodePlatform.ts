import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MAX_THREADS, type WasmPlatform, type WasmVariant } from './platform';
import { chooseWasmBuild, hasRelaxedSimd, type WasmBuild } from './simdBuild';

/**
 * The WebAssembly engine in Node (the CLI, tests, timing scripts): the modules scripts/buildWasm.mjs
 * wrote to wasm/build/, and helpers as worker_threads (Node always has shared memory). Node 20's
 * V8 (11.3) has relaxed SIMD only behind --experimental-wasm-relaxed-simd (on by default from
 * V8 11.4, Node 22): without the flag the platform takes the plain build.
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

// A helper's whole program: CommonJS, as an eval'd worker is. Its imports are kernelPool.ts's
// kernelImports, written out. It answers once the instance exists, then lives in thread_main until
// the pool sets QUIT.
const HELPER = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, index, gen } = workerData;
const imports = { env: { memory, 'Math.exp': Math.exp, 'Math.log': Math.log, 'Math.tanh': Math.tanh } };
const instance = new WebAssembly.Instance(module, imports);
parentPort.postMessage('ready');
instance.exports.thread_main(index, gen);
`;

const compiled = new Map<URL, Promise<WebAssembly.Module>>();

export interface NodePlatformOptions {
  /** Cores to use (default: every core, at most MAX_THREADS). */
  threads?: number;
  /** The kernels' build (default: relaxed where this Node has relaxed SIMD, else plain). */
  build?: WasmBuild;
}

export function nodeWasmPlatform(options: NodePlatformOptions = {}): WasmPlatform {
  const build = options.build ?? chooseWasmBuild();
  if (build === 'relaxed' && !hasRelaxedSimd())
    throw new Error(
      'this Node has no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd; Node 22 has it)',
    );
  return {
    build,
    loadModule(variant) {
      const file = FILES[build][variant];
      let module = compiled.get(file);
      if (!module) {
        module = readFile(file).then(
          (bytes) => WebAssembly.compile(bytes),
          (error: Error) => {
            throw new Error(
              `${error.message} (run \`node scripts/buildWasm.mjs\`, or npm install, to build it)`,
            );
          },
        );
        compiled.set(file, module);
      }
      return module;
    },
    maxThreads: options.threads ?? Math.min(MAX_THREADS, availableParallelism()),
    canBlock: true,
    startThread(module, memory, index, gen) {
      const worker = new Worker(HELPER, { eval: true, workerData: { module, memory, index, gen } });
      worker.unref(); // a helper asleep in thread_main never keeps the process alive
      return new Promise((resolve, reject) => {
        worker.once('message', () => resolve({ terminate: () => void worker.terminate() }));
        worker.once('error', reject);
      });
    },
  };
}
