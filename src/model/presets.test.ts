import { describe, expect, it } from 'vitest';
import { validateConfig } from './config';
import { PRESET_NAMES, PRESETS } from './presets';

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

  // The lessons themselves (each story's claims over several seeds, on the trained model):
  // src/cli/storyClaims.test.ts.
});
