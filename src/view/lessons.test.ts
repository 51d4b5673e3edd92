import { describe, expect, it } from 'vitest';
import { LANGS } from '../i18n';
import { LESSON_NAMES, LESSON_STEP_LIMIT } from '../link/urlKeys';
import { validateConfig } from '../model/config';
import { PRESET_NAMES, PRESETS } from '../model/presets';
import {
  LESSONS,
  type LessonStep,
  lessonKeyMove,
  lessonOfPreset,
  lessonPanels,
  lessonRunConfig,
  lessonText,
  stepText,
} from './lessons';
import { STORY_CLAIMS } from './storyClaims';

const lessons = LESSON_NAMES.map((name) => [name, LESSONS[name]] as const);
const claimOf = (preset: keyof typeof STORY_CLAIMS, id: string) =>
  STORY_CLAIMS[preset].find((c) => c.id === id);
/** Every text of a step, filled with its preset's figures. */
const textsOf = (step: LessonStep) => {
  const texts = [step.title, step.body, ...(step.facts ?? []).map((f) => f.text)];
  if (step.kind === 'predict') texts.push(...step.choices);
  if (step.kind === 'run') texts.push(...step.runs.map((r) => r.label));
  return LANGS.flatMap((lang) => texts.map((t) => stepText(step, t, lang)));
};

describe('lessons state as fact only what a story claim checks', () => {
  it.each(lessons)(
    '%s: every fact names claims that exist and quotes each, in both languages',
    (_, lesson) => {
      const facts = lesson.steps.flatMap((s) => s.facts ?? []);
      expect(facts.length).toBeGreaterThan(0);
      for (const fact of facts) {
        expect(fact.claims.length).toBeGreaterThan(0);
        for (const id of fact.claims) {
          const claim = claimOf(fact.preset, id);
          expect(claim, `${fact.preset}/${id}`).toBeDefined();
          for (const lang of LANGS) {
            // A fact may open its sentence with the quote: its first letter capitalised.
            const text = lessonText(fact.text, lang, PRESETS[fact.preset].config).toLowerCase();
            expect(text, `${id} (${lang})`).toContain(claim!.quote[lang].toLowerCase());
          }
        }
      }
    },
  );

  it.each(lessons)(
    '%s: each prediction has 2–4 answers, and the right one is the claim its reveal states',
    (_, lesson) => {
      const predictions = lesson.steps.flatMap((s, i) => (s.kind === 'predict' ? [[s, i + 1] as const] : []));
      expect(predictions.length).toBeGreaterThan(0);
      for (const [step, number] of predictions) {
        expect(step.choices.length).toBeGreaterThanOrEqual(2);
        expect(step.choices.length).toBeLessThanOrEqual(4);
        expect(step.right).toBeGreaterThanOrEqual(0);
        expect(step.right).toBeLessThan(step.choices.length);
        expect(claimOf(step.preset, step.claim), `${step.preset}/${step.claim}`).toBeDefined();
        const reveals = lesson.steps.filter((s) => s.kind === 'reveal' && s.answers === number);
        expect(reveals, `a reveal answers step ${number}`).toHaveLength(1);
        const stated = reveals[0].facts?.filter((f) => f.preset === step.preset).flatMap((f) => f.claims);
        expect(stated, `the reveal of step ${number} states ${step.claim}`).toContain(step.claim);
      }
    },
  );

  it.each(lessons)('%s: every reveal answers an earlier prediction and states a fact', (_, lesson) => {
    lesson.steps.forEach((step, i) => {
      if (step.kind !== 'reveal') return;
      expect(step.answers).toBeLessThan(i + 1);
      expect(lesson.steps[step.answers - 1]?.kind).toBe('predict');
      expect(step.facts?.length).toBeGreaterThan(0);
    });
  });
});

describe('a lesson is the story as steps', () => {
  it.each(lessons)('%s: asks first, then a prediction, a run, the evidence and the answer', (_, lesson) => {
    const kinds = lesson.steps.map((s) => s.kind);
    expect(kinds[0]).toBe('ask');
    const first = (k: LessonStep['kind']) => kinds.indexOf(k);
    expect(first('predict')).toBeLessThan(first('run'));
    expect(first('run')).toBeLessThan(first('look'));
    expect(first('look')).toBeLessThan(first('reveal'));
    expect(lesson.steps.length).toBeLessThanOrEqual(LESSON_STEP_LIMIT.max);
  });

  it.each(lessons)('%s: every text is there in both languages, its figures filled', (_, lesson) => {
    for (const lang of LANGS) expect(lesson.title[lang].length).toBeGreaterThan(0);
    for (const step of lesson.steps) {
      for (const text of textsOf(step)) {
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text, 'no figure left unfilled').not.toMatch(/\{\w+\}/);
      }
    }
  });

  it.each(lessons)('%s: uses only its own stories, and every look step opens a story’s view', (_, lesson) => {
    const used = lesson.steps.flatMap((s) => [
      s.preset,
      ...(s.facts ?? []).map((f) => f.preset),
      ...(s.kind === 'run' ? s.runs.map((r) => r.preset) : []),
    ]);
    expect(used.filter((p) => !lesson.presets.includes(p))).toEqual([]);
    for (const step of lesson.steps)
      if (step.kind === 'look') expect(PRESETS[step.preset].look).toBeDefined();
  });

  it('a run trains its preset’s config, or the claim’s variant of it, and each is valid', () => {
    const runs = Object.values(LESSONS).flatMap((l) =>
      l.steps.flatMap((s) => (s.kind === 'run' ? s.runs : [])),
    );
    for (const run of runs) {
      const config = lessonRunConfig(run);
      expect(validateConfig(config).ok).toBe(true);
      if (!run.variant) expect(config).toEqual(PRESETS[run.preset].config);
    }
    // Why an LSTM compares the three layer types, at the preset's seed.
    const why = LESSONS.memory.steps.find((s) => s.kind === 'run' && s.preset === 'why-lstm');
    const cells = why?.kind === 'run' ? why.runs.map((r) => lessonRunConfig(r).cell) : [];
    expect(cells.sort()).toEqual(['gru', 'lstm', 'simple_rnn']);
    expect(() =>
      lessonRunConfig({
        preset: 'overfit',
        variant: { claim: 'nope', name: 'x' },
        label: LESSONS.memory.title,
      }),
    ).toThrow();
  });

  it('each story with a lesson opens that one lesson; the seed article and attention have none', () => {
    expect(PRESET_NAMES.map((p) => [p, lessonOfPreset(p)])).toEqual([
      ['overfit', 'overfitting'],
      ['dropout', 'overfitting'],
      ['l2', 'overfitting'],
      ['early-stopping', 'overfitting'],
      ['long-range', 'memory'],
      ['why-lstm', 'memory'],
      ['attention', null],
      ['sentiment', 'word-order'],
      ['which-words', null],
      ['keras-seed', null],
      ['translation', 'translation'],
    ]);
    const all = Object.values(LESSONS).flatMap((l) => l.presets);
    expect(new Set(all).size).toBe(all.length);
  });

  it('fills the figures from the config: steps, carry and epochs', () => {
    const text = { en: '{steps} steps, {carry} carried, {epochs} epochs, {other}', 'zh-CN': '{steps}' };
    expect(lessonText(text, 'en', PRESETS['why-lstm'].config)).toBe(
      '50 steps, 25 carried, 20 epochs, {other}',
    );
    expect(lessonText(text, 'zh-CN', PRESETS['long-range'].config)).toBe('100');
  });

  it('shows only the panels a step needs: the loss chart to run, the inside views for the evidence', () => {
    const { steps } = LESSONS.overfitting;
    expect(steps.map(lessonPanels)).toEqual([
      [],
      [],
      ['loss'],
      ['inside'],
      ['loss'],
      [],
      ['loss', 'compare'],
      ['compare'],
    ]);
  });
});

describe('keys in lesson mode', () => {
  it('clickers and slides keys go on and back; Escape leaves; others do nothing', () => {
    expect(['ArrowRight', 'PageDown', ' '].map(lessonKeyMove)).toEqual(['next', 'next', 'next']);
    expect(['ArrowLeft', 'PageUp'].map(lessonKeyMove)).toEqual(['back', 'back']);
    expect(lessonKeyMove('Escape')).toBe('leave');
    expect(['Enter', 'a', 'ArrowUp', 'Tab'].map(lessonKeyMove)).toEqual([null, null, null, null]);
  });
});

describe('each lesson’s steps, as a teacher clicks through them', () => {
  const stated = (lesson: (typeof LESSONS)[keyof typeof LESSONS]) =>
    lesson.steps.map((s) => (s.facts ?? []).flatMap((f) => f.claims));
  const trained = (lesson: (typeof LESSONS)[keyof typeof LESSONS]) =>
    lesson.steps.flatMap((s) => (s.kind === 'run' ? [s.runs.map((r) => r.variant?.name ?? r.preset)] : []));

  it('memory: why an LSTM (three cells compared), then the adding problem inside', () => {
    const { steps } = LESSONS.memory;
    expect(steps.map((s) => s.kind)).toEqual([
      'ask',
      'predict',
      'run',
      'look',
      'reveal',
      'predict',
      'run',
      'look',
      'reveal',
    ]);
    expect(steps.map(lessonPanels)).toEqual([
      [],
      [],
      ['loss', 'compare'],
      ['inside'],
      ['compare'],
      [],
      ['loss'],
      ['inside'],
      ['inside'],
    ]);
    expect(trained(LESSONS.memory)).toEqual([['why-lstm', 'gru', 'rnn'], ['long-range']]);
    expect(stated(LESSONS.memory)).toEqual([
      ['carried-25-steps'],
      [],
      [],
      [],
      ['rnn-guesses-mean', 'gated-cells-solve', 'rnn-gradient-vanishes'],
      [],
      [],
      [],
      ['plateau-then-drop', 'forget-gate-latch', 'c-holds-first', 'gradient-reaches-back'],
    ]);
  });

  it('word order: one run, then the words’ view answers both predictions', () => {
    const { steps } = LESSONS['word-order'];
    expect(steps.map((s) => s.kind)).toEqual([
      'ask',
      'predict',
      'run',
      'look',
      'reveal',
      'predict',
      'reveal',
    ]);
    expect(steps.map(lessonPanels)).toEqual([[], [], ['loss'], ['inside'], ['inside'], [], ['inside']]);
    expect(trained(LESSONS['word-order'])).toEqual([['sentiment']]);
    expect(stated(LESSONS['word-order'])).toEqual([[], [], [], [], ['not-flips'], [], ['reads-in-order']]);
  });

  it('translation: one run, then the matrix answers where the year and the month look', () => {
    const { steps } = LESSONS.translation;
    expect(steps.map((s) => s.kind)).toEqual([
      'ask',
      'predict',
      'run',
      'look',
      'reveal',
      'predict',
      'reveal',
    ]);
    expect(steps.map(lessonPanels)).toEqual([[], [], ['loss'], ['inside'], ['inside'], [], ['inside']]);
    expect(trained(LESSONS.translation)).toEqual([['translation']]);
    expect(stated(LESSONS.translation)).toEqual([
      [],
      [],
      [],
      [],
      ['translation-exact-match', 'year-looks-at-year'],
      [],
      ['month-looks-at-month'],
    ]);
  });

  it('overfitting: the run with no remedy, then the three remedies beside it', () => {
    expect(trained(LESSONS.overfitting)).toEqual([
      ['overfit'],
      ['dropout', 'l2', 'early-stopping', 'overfit'],
    ]);
    expect(stated(LESSONS.overfitting)).toEqual([
      [],
      [],
      [],
      [],
      ['curves-part', 'units-jumpier'],
      [],
      [],
      ['train-noisier-higher', 'val-lower', 'val-climbs-less', 'stops-restores'],
    ]);
  });

  it('a run naming a claim without that variant is refused, saying which', () => {
    // A claim that does not exist, and one that exists but compares with no variant.
    const label = LESSONS.memory.title;
    expect(() =>
      lessonRunConfig({ preset: 'overfit', variant: { claim: 'nope', name: 'x' }, label }),
    ).toThrow('lesson run: no variant x of claim nope');
    expect(() =>
      lessonRunConfig({ preset: 'overfit', variant: { claim: 'curves-part', name: 'x' }, label }),
    ).toThrow('lesson run: no variant x of claim curves-part');
    expect(() =>
      lessonRunConfig({ preset: 'l2', variant: { claim: 'too-much-underfits', name: 'overfit' }, label }),
    ).toThrow('lesson run: no variant overfit of claim too-much-underfits');
    expect(
      lessonRunConfig({ preset: 'l2', variant: { claim: 'too-much-underfits', name: 'larger' }, label }).l2,
    ).toBe(0.03);
  });
});
