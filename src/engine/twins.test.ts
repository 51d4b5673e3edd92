import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The twin rule, read from the sources: every entry point in shaders/ has an exported function of
 * the same name in src/engine/reference/ (the matmul_* variants share one twin, `matmul`), and a
 * per-dispatch test (src/engine/webgpu/*.test.ts or its helpers in test/support/engine/) imports it.
 */
const ROOT = new URL('../../', import.meta.url);
const read = (dir: string, ext: RegExp) =>
  readdirSync(new URL(dir, ROOT))
    .filter((f) => ext.test(f))
    .map((f) => ({ file: `${dir}${f}`, text: readFileSync(new URL(`${dir}${f}`, ROOT), 'utf8') }));

const entryPoints = read('shaders/', /\.wgsl$/).flatMap(({ file, text }) =>
  [...text.matchAll(/@compute[^\n]*\n(?:[^\n]*\n)??fn (\w+)\(/g)].map((m) => ({ file, name: m[1] })),
);
const twinOf = (name: string) => (name.startsWith('matmul_') ? 'matmul' : name);
const reference = read('src/engine/reference/', /^(?!.*\.test\.ts$).*\.ts$/)
  .map((f) => f.text)
  .join('\n');
const tests = [...read('src/engine/webgpu/', /\.test\.ts$/), ...read('test/support/engine/', /\.ts$/)]
  .map((f) => f.text)
  .join('\n');

describe('every kernel has a twin and a test that holds them together', () => {
  it('finds the kernels', () => {
    expect(entryPoints.length).toBeGreaterThanOrEqual(20);
  });
  for (const { file, name } of entryPoints)
    it(`${name} (${file})`, () => {
      const twin = twinOf(name);
      expect(reference, `no exported function ${twin} in src/engine/reference`).toMatch(
        new RegExp(`export function ${twin}\\b`),
      );
      const imported = new RegExp(
        `import \\{[^}]*\\b${twin}\\b[^}]*\\} from '(\\.\\./)+(src/engine/)?reference/`,
      );
      expect(tests, `no per-dispatch test imports ${twin} from the reference`).toMatch(imported);
    });
});
