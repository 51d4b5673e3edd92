/**
 * Run by src/engine/wasm/simdBuild.test.ts in a Node started with
 * --no-experimental-wasm-relaxed-simd (a runtime without relaxed SIMD, as Node 20 by default,
 * Firefox and Safari today): what the chooser and the builds make of it, as one line of JSON.
 */
import { readFileSync } from 'node:fs';
import { KernelPool } from '../../../src/engine/wasm/kernelPool';
import { nodeWasmPlatform } from '../../../src/engine/wasm/nodePlatform';
import { hasRelaxedSimd } from '../../../src/engine/wasm/simdBuild';

const valid = (name: string) =>
  WebAssembly.validate(readFileSync(new URL(`../../../wasm/build/${name}`, import.meta.url)));

const platform = nodeWasmPlatform({ threads: 2 });
const pool = await KernelPool.create(platform, 1 << 16, 2);
const threads = pool.threads;
pool.dispose();
let askRelaxed = 'no error';
try {
  nodeWasmPlatform({ build: 'relaxed' });
} catch (error) {
  askRelaxed = (error as Error).message;
}
process.stdout.write(
  `${JSON.stringify({
    relaxed: hasRelaxedSimd(),
    build: platform.build,
    threads,
    askRelaxed,
    plainValid: valid('kernels.wasm') && valid('kernels-threads.wasm'),
    relaxedValid: valid('kernels-relaxed.wasm') || valid('kernels-threads-relaxed.wasm'),
  })}\n`,
);
