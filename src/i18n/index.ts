import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zhCN';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

const CATALOGS: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** t(key, {name}) fills `{name}` placeholders; an unknown placeholder stays visible, not blank. */
export function translator(lang: Lang): Translate {
  const catalog = CATALOGS[lang];
  return (key, vars) => {
    const text = catalog[key] ?? en[key];
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

export type { MessageKey };
