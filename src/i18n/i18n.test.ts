import { describe, expect, it } from 'vitest';
import { en } from './en';
import { translator } from './index';
import { zhCN } from './zhCN';

describe('translator', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('epochOf', { epoch: 3, epochs: 10 })).toBe('epoch 3 / 10');
    expect(t('bestEpoch')).toBe('best epoch {epoch}');
  });

  it('speaks Chinese when asked', () => {
    expect(translator('zh-CN')('train')).toBe('训练');
  });

  it('zh-CN keeps every placeholder of the English string', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(names(zhCN[key]), key).toEqual(names(en[key]));
    }
  });
});
