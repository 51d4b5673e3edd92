import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * WGSL § 8.5.1.3: a write to one component of a vector in memory may access all of the vector's
 * memory, so two invocations writing different components of one vec4f race (some HLSL and Metal
 * paths emit a read-modify-write of the whole vector). SwiftShader cannot show such a race, so
 * this reads the shaders: a writable storage array of vectors may only be assigned whole elements
 * (`name[i] = v`), never one component (`name[i][c] = x`, `name[i].x = x`, `name[i].x += x`).
 */
const SHADERS = new URL('../../../shaders/', import.meta.url);

function vectorStorageWrites(source: string): string[] {
  const code = source.replace(/\/\/.*$/gm, '');
  const names = [...code.matchAll(/var<storage,\s*read_write>\s+(\w+)\s*:\s*array<vec[234][fhiu]?/g)].map(
    (m) => m[1],
  );
  const offending: string[] = [];
  for (const name of names) {
    const componentWrite = new RegExp(
      `\\b${name}\\s*\\[[^\\]]*\\]\\s*(\\[[^\\]]*\\]|\\.[xyzwrgba]+)\\s*[-+*/]?=[^=]`,
      'g',
    );
    for (const m of code.matchAll(componentWrite)) offending.push(m[0].trim());
  }
  return offending;
}

describe('no invocation writes one component of a vector in storage', () => {
  const files = readdirSync(SHADERS).filter((f) => f.endsWith('.wgsl'));

  it('finds the shaders', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files)
    it(`${file}: vec4f storage arrays are written whole`, () => {
      expect(vectorStorageWrites(readFileSync(new URL(file, SHADERS), 'utf8'))).toEqual([]);
    });

  it('the check sees a component write (the pattern the old lstm_cell_forward had)', () => {
    const racy = `@group(0) @binding(4) var<storage, read_write> hprev: array<vec4f>;
      fn f(m: u32, v: f32) { hprev[m >> 2u][m & 3u] = v; }`;
    expect(vectorStorageWrites(racy)).toEqual(['hprev[m >> 2u][m & 3u] =']);
    expect(
      vectorStorageWrites('var<storage, read_write> c: array<vec4f>; fn g() { c[0].y += 1.0; }'),
    ).toHaveLength(1);
    expect(
      vectorStorageWrites('var<storage, read_write> c: array<vec4f>; fn g() { c[0] = vec4f(); }'),
    ).toEqual([]);
  });
});
