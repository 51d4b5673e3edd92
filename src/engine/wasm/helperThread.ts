/// <reference lib="webworker" />
/**
 * A helper thread of the WebAssembly engine in a browser: instantiates the threads module on the
 * shared memory it is sent, says so, and lives in thread_main (wasm/kernels.ts) until the pool
 * sets QUIT. nodePlatform.ts has the same program for worker_threads.
 */
import { kernelImports } from './kernelPool';

declare const self: DedicatedWorkerGlobalScope;

interface Start {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  index: number;
  gen: number;
}

self.onmessage = (event: MessageEvent<Start>) => {
  const { module, memory, index, gen } = event.data;
  const instance = new WebAssembly.Instance(module, kernelImports(memory));
  self.postMessage('ready');
  (instance.exports.thread_main as (index: number, gen: number) => void)(index, gen);
  self.close();
};
