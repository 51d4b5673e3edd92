import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_NUMPY, pythonWith, runPython } from '../../test/support/export/python';
import { npy, npz } from './npz';

const numpyPython = pythonWith('numpy');
if (!numpyPython) console.warn(`SKIPPED: ${NO_NUMPY}`);

describe('.npy and .npz', () => {
  it('starts the data of every array at a multiple of 64 bytes, as numpy writes it', () => {
    for (const shape of [[1], [7], [3, 1, 2], [2, 50, 13], [123456]]) {
      const values = new Float32Array(shape.reduce((n, d) => n * d, 1));
      const bytes = npy({ shape, values });
      const headerLength = new DataView(bytes.buffer).getUint16(8, true);
      expect((10 + headerLength) % 64, `shape ${shape}`).toBe(0);
      expect(bytes.length).toBe(10 + headerLength + 4 * values.length);
      expect(bytes[10 + headerLength - 1]).toBe(0x0a); // the header ends with "\n"
    }
  });

  it('refuses values that do not fill the shape', () => {
    expect(() => npy({ shape: [2, 3], values: new Float32Array(5) })).toThrow(/holds 6 values, not 5/);
  });

  it('numpy.load reads every array back bit for bit', (ctx) => {
    if (!numpyPython) return ctx.skip(NO_NUMPY);
    const arrays = {
      vector: { shape: [5], values: Float32Array.from([0, -1.5, 3.25, 1e-30, 65504]) },
      cube: { shape: [2, 3, 4], values: Float32Array.from({ length: 24 }, (_, i) => Math.sin(i) * 1e3) },
      'rnn.0.weight_ih_l0': { shape: [4, 1], values: Float32Array.from([0.1, 0.2, 0.3, 0.4]) },
    };
    const dir = mkdtempSync(join(tmpdir(), 'npz-'));
    try {
      writeFileSync(join(dir, 'a.npz'), npz(arrays));
      const script = [
        'import json, numpy as np',
        "with np.load('a.npz') as f:",
        "    print(json.dumps({k: [list(f[k].shape), str(f[k].dtype), f[k].ravel().view('<u4').tolist()] for k in f.files}))",
      ].join('\n');
      const run = runPython(numpyPython, ['-c', script], dir);
      expect(run.code, run.stderr).toBe(0);
      const read = JSON.parse(run.stdout);
      for (const [name, { shape, values }] of Object.entries(arrays)) {
        expect(read[name], name).toEqual([shape, 'float32', [...new Uint32Array(values.buffer)]]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
