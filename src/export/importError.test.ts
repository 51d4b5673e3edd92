import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zhCN';
import { IMPORT_ERROR_CODES, ImportError } from './importError';

describe('import refusals', () => {
  it('every code has a page message in English and Chinese, with the same values to fill', () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const code of IMPORT_ERROR_CODES) {
      const key = `import_${code}` as keyof typeof en;
      expect(en[key], key).toBeTypeOf('string');
      const english = new ImportError(code, {}).message;
      // The page's text is the runner's, plus that nothing was lost.
      expect(names(en[key]), key).toEqual(names(english));
      expect(en[key].endsWith('The current model stays.'), key).toBe(true);
      expect(names(zhCN[key]), key).toEqual(names(english));
    }
  });

  it('fills its values into the English text', () => {
    expect(new ImportError('weightsSize', { got: '8', want: '16' }).message).toBe(
      'The weights have 8 bytes, but model.json describes 16 bytes.',
    );
  });
});
