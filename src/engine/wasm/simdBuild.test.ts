import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KernelPool } from './kernelPool';
import { nodeWasmPlatform } from './nodePlatform';
import { chooseWasmBuild, hasRelaxedSimd } from './simdBuild';

/**
 * The choice of the kernels' build, on real runtimes: this test process has relaxed SIMD
 * (vite.config.ts starts it with V8's flag where Node needs one), and a child Node started with
 * the flag off is a runtime that lacks it (as Node 20's V8 11.3 by default, Firefox and Safari
 * today). Seen
 * failing: the chooser always 'relaxed' (the child's engine cannot compile its module), the probe
 * module one byte off (validates nowhere, so this process falls back too).
 */
const build = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../wasm/build/${name}`, import.meta.url)));

describe('the WebAssembly build is chosen at load, by what the runtime validates', () => {
  it('here (relaxed SIMD on): the relaxed build, whose real modules validate as the probe says', async () => {
    expect(hasRelaxedSimd()).toBe(true);
    expect(chooseWasmBuild()).toBe('relaxed');
    expect(WebAssembly.validate(build('kernels-relaxed.wasm'))).toBe(true);
    expect(WebAssembly.validate(build('kernels-threads-relaxed.wasm'))).toBe(true);
    const platform = nodeWasmPlatform({ threads: 2 });
    expect(platform.build).toBe('relaxed');
    const pool = await KernelPool.create(platform, 1 << 16, 2);
    expect(pool.threads).toBe(2);
    pool.dispose();
  });

  it('a runtime without relaxed SIMD falls back to the plain build, which runs there on 2 threads', () => {
    const child = fileURLToPath(new URL('../../../test/support/engine/wasmBuildChild.ts', import.meta.url));
    // --no-…: off in Node 20 by default already; in a Node whose V8 has relaxed SIMD on, turned off.
    const off = '--no-experimental-wasm-relaxed-simd';
    const out = execFileSync(process.execPath, [off, '--import', 'tsx', child], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      relaxed: false,
      build: 'plain',
      threads: 2,
      askRelaxed: expect.stringMatching(/no relaxed SIMD/),
      plainValid: true,
      relaxedValid: false,
    });
  });
});
