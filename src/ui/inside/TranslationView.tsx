import { memo, useMemo, useState } from 'react';
import { wordsOfWindow } from '../../data/sentence';
import type { DatasetSummary, SequenceTarget } from '../../data/types';
import type { InsideProbe, SentenceProbe } from '../../engine/host/inside';
import type { Translate } from '../../i18n';
import { askSentence } from '../../state/sentenceClient';
import { usePlayground } from '../../state/store';
import { percent } from '../../view/attentionView';
import { gradientCss } from '../../view/colorScales';
import {
  charsOfText,
  decodeSteps,
  firstTranslationFor,
  inputString,
  type TranslationMatrix as Matrix,
  markChars,
  splitAccuracy,
  translationMatrix,
  weightText,
} from '../../view/translationView';
import { useT } from '../useT';
import { TranslationMatrix, TranslationTable } from './TranslationMatrix';

/** When the probe's weights are from, as the matrix's title says it. */
function whenOf(probe: InsideProbe, t: Translate): string {
  if (probe.steps === 0) return t('trViewInitial');
  if (probe.midEpoch) return t('trViewDuring', { epoch: probe.epoch + 1 });
  return t('trViewNow', { epoch: probe.epoch });
}

/**
 * Where a translation model looks (issue 23): for the probed validation date, the attention of
 * each output character over the input's characters after this epoch and after the first, the
 * decoded ISO date against the true one with each wrong character marked, the split's sequence and
 * character accuracy, and a box to type one's own date.
 */
export const TranslationView = memo(function TranslationView(props: {
  probe: InsideProbe;
  dataset: DatasetSummary;
}) {
  const t = useT();
  const { probe, dataset } = props;
  const target = dataset.target;
  const kept = usePlayground((s) => s.firstTranslation);
  const translation = probe.activations.translation;
  const chars = useMemo(
    () => probe.words ?? wordsOfWindow(probe.input, dataset.timesteps, dataset.featureNames),
    [probe, dataset],
  );
  if (!target)
    return (
      <p className="note" data-testid="translation-none">
        {t('trViewNone')}
      </p>
    );
  if (!translation)
    return (
      <p className="note" data-testid="translation-missing">
        {t('trViewMissing')}
      </p>
    );
  const first = firstTranslationFor(kept, probe);
  const now = translationMatrix(translation, chars, target);
  const then = first ? translationMatrix(first.translation, chars, target) : null;
  const when = whenOf(probe, t);
  return (
    <div className="translation-view" data-testid="translation-view">
      <p className="note">{t('trViewHint')}</p>
      <Accuracy />
      <Strings
        input={inputString(chars)}
        predicted={decodeSteps(translation.outputs, { ...target, steps: translation.outSteps })}
        truth={
          probe.target.length >= target.steps * target.vocabulary.length
            ? decodeSteps(probe.target, target)
            : null
        }
      />
      <div className="translation-matrices">
        <TranslationMatrix matrix={now} title={when} testId="translation-now" epoch={probe.epoch} />
        {then && first && (
          <TranslationMatrix
            matrix={then}
            title={t('trViewNow', { epoch: first.epoch })}
            testId="translation-first"
            epoch={first.epoch}
          />
        )}
      </div>
      <p className="word-scale translation-scale" aria-hidden="true">
        <span>α 0</span>
        <span className="legend-bar" style={{ background: gradientCss('sequential') }} />
        <span>1</span>
      </p>
      <PaddingNote matrix={now} />
      <TranslationTable matrix={now} caption={t('trViewMatrix', { when })} />
      <OwnDate target={target} />
    </div>
  );
});

/** The split's sequence (exact-match) and character accuracy after the last epoch. */
function Accuracy() {
  const t = useT();
  const reports = usePlayground((s) => s.reports);
  const accuracy = splitAccuracy(reports);
  if (!accuracy) return <p className="note">{t('trViewNoAccuracy')}</p>;
  return (
    <p
      className="translation-accuracy"
      data-testid="translation-accuracy"
      data-sequence={accuracy.sequence}
      data-characters={accuracy.characters}
    >
      {t('trViewAccuracy', {
        epoch: accuracy.epoch,
        sequence: percent(accuracy.sequence),
        chars: percent(accuracy.characters),
      })}
    </p>
  );
}

function PaddingNote({ matrix }: { matrix: Matrix }) {
  const t = useT();
  if (matrix.padding === 0) return null;
  return (
    <p className="note" data-testid="translation-padding" data-weight={matrix.paddingWeight}>
      {t('trViewPadding', { n: matrix.padding, weight: weightText(matrix.paddingWeight) })}
    </p>
  );
}

/** The input, the decoded string with each wrong character marked (✗ and underlined), the truth. */
function Strings({ input, predicted, truth }: { input: string; predicted: string; truth: string | null }) {
  const t = useT();
  const marks = truth === null ? null : markChars(predicted, truth);
  const wrong = marks ? marks.filter((m) => !m.right).length : 0;
  return (
    <dl className="translation-strings">
      <dt>{t('trViewInput')}</dt>
      <dd>
        <code data-testid="translation-input">{input}</code>
      </dd>
      <dt>{t('trViewPredicted')}</dt>
      <dd>
        <code data-testid="translation-predicted" data-text={predicted} data-wrong={wrong}>
          {marks
            ? marks.map((m, i) =>
                m.right ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a character is its place
                  <span key={i}>{m.char}</span>
                ) : (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: a character is its place
                    key={i}
                    className="translation-wrong"
                    title={t('trViewWrong', { truth: m.truth })}
                    data-testid="translation-wrong"
                  >
                    {m.char}
                    <span className="sr-only">{` (${t('trViewWrong', { truth: m.truth })})`}</span>
                  </span>
                ),
              )
            : predicted}
        </code>
        {marks && (
          <span className="note translation-verdict">
            {' '}
            {wrong === 0 ? t('trViewAllRight') : t('trViewSomeWrong', { n: wrong, total: marks.length })}
          </span>
        )}
      </dd>
      {truth !== null && (
        <>
          <dt>{t('trViewTruth')}</dt>
          <dd>
            <code data-testid="translation-truth">{truth}</code>
          </dd>
        </>
      )}
    </dl>
  );
}

/** The box to type one's own date: the worker encodes it as the dataset does, or refuses it by name. */
function OwnDate({ target }: { target: SequenceTarget }) {
  const t = useT();
  const [text, setText] = useState('25 March 2020');
  const sentence = usePlayground((s) => s.sentence);
  return (
    <form
      className="sentence-box translation-own"
      data-testid="translation-own"
      onSubmit={(e) => {
        e.preventDefault();
        void askSentence(text);
      }}
    >
      <h3>{t('trViewOwnTitle')}</h3>
      <label>
        {t('trViewOwnLabel')}
        <input
          type="text"
          value={text}
          maxLength={200}
          data-testid="translation-own-input"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit" disabled={sentence?.working} data-testid="translation-own-run">
        {sentence?.working ? t('trViewOwnWorking') : t('trViewOwnRun')}
      </button>
      {sentence?.refusal && (
        <p className="notice warning" role="alert" data-testid="translation-own-refusal">
          {t(sentence.refusal.key as 'sentenceEmpty', sentence.refusal.vars)}
        </p>
      )}
      {sentence?.answer?.translation && <OwnAnswer answer={sentence.answer} target={target} />}
    </form>
  );
}

function OwnAnswer({ answer, target }: { answer: SentenceProbe; target: SequenceTarget }) {
  const t = useT();
  const translation = answer.translation!;
  const matrix = translationMatrix(translation, charsOfText(answer.text, translation.inSteps), target);
  const iso = decodeSteps(translation.outputs, { ...target, steps: translation.outSteps });
  return (
    <div aria-live="polite" data-testid="translation-own-answer">
      <p className="translation-own-result">
        <code data-testid="translation-own-text">{answer.text}</code> →{' '}
        <strong data-testid="translation-own-iso">{t('trViewOwnResult', { iso })}</strong>
      </p>
      <TranslationMatrix
        matrix={matrix}
        title={answer.text}
        testId="translation-own-matrix"
        epoch={answer.epoch}
      />
      <p className="note">{t('trViewOwnEpoch', { epoch: answer.epoch })}</p>
    </div>
  );
}
