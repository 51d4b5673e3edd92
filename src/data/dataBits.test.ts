import { describe, expect, it } from 'vitest';
import { DATASET_NAMES, DEFAULT_CONFIG } from '../model/config';
import { formatBytes, readCustomInput } from './customInput';
import { DataError } from './dataError';
import { buildDataset, datasetUsesNoise, loadDataFiles } from './index';
import { readNodeDataFile } from './nodeFiles';
import { writeOneHot } from './text';

describe('small pieces of src/data', () => {
  it('formatBytes: MB from exactly 1 MiB (one decimal), whole KB rounded up below it', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1024 KB');
    expect(formatBytes(3.4 * 1024 * 1024)).toBe('3.4 MB');
    expect(formatBytes(500)).toBe('1 KB');
    expect(formatBytes(2049)).toBe('3 KB');
  });

  it('readCustomInput returns pasted text as it is, and reads a file', async () => {
    const pasted = { name: 'p', kind: 'text' as const, text: 'a\tb' };
    expect(await readCustomInput(pasted)).toBe(pasted);
    const file = { name: 'f', kind: 'csv' as const, file: new Blob(['x,y\n1,2\n']) };
    expect(await readCustomInput(file)).toEqual({ name: 'f', kind: 'csv', text: 'x,y\n1,2\n' });
  });

  it('a DataError says so in its name', () => {
    expect(new DataError('x').name).toBe('DataError');
  });

  it('the custom dataset without data asks for it', () => {
    expect(() => buildDataset({ ...DEFAULT_CONFIG.dataset, name: 'custom' }, 1, {})).toThrow(
      'The custom dataset needs your data: upload a CSV or paste text lines.',
    );
  });

  it('the noise knob shows for exactly the datasets it changes', async () => {
    const csv = {
      name: 'mine',
      kind: 'csv' as const,
      text: `v\n${Array.from({ length: 80 }, (_, i) => Math.sin(i)).join('\n')}`,
    };
    const lines = ['good film', 'bad film', 'not good', 'not bad'].map((l, i) => `${l}\t${i % 2}`);
    const text = { name: 'mine', kind: 'text' as const, text: Array(20).fill(lines).flat().join('\n') };
    const cases = [
      ...DATASET_NAMES.map((name) => ({ name, custom: csv })),
      { name: 'custom' as const, custom: text },
    ];
    for (const { name, custom } of cases) {
      const dataset = { ...DEFAULT_CONFIG.dataset, name, trainSize: 200, timesteps: 20 };
      const files = await loadDataFiles(name, readNodeDataFile);
      const at = (noise: number) => {
        const { train } = buildDataset({ ...dataset, noise }, 3, files, custom);
        return [...train.x, ...train.y];
      };
      const quiet = at(0);
      const noisy = at(0.5);
      const same = quiet.length === noisy.length && quiet.every((v, i) => Object.is(v, noisy[i]));
      const expected = datasetUsesNoise(name, custom.kind);
      expect({ name, kind: custom.kind, changes: !same }).toEqual({
        name,
        kind: custom.kind,
        changes: expected,
      });
    }
  });

  it('writeOneHot cuts a long sample at the front and never touches the sample before', () => {
    const split = { n: 2, x: new Float32Array(2 * 2 * 3), y: new Float32Array(2) };
    writeOneHot(split, 1, [0, 1, 2], 2, 3);
    // Sample 0 stays zero; sample 1 holds ids 1 and 2 at its two steps.
    expect(Array.from(split.x)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('readNodeDataFile refuses a name with a path in it, at either end', async () => {
    for (const name of ['a/../b.csv', '../sp500.csv', 'sp500.csv/..']) {
      await expect(readNodeDataFile(name)).rejects.toThrow(`Not a data file name: ${name}`);
    }
  });
});
