import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, type DataFiles, loadDataFiles } from '../data';
import { readNodeDataFile } from '../data/nodeFiles';
import type { CustomData } from '../data/types';
import { translator } from '../i18n';
import { DATASET_NAMES, type DatasetConfig, DEFAULT_CONFIG } from '../model/config';
import { datasetAbout } from './datasetAbout';

const config = (name: DatasetConfig['name']): DatasetConfig => ({ ...DEFAULT_CONFIG.dataset, name });
const rows = Array.from({ length: 60 }, (_, r) => `d${r},${10 + (r % 7)},${r % 2 ? 'wet' : 'dry'}`);
const csv = (over: Partial<CustomData>): CustomData => ({
  name: 'mine.csv',
  kind: 'csv',
  text: ['day,temp,label', ...rows].join('\n'),
  ...over,
});
const lines = ['pos\tthe movie was good', 'neg\tnot good', 'pos\tnot bad at all', 'neg\tdull plot'];

const files: DataFiles = {};
beforeAll(async () => {
  for (const name of DATASET_NAMES) Object.assign(files, await loadDataFiles(name, readNodeDataFile));
});

describe("the dataset's description in the page's language", () => {
  const described = (name: DatasetConfig['name'], custom?: CustomData) =>
    buildDataset(config(name), 1, files, custom).description;

  it('reads back every builder’s sentence, the shipped sets and own data of each kind', () => {
    const sentences = [
      ...DATASET_NAMES.filter((n) => n !== 'custom').map((n) => described(n)),
      described('custom', csv({ column: 'temp', task: 'regression' })),
      described('custom', csv({ column: 'label', task: 'classification' })),
      described('custom', { name: '', kind: 'text', text: lines.join('\n') }),
    ];
    for (const sentence of sentences) {
      const about = datasetAbout(sentence);
      expect(about, sentence).not.toBeNull();
      // The English message with the figures read back is the builder's sentence, word for word.
      expect(translator('en')(about!.key, about!.vars)).toBe(sentence);
    }
  });

  it('says it in Chinese with the same figures and the user’s own words kept', () => {
    const zh = translator('zh-CN');
    const sine = datasetAbout(described('sine'))!;
    expect(zh(sine.key, sine.vars)).toBe('带噪声的正弦波（周期约 16 步，相位随机）：预测下一个值。');
    const adding = datasetAbout(described('adding'))!;
    expect(zh(adding.key, adding.vars)).toContain(`${DEFAULT_CONFIG.dataset.timesteps} 步`);
    const own = datasetAbout(described('custom', csv({ name: '我的表: a', column: 'temp' })))!;
    expect(own.vars).toMatchObject({ name: '我的表: a', column: 'temp' });
    expect(zh(own.key, own.vars)).toBe(
      `我的表: a：根据 ${DEFAULT_CONFIG.dataset.timesteps} 行预测下一行的“temp”。`,
    );
  });

  it('gives nothing for a sentence it does not know, so the page shows that sentence as it is', () => {
    expect(datasetAbout('A dataset from the future.')).toBeNull();
  });

  it('reads a whole sentence only: text before a shipped sentence, or after any, is not read', () => {
    for (const name of DATASET_NAMES.filter((n) => n !== 'custom')) {
      expect(datasetAbout(`Note: ${described(name)}`), name).toBeNull();
      expect(datasetAbout(`${described(name)} More.`), name).toBeNull();
    }
    for (const custom of [
      csv({ column: 'temp', task: 'regression' }),
      csv({ column: 'label', task: 'classification' }),
      { name: 'mine', kind: 'text' as const, text: lines.join('\n') },
    ]) {
      expect(datasetAbout(`${described('custom', custom)} More.`)).toBeNull();
    }
  });

  it('reads figures of more than one digit', () => {
    expect(datasetAbout('mine: 12 labelled lines, 10 classes, 345 words.')).toEqual({
      key: 'dsAbout_customText',
      vars: { name: 'mine', lines: '12', k: '10', words: '345' },
    });
    expect(
      datasetAbout(
        'Ten shapes (sines, square, sawtooth, chirp, ramps, bump, step) mixed into 12 noisy channels.',
      ),
    ).toEqual({ key: 'dsAbout_tenclass', vars: { c: '12' } });
    expect(
      datasetAbout('The adding problem: sum the two marked values, one in each half of 100 steps.'),
    ).toEqual({
      key: 'dsAbout_adding',
      vars: { t: '100' },
    });
  });
});
