import { usePlayground } from '../../state/store';
import { openStoryView } from '../../state/storyView';
import {
  type Lesson,
  type LessonStep,
  lessonRunConfig,
  type PredictStep,
  type RevealStep,
  type RunStep,
  stepText,
} from '../../view/lessons';
import { useT } from '../useT';

/** The class's prediction: one of 2–4 answers, picked on screen and kept while the lesson goes on. */
export function LessonChoices({ step, number }: { step: PredictStep; number: number }) {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const picked = usePlayground((s) => s.lessonPicks[number]);
  const pick = usePlayground((s) => s.pickLessonChoice);
  return (
    <fieldset className="lesson-choices" data-testid="lesson-choices">
      <legend className="lesson-body">{stepText(step, step.body, lang)}</legend>
      {step.choices.map((choice, i) => (
        <label key={choice.en} className="lesson-choice" data-testid={`lesson-choice-${i}`}>
          <input
            type="radio"
            name={`lesson-pick-${number}`}
            checked={picked === i}
            onChange={() => pick(number, i)}
          />
          <span>{stepText(step, choice, lang)}</span>
        </label>
      ))}
      <p className="note" aria-live="polite" data-testid="lesson-picked">
        {picked === undefined ? '' : t('lessonPicked')}
      </p>
    </fieldset>
  );
}

/** The step's runs, trained in the lesson itself: each button loads its config and trains it. */
export function LessonRuns({ step }: { step: RunStep }) {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const train = usePlayground((s) => s.trainLessonRun);
  return (
    <fieldset className="lesson-runs">
      <legend className="sr-only">{t('lessonRuns')}</legend>
      {step.runs.map((run, i) => (
        <button
          key={run.label.en}
          type="button"
          className={i === 0 ? 'primary' : undefined}
          data-testid={`lesson-run-${i}`}
          onClick={() => {
            train(run.preset, lessonRunConfig(run));
            // The evidence view open while it trains: some views (the gradient through time) fill
            // in only from epochs trained with them open.
            void openStoryView(run.preset);
          }}
        >
          <span aria-hidden="true">▶</span> {stepText(step, run.label, lang)}
        </button>
      ))}
    </fieldset>
  );
}

/** The class's prediction beside the right answer. */
export function LessonAnswer({ lesson, step }: { lesson: Lesson; step: RevealStep }) {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const picked = usePlayground((s) => s.lessonPicks[step.answers]);
  const asked = lesson.steps[step.answers - 1];
  if (asked?.kind !== 'predict') return null;
  const choice = (i: number) => stepText(asked, asked.choices[i], lang);
  const right = picked === asked.right;
  return (
    <div
      className="lesson-answer"
      data-testid="lesson-answer"
      data-right={picked === undefined ? 'none' : String(right)}
    >
      <p>
        {picked === undefined
          ? t('lessonNoPick', { step: step.answers })
          : t('lessonYourPick', { choice: choice(picked) })}{' '}
        {picked !== undefined && <strong>{t(right ? 'lessonRight' : 'lessonWrong')}</strong>}
      </p>
      <p className="lesson-right-answer">
        <span aria-hidden="true">✓ </span>
        {t('lessonAnswer', { choice: choice(asked.right) })}
      </p>
    </div>
  );
}

/** What the step states as measured: each fact in the words of a story claim that checks it. */
export function LessonFacts({ step }: { step: LessonStep }) {
  const lang = usePlayground((s) => s.lang);
  if (!step.facts?.length) return null;
  return (
    <ul className="lesson-facts" data-testid="lesson-facts">
      {step.facts.map((fact) => (
        <li key={fact.claims.join()} data-claims={fact.claims.join(' ')}>
          {stepText(step, fact.text, lang)}
        </li>
      ))}
    </ul>
  );
}
