import type { Lang } from '../i18n';
import type { LessonName } from '../link/urlKeys';
import type { Config } from '../model/config';
import { PRESETS, type PresetName } from '../model/presets';
import { MEMORY_LESSON } from './lessonsMemory';
import { OVERFITTING_LESSON } from './lessonsOverfit';
import { TRANSLATION_LESSON } from './lessonsTranslation';
import { WORD_ORDER_LESSON } from './lessonsWordOrder';
import type { Lesson, LessonPanel, LessonRun, LessonStep, LessonText } from './lessonTypes';
import { STORY_CLAIMS } from './storyClaims';

export type * from './lessonTypes';

/** Every lesson a link may name (the compiler holds LESSON_NAMES to one each). */
export const LESSONS: Record<LessonName, Lesson> = {
  overfitting: OVERFITTING_LESSON,
  memory: MEMORY_LESSON,
  'word-order': WORD_ORDER_LESSON,
  translation: TRANSLATION_LESSON,
};

/** The lesson a story's "Teach this as a lesson" opens, or null for a story without one. */
export function lessonOfPreset(preset: PresetName): LessonName | null {
  const names = Object.keys(LESSONS) as LessonName[];
  return names.find((name) => LESSONS[name].presets.includes(preset)) ?? null;
}

/**
 * A lesson's text with its figures from a config, as a story's (storyText.ts):
 *   {steps} the sequence length; {carry} the fewest steps the adding problem's first marked value
 *   must be carried (T − ⌊T/2⌋); {epochs} the epochs a run trains.
 */
export function lessonText(text: LessonText, lang: Lang, config: Config): string {
  const T = config.dataset.timesteps;
  const figures: Record<string, string> = {
    steps: String(T),
    carry: String(T - Math.floor(T / 2)),
    epochs: String(config.epochs),
  };
  return text[lang].replace(/\{(\w+)\}/g, (whole, key: string) => figures[key] ?? whole);
}

/** A step's text with the figures of its own preset. */
export const stepText = (step: LessonStep, text: LessonText, lang: Lang) =>
  lessonText(text, lang, PRESETS[step.preset].config);

/** The config a lesson run trains: its preset's, or the claim's variant of it (the same seed). */
export function lessonRunConfig(run: LessonRun): Config {
  const config = structuredClone(PRESETS[run.preset].config);
  if (!run.variant) return config;
  const claim = STORY_CLAIMS[run.preset].find((c) => c.id === run.variant?.claim);
  const change = claim?.variants?.[run.variant.name];
  if (!change) throw new Error(`lesson run: no variant ${run.variant.name} of claim ${run.variant.claim}`);
  return change(config);
}

/** The panels a step shows beside its text: only what that step needs. */
export function lessonPanels(step: LessonStep): LessonPanel[] {
  switch (step.kind) {
    case 'run':
      return step.runs.length > 1 ? ['loss', 'compare'] : ['loss'];
    case 'look':
      return ['inside'];
    case 'reveal':
      return step.show;
    default:
      return [];
  }
}

export type LessonMove = 'next' | 'back' | 'leave';

/**
 * What a key does in lesson mode: presentation clickers send PageDown / PageUp; Space and the
 * arrows as in slides; Escape leaves. The UI leaves keys to a focused control that uses them.
 */
export function lessonKeyMove(key: string): LessonMove | null {
  if (key === 'ArrowRight' || key === 'PageDown' || key === ' ') return 'next';
  if (key === 'ArrowLeft' || key === 'PageUp') return 'back';
  if (key === 'Escape') return 'leave';
  return null;
}
