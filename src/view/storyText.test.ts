import { describe, expect, it } from 'vitest';
import { PRESETS } from '../model/presets';
import { storyText } from './storyText';

describe('storyText', () => {
  it("fills in the parameters per training value once the dataset is described, '…' before", () => {
    const { config } = PRESETS.overfit;
    expect(storyText('overfit', 'en', config, null)).toContain(
      'model.summary() beside the controls counts … parameters',
    );
    const data = { features: 1, outputs: 1, timesteps: 16, trainSize: 32 };
    expect(storyText('overfit', 'en', config, data)).toContain('counts 74 parameters per training value');
    expect(storyText('overfit', 'zh-CN', config, data)).toContain('显示每个训练数值对应 74 个参数');
  });

  it('takes the sequence length and the steps to carry from the config on screen', () => {
    const base = PRESETS['why-lstm'].config;
    const config = { ...base, dataset: { ...base.dataset, timesteps: 31 } };
    expect(storyText('why-lstm', 'en', config, null)).toMatch(
      /^The adding problem over 31 steps: the first marked number must be carried across 16 steps or more\./,
    );
  });
});

describe('storyText without training values', () => {
  it('an empty training split has no ratio: "…" too', () => {
    const { config } = PRESETS.overfit;
    const data = { features: 1, outputs: 1, timesteps: 16, trainSize: 0 };
    expect(storyText('overfit', 'en', config, data)).toContain('counts … parameters');
  });
});
