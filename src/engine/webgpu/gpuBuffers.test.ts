import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDevice } from '../../../test/support/engine/testDevice';
import { createGpuBuffer, destroyGpuBuffer, liveGpuBufferCount } from './gpuBuffers';

const ROOT = new URL('../../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('live GPU buffers', () => {
  it('are counted from creation to destruction, per device, a second destroy counting once', async () => {
    const device = await testDevice();
    const start = liveGpuBufferCount(device);
    const usage = GPUBufferUsage.STORAGE;
    const a = createGpuBuffer(device, { size: 16, usage });
    const b = createGpuBuffer(device, { size: 16, usage });
    expect(liveGpuBufferCount(device)).toBe(start + 2);
    expect(liveGpuBufferCount()).toBeGreaterThanOrEqual(start + 2);
    destroyGpuBuffer(a);
    destroyGpuBuffer(a);
    expect(liveGpuBufferCount(device)).toBe(start + 1);
    destroyGpuBuffer(b);
    expect(liveGpuBufferCount(device)).toBe(start);
  });

  it('are all made through gpuBuffers.ts: no other file calls createBuffer', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'bench'))];
    const offenders = files
      .filter((f) => !/gpuBuffers(\.test)?\.ts$/.test(f))
      .filter((f) => /\.createBuffer\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
