import { memo, useState } from 'react';
import type { DatasetSummary } from '../../data/types';
import type { InsideProbe, SentenceProbe } from '../../engine/host/inside';
import { askSentence } from '../../state/sentenceClient';
import { usePlayground } from '../../state/store';
import { showWindowWithWords, type WindowSearch } from '../../state/storyView';
import { percent, weightColors } from '../../view/attentionView';
import { gradientCss } from '../../view/colorScales';
import { beliefAt } from '../../view/wordColors';
import { useT } from '../useT';

/** A word in the model's colour after it, its belief under it. */
function Word(props: {
  word: string;
  readout: Float32Array;
  t: number;
  dataset: DatasetSummary;
  mark?: string;
}) {
  const t = useT();
  const K = props.dataset.outputs;
  const b = beliefAt(props.readout, K, props.t);
  const label = props.dataset.classNames?.[b.best] ?? String(b.best);
  return (
    <span
      className={props.mark ? 'word marked' : 'word'}
      style={{ background: b.background, color: b.ink }}
      title={props.mark}
      data-testid="word"
      data-p={b.p}
    >
      {props.word}
      {props.mark && <sup aria-hidden="true">?</sup>}
      <small>{t('wordsProbability', { label, p: b.p.toFixed(2) })}</small>
      {props.mark && <span className="sr-only">{props.mark}</span>}
    </span>
  );
}

function WordScale({ dataset }: { dataset: DatasetSummary }) {
  if (dataset.outputs !== 2) return null;
  const [a, b] = dataset.classNames ?? ['0', '1'];
  return (
    <div className="word-scale" aria-hidden="true">
      <span>{a}</span>
      <span className="legend-bar" style={{ background: gradientCss('diverging') }} />
      <span>{b}</span>
    </div>
  );
}

/**
 * Text, word by word: the probed validation example's words, each coloured by the prediction
 * after reading it, and one's own sentence through the current weights (in the worker). Words the
 * vocabulary lacks are marked, never dropped silently; a refused sentence keeps the last answer.
 */
export const WordsView = memo(function WordsView(props: { probe: InsideProbe; dataset: DatasetSummary }) {
  const t = useT();
  const { probe, dataset } = props;
  const readout = probe.activations.readout;
  if (!dataset.text) return <p className="note">{t('wordsNotText')}</p>;
  if (dataset.target)
    return (
      <p className="note" data-testid="words-translation">
        {t('wordsTranslation')}
      </p>
    );
  // With attention the head reads the context: no belief per word, but one's sentence still reads.
  if (!readout && probe.activations.attention)
    return (
      <div className="words-view" data-testid="words-view">
        <p className="note" data-testid="words-attention">
          {t('wordsAttention')}
        </p>
        <WindowFinder />
        <SentenceBox dataset={dataset} />
      </div>
    );
  if (!readout) return <p className="note">{t('wordsBidirectional')}</p>;
  return (
    <div className="words-view" data-testid="words-view">
      <p className="note">{t('wordsHint')}</p>
      <WindowFinder />
      <WordScale dataset={dataset} />
      <p className="words" data-testid="window-words">
        {probe.words?.map((word, step) =>
          word === null ? null : (
            <Word
              // biome-ignore lint/suspicious/noArrayIndexKey: a word is its step
              key={step}
              word={word}
              readout={readout}
              t={step}
              dataset={dataset}
            />
          ),
        )}
      </p>
      <SentenceBox dataset={dataset} />
    </div>
  );
});

/** Finds a validation example by its words and opens the views on it. */
function WindowFinder() {
  const t = useT();
  const [phrase, setPhrase] = useState('');
  const [result, setResult] = useState<WindowSearch | null>(null);
  const [working, setWorking] = useState(false);
  return (
    <form
      className="window-finder"
      onSubmit={(e) => {
        e.preventDefault();
        if (phrase.trim() === '') return;
        setWorking(true);
        void showWindowWithWords(phrase).then((found) => {
          setResult(found);
          setWorking(false);
        });
      }}
    >
      <label className="window-finder-label">
        {t('wordsFindLabel')}
        <input
          type="search"
          value={phrase}
          maxLength={200}
          data-testid="window-find-input"
          onChange={(e) => setPhrase(e.target.value)}
        />
      </label>
      <button type="submit" disabled={working} data-testid="window-find-run">
        {t('wordsFindRun')}
      </button>
      <p className="note" aria-live="polite" data-testid="window-find-result">
        {result?.found === true && t('wordsFindFound', { window: result.window, phrase: result.phrase })}
        {result?.found === false &&
          (result.reason === 'noMatch'
            ? t('wordsFindMissing', { phrase: result.phrase })
            : t('wordsFindFailed', {
                reason: t(result.reason === 'notText' ? 'wordsNotText' : 'sentenceFailed'),
              }))}
      </p>
    </form>
  );
}

function SentenceBox({ dataset }: { dataset: DatasetSummary }) {
  const t = useT();
  const [text, setText] = useState('not bad at all');
  const sentence = usePlayground((s) => s.sentence);
  return (
    <form
      className="sentence-box"
      onSubmit={(e) => {
        e.preventDefault();
        void askSentence(text);
      }}
    >
      <h3>{t('sentenceTitle')}</h3>
      <label>
        {t('sentenceLabel')}
        <textarea
          value={text}
          rows={2}
          data-testid="sentence-input"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit" disabled={sentence?.working} data-testid="sentence-run">
        {sentence?.working ? t('sentenceWorking') : t('sentenceRun')}
      </button>
      {sentence?.refusal && (
        <p className="notice warning" role="alert" data-testid="sentence-refusal">
          {t(sentence.refusal.key as 'sentenceEmpty', sentence.refusal.vars)}
        </p>
      )}
      {sentence?.answer && <SentenceWords answer={sentence.answer} dataset={dataset} />}
    </form>
  );
}

function SentenceWords({ answer, dataset }: { answer: SentenceProbe; dataset: DatasetSummary }) {
  const t = useT();
  const { readout, alpha } = answer;
  const unk = dataset.featureNames.includes('<unk>');
  const top = alpha ? Math.max(...alpha) : 1;
  return (
    <div aria-live="polite">
      <p className="words" data-testid="sentence-words">
        {answer.tokens
          .map((word, at) => ({ ...word, at }))
          .map((token) => {
            const mark = !token.known ? (unk ? t('sentenceUnknown') : t('sentenceSkipped')) : undefined;
            if (token.step !== null && !readout && alpha) {
              const c = weightColors(alpha[token.step], top);
              return (
                <span
                  key={token.at}
                  className={mark ? 'word marked' : 'word'}
                  style={{ background: c.background, color: c.ink }}
                  title={mark}
                  data-testid="sentence-attention-word"
                  data-alpha={alpha[token.step]}
                >
                  {token.word}
                  <small>{percent(alpha[token.step])}</small>
                  {mark && <span className="sr-only">{mark}</span>}
                </span>
              );
            }
            if (token.step === null || !readout) {
              const why = mark ?? t('sentenceCut', { t: dataset.timesteps });
              return (
                <span key={token.at} className="word unread marked" title={why} data-testid="word-unread">
                  {token.word}
                  <sup aria-hidden="true">?</sup>
                  <span className="sr-only">{why}</span>
                </span>
              );
            }
            return (
              <Word
                key={token.at}
                word={token.word}
                readout={readout}
                t={token.step}
                dataset={dataset}
                mark={mark}
              />
            );
          })}
      </p>
      {!readout && alpha && <p className="note">{t('sentenceAttention')}</p>}
      <p className="note">{t('sentenceEpoch', { epoch: answer.epoch })}</p>
    </div>
  );
}
