import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/**
 * TensorFlow.js's WebAssembly backend (issue 14's strongest CPU peer). Its three builds ship in the
 * package; Vite serves them from this page's origin, and tfjs picks one itself: threaded + SIMD
 * where the page is cross-origin isolated (the benchmark server sends COOP/COEP), SIMD alone
 * otherwise. Which one ran, and on how many threads, goes into the result. It is asked for every
 * core, as our engine takes; on this 2-core machine it still reports a pool of 1 thread, asked or
 * not (measured: getThreadsCount() after init).
 */
setThreadsCount(navigator.hardwareConcurrency);
setWasmPaths({
  'tfjs-backend-wasm.wasm': plainUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
});

/** "SIMD, threaded (2 threads)" or "SIMD, single-threaded": the build tfjs chose in this page. */
export async function tfjsWasmBuild(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const kind = simd ? 'SIMD' : 'no SIMD';
  if (!threads) return `${kind}, single-threaded`;
  const count = getThreadsCount();
  return `${kind}, threaded (${count} thread${count === 1 ? '' : 's'})`;
}
