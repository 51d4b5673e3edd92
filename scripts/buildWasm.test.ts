import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWasm } from './buildWasm.mjs';

/**
 * The WebAssembly build follows its sources by content: on a copy of wasm/, a changed source
 * rebuilds, an unchanged one does not, and a source restored with an OLDER timestamp than the
 * output (a backup, a stash) rebuilds too, where a timestamp rule kept the stale binary.
 */
const copy = mkdtempSync(join(tmpdir(), 'wasm-build-'));
const root = `${copy}/`;
cpSync(new URL('../wasm/', import.meta.url), join(copy, 'wasm'), {
  recursive: true,
  filter: (src) => !src.includes('/build'),
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const kernelsTs = join(copy, 'wasm', 'kernels.ts');
const output = join(copy, 'wasm', 'build', 'kernels.wasm');
const build = (): Promise<string[]> => buildWasm({ quiet: true, root, only: ['kernels.wasm'] });
const exportsOf = () =>
  WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(output))).map((e) => e.name);

describe('the WebAssembly build decides by content', () => {
  it('builds once, skips an unchanged source, rebuilds a changed one and a restored older one', async () => {
    const original = readFileSync(kernelsTs, 'utf8');
    expect(await build()).toEqual(['kernels.wasm']);
    const first = readFileSync(output);
    expect(await build()).toEqual([]);

    // A new kernel: the binary exports it.
    writeFileSync(kernelsTs, `${original}\nexport function stale_marker(): i32 {\n  return 7;\n}\n`);
    expect(await build()).toEqual(['kernels.wasm']);
    expect(exportsOf()).toContain('stale_marker');

    // The old source back, dated an hour before the output: rebuilt, and the same bytes as first.
    writeFileSync(kernelsTs, original);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(kernelsTs, anHourAgo, anHourAgo);
    expect(await build()).toEqual(['kernels.wasm']);
    expect(exportsOf()).not.toContain('stale_marker');
    expect(Buffer.compare(readFileSync(output), first)).toBe(0);
  }, 120_000);
});
