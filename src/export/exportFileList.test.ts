import { describe, expect, it } from 'vitest';
import { buildDataset } from '../data';
import { DEFAULT_CONFIG } from '../model/config';
import { allocWeights, modelShapeOf } from '../model/params';
import { exportFiles } from './exportFiles';

/** Which files each format writes, with which type; a file two formats share comes once. */
const config = { ...DEFAULT_CONFIG, layers: [4], dataset: { ...DEFAULT_CONFIG.dataset, trainSize: 8 } };
const dataset = buildDataset(config.dataset, 1, {});
const source = {
  config,
  dataset,
  weights: allocWeights(modelShapeOf(config, dataset.features, dataset.outputs)),
  epochsTrained: 3,
};
const list = (formats: Parameters<typeof exportFiles>[1]) =>
  exportFiles(source, formats).map((f) => `${f.name} ${f.mime}`);

describe('the export files of each format', () => {
  it('TF.js, ONNX, PyTorch and Keras each write their own files', () => {
    expect(list(['tfjs'])).toEqual(['model.json application/json', 'weights.bin application/octet-stream']);
    expect(list(['onnx'])).toEqual(['model.onnx application/octet-stream']);
    expect(list(['pytorch'])).toEqual([
      'train_pytorch.py text/x-python',
      'weights.npz application/octet-stream',
      'data.npz application/octet-stream',
    ]);
    expect(list(['keras'])).toEqual([
      'train_keras.py text/x-python',
      'model.json application/json',
      'weights.bin application/octet-stream',
      'data.npz application/octet-stream',
    ]);
  });

  it('files that formats share come once, where they first appear; every file has bytes', () => {
    expect(list(['tfjs', 'keras', 'pytorch'])).toEqual([
      'model.json application/json',
      'weights.bin application/octet-stream',
      'train_keras.py text/x-python',
      'data.npz application/octet-stream',
      'train_pytorch.py text/x-python',
      'weights.npz application/octet-stream',
    ]);
    for (const file of exportFiles(source, ['tfjs', 'onnx', 'pytorch', 'keras'])) {
      expect(file.bytes.length, file.name).toBeGreaterThan(0);
    }
  });

  it('text with attention: TF.js and Keras are refused (they cannot mask the padding), All leaves them out', () => {
    const text = {
      ...config,
      attention: 'additive' as const,
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'sentiment' as const, trainSize: 8, timesteps: 6 },
    };
    const data = buildDataset(text.dataset, 1, {});
    const textSource = {
      config: text,
      dataset: data,
      weights: allocWeights(modelShapeOf(text, data.features, data.outputs)),
      epochsTrained: 1,
    };
    const names = (formats: Parameters<typeof exportFiles>[1]) =>
      exportFiles(textSource, formats).map((f) => f.name);
    expect(() => names(['keras'])).toThrow(/masks its padding/);
    expect(() => names(['tfjs'])).toThrow(/masks its padding/);
    expect(names(['onnx'])).toEqual(['model.onnx']);
    expect(names(['tfjs', 'onnx', 'pytorch', 'keras'])).toEqual([
      'model.onnx',
      'train_pytorch.py',
      'weights.npz',
      'data.npz',
    ]);
    // Without attention, text exports every format.
    const plain = { ...textSource, config: { ...text, attention: 'none' as const } };
    expect(exportFiles(plain, ['keras']).map((f) => f.name)).toContain('train_keras.py');
  });

  it('the model.json carries the target scale and the trained epochs for an import to restore the run', () => {
    const json = JSON.parse(new TextDecoder().decode(exportFiles(source, ['tfjs'])[0].bytes));
    const meta = Object.values(json.userDefinedMetadata)[0] as Record<string, unknown>;
    // The sine set's targets are scaled by mean 0 and std 1.
    expect(meta).toMatchObject({ targetScale: { mean: 0, std: 1 }, epochsTrained: 3 });
    expect(meta).not.toHaveProperty('classNames');
  });
});
