import { useCallback, useEffect, useRef } from 'react';
import type { LessonLink } from '../../link/urlKeys';
import { usePlayground } from '../../state/store';
import { openStoryView } from '../../state/storyView';
import { LESSONS, type LessonMove, lessonPanels, stepText } from '../../view/lessons';
import { BackendBadge } from '../BackendBadge';
import { useT } from '../useT';
import { LessonPanels } from './LessonPanels';
import { LessonAnswer, LessonChoices, LessonFacts, LessonRuns } from './LessonStepParts';
import { TEACH_BUTTON_ID } from './lessonIds';
import { useLessonKeys } from './useLessonKeys';

/**
 * Lesson mode: one step of a lesson at a time, in large type for a projector, with only the
 * panels that step needs. The step is a labelled region; a step change is announced and moves the
 * focus to its heading; the step lives in the link, so a reload returns to it.
 */
export function LessonMode({ link }: { link: LessonLink }) {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const { setLessonStep, clampLessonStep } = usePlayground.getState();
  const lesson = LESSONS[link.name];
  const count = lesson.steps.length;
  const number = Math.min(link.step, count);
  const step = lesson.steps[number - 1];
  const panels = lessonPanels(step);
  const heading = useRef<HTMLHeadingElement>(null);

  useLessonMode(link, count, clampLessonStep);
  useEffect(() => {
    heading.current?.focus();
    // The evidence: the view its story opens, when the step shows it and it is not open yet.
    const shows = lessonPanels(step).includes('inside');
    if (shows && (step.kind === 'look' || !usePlayground.getState().inside)) void openStoryView(step.preset);
  }, [step]);

  const move = useCallback(
    (to: LessonMove) => {
      if (to === 'leave') return leaveLesson();
      const next = number + (to === 'next' ? 1 : -1);
      if (next >= 1 && next <= count) setLessonStep(next);
    },
    [number, count, setLessonStep],
  );
  useLessonKeys(move);

  const progress = t('lessonStepOf', { step: number, steps: count });
  const title = stepText(step, step.title, lang);
  return (
    <div className="lesson" data-testid="lesson" data-lesson={link.name} data-step={number}>
      <header className="lesson-bar">
        <p className="lesson-name">{lesson.title[lang]}</p>
        <p className="lesson-progress" data-testid="lesson-progress">
          {progress}
        </p>
        <progress className="lesson-meter" max={count} value={number} aria-hidden="true" />
        <BackendBadge />
        <button type="button" data-testid="lesson-leave" onClick={() => move('leave')}>
          {t('lessonLeave')}
        </button>
      </header>
      <p className="sr-only" aria-live="polite" data-testid="lesson-announce">
        {t('lessonAnnounce', { progress, title })}
      </p>
      <div className={`lesson-stage${panels.length > 0 ? ' with-panels' : ''}`}>
        <section
          className="lesson-step"
          aria-labelledby="lesson-step-title"
          data-testid="lesson-step"
          data-kind={step.kind}
        >
          <h1 id="lesson-step-title" ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {step.kind === 'predict' ? (
            <LessonChoices step={step} number={number} />
          ) : (
            <p className="lesson-body">{stepText(step, step.body, lang)}</p>
          )}
          {step.kind === 'reveal' && <LessonAnswer lesson={lesson} step={step} />}
          <LessonFacts step={step} />
          {step.kind === 'run' && <LessonRuns step={step} />}
        </section>
        <LessonPanels panels={panels} />
      </div>
      <LessonNav number={number} count={count} move={move} />
    </div>
  );
}

/** Back and Next, with the keys that do the same. */
function LessonNav({ number, count, move }: { number: number; count: number; move(to: LessonMove): void }) {
  const t = useT();
  return (
    <nav className="lesson-nav" aria-label={t('lessonNav')}>
      <button type="button" data-testid="lesson-back" disabled={number <= 1} onClick={() => move('back')}>
        <span aria-hidden="true">← </span>
        {t('lessonBack')}
      </button>
      <span className="note lesson-keys">{t('lessonKeys')}</span>
      <button
        type="button"
        className="primary"
        data-testid="lesson-next"
        disabled={number >= count}
        onClick={() => move('next')}
      >
        {t('lessonNext')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}

/** Back on the page, the focus goes where the lesson was opened: its story's button. */
function leaveLesson() {
  usePlayground.getState().leaveLesson();
  requestAnimationFrame(() => document.getElementById(TEACH_BUTTON_ID)?.focus());
}

/** The page in lesson mode: large type on the root (the CSS's `in-lesson`), the step in range. */
function useLessonMode(link: LessonLink, count: number, clamp: (count: number) => void) {
  useEffect(() => {
    document.documentElement.classList.add('in-lesson');
    return () => document.documentElement.classList.remove('in-lesson');
  }, []);
  useEffect(() => {
    if (link.step > count) clamp(count);
  }, [link.step, count, clamp]);
}
