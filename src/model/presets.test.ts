import { describe, expect, it } from 'vitest';
import { validateConfig } from './config';
import { isPresetName, PRESET_NAMES, PRESETS } from './presets';

describe('presets', () => {
  it.each(PRESET_NAMES)('%s is a valid config with a story in both languages', (name) => {
    const preset = PRESETS[name];
    expect(validateConfig(preset.config).ok).toBe(true);
    expect(preset.story.en.split('. ').length).toBeGreaterThanOrEqual(2);
    expect(preset.story['zh-CN'].length).toBeGreaterThan(20);
  });

  it('keras-seed is the seed article’s model', () => {
    const { config } = PRESETS['keras-seed'];
    expect(config.layers).toEqual([128, 64]);
    expect(config.optimizer).toBe('adam');
    expect(config.dataset.name).toBe('tenclass');
  });

  it('each preset carries its own name, and the title the menu shows in both languages', () => {
    const titles = Object.fromEntries(PRESET_NAMES.map((name) => [PRESETS[name].name, PRESETS[name].title]));
    expect(titles).toEqual({
      overfit: { en: 'Overfitting', 'zh-CN': '过拟合' },
      dropout: { en: 'Remedy: dropout', 'zh-CN': '对策：dropout' },
      l2: { en: 'Remedy: L2 weight decay', 'zh-CN': '对策：L2 正则化' },
      'early-stopping': { en: 'Remedy: early stopping', 'zh-CN': '对策：提前停止' },
      'long-range': { en: 'Long-range memory: the adding problem', 'zh-CN': '长程记忆：加法问题' },
      'why-lstm': {
        en: 'Why an LSTM? SimpleRNN, GRU and LSTM',
        'zh-CN': '为什么用 LSTM？SimpleRNN、GRU 与 LSTM',
      },
      attention: { en: 'Where does it look? Attention', 'zh-CN': '它看向哪里？注意力' },
      sentiment: { en: 'Word order: “not bad at all”', 'zh-CN': '词序：“not bad at all”' },
      'which-words': {
        en: 'Which words does it look at? Real e-mail',
        'zh-CN': '它看哪些词？真实的电子邮件',
      },
      'keras-seed': { en: 'The seed article’s model', 'zh-CN': '原文中的模型' },
      translation: { en: 'Translation: watch it align', 'zh-CN': '翻译：看它对齐' },
    });
  });

  it('opens the inside view where each story’s evidence is', () => {
    const looks = Object.fromEntries(PRESET_NAMES.map((name) => [name, PRESETS[name].look]));
    expect(looks).toEqual({
      overfit: { view: 'units' },
      dropout: undefined,
      l2: undefined,
      'early-stopping': undefined,
      'long-range': { view: 'gates' },
      'why-lstm': { view: 'gradients' },
      attention: { view: 'attention' },
      sentiment: { view: 'words', phrase: 'not bad' },
      'which-words': { view: 'attention', phrase: 'click here' },
      'keras-seed': undefined,
      translation: { view: 'translation', window: 274 },
    });
  });

  it('each remedy changes one knob of the overfitting preset', () => {
    const overfit = PRESETS.overfit.config;
    expect(PRESETS.dropout.config).toEqual({
      ...overfit,
      dropout: 0.3,
      recurrentDropout: 0.3,
      outputDropout: 0.4,
    });
    expect(PRESETS.l2.config).toEqual({ ...overfit, l2: 0.003 });
    expect(PRESETS['early-stopping'].config).toEqual({
      ...overfit,
      earlyStopping: { enabled: true, patience: 6, minDelta: 0, restoreBestWeights: true },
    });
  });

  it('knows its own names and nothing else', () => {
    expect(isPresetName('overfit')).toBe(true);
    expect(isPresetName('keras-seed')).toBe(true);
    expect(isPresetName('Overfit')).toBe(false);
    expect(isPresetName('')).toBe(false);
  });

  // The lessons themselves (each story's claims over several seeds, on the trained model):
  // src/cli/storyClaims.test.ts.
});
