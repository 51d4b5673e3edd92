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

  it('reads the dates sentence with all formats or some, in both languages', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    const dates = (timesteps: number) =>
      buildDataset({ ...config('dates'), timesteps }, 1, files).description;
    const all = datasetAbout(dates(30))!;
    expect(all).toEqual({ key: 'dsAbout_dates', vars: { first: '1950', last: '2049', formats: '19' } });
    expect(zh(all.key, all.vars)).toBe(
      '1950-01-01 至 2049-12-31 的日期，以 19 种人类书写格式（英文、数字、中文）给出，改写为 ISO 格式 YYYY-MM-DD。',
    );
    // Short windows leave out the long formats: the sentence says how many of all.
    const some = datasetAbout(dates(DEFAULT_CONFIG.dataset.timesteps))!;
    expect(some.key).toBe('dsAbout_datesSome');
    expect(en(some.key, some.vars)).toBe(dates(DEFAULT_CONFIG.dataset.timesteps));
    expect(zh(some.key, some.vars)).toContain(`以 19 种人类书写格式中的 ${some.vars.formats} 种`);
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
