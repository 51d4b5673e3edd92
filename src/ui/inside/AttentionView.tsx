import { type CSSProperties, type KeyboardEvent, memo, useCallback, useMemo, useRef, useState } from 'react';
import type { DatasetSummary } from '../../data/types';
import type { InsideProbe } from '../../engine/host/inside';
import type { Translate } from '../../i18n';
import { usePlayground } from '../../state/store';
import type { FirstAttention } from '../../state/workerMessages';
import {
  type AttentionStep,
  alphaTop,
  attentionSteps,
  firstFor,
  percent,
  attentionRowName as rowName,
  weightOn,
} from '../../view/attentionView';
import { fmt4 } from '../../view/cellEquations';
import { insideMarkers } from '../../view/insideInput';
import { useElementSize } from '../useElementSize';
import { useT } from '../useT';
import { AttentionStrip } from './AttentionStrip';
import { AttentionTable } from './AttentionTable';
import { AttentionWords } from './AttentionWords';
import { InputStrip } from './InputStrip';

/** Name and legend columns as the gates view's (narrower on a phone), so the strips line up alike. */
const columnsFor = (width: number) => (width < 520 ? { name: 64, legend: 56 } : { name: 112, legend: 72 });
const STRIP_HEIGHT = 52;

/** The step's input in words: the word, or each feature's value (the first four). */
function inputOf(probe: InsideProbe, dataset: DatasetSummary, t: number, padding: string): string {
  if (probe.words) return probe.words[t] ?? padding;
  const F = dataset.features;
  return Array.from({ length: Math.min(F, 4) }, (_, f) => {
    const name = dataset.featureNames[f] ?? `x${f + 1}`;
    return `${name} ${fmt4(probe.input[t * F + f])}`;
  }).join(', ');
}

/** One step's numbers as one line (the readout, the slider's value text). */
function describeStep(s: AttentionStep, input: string, first: FirstAttention | null, t: Translate): string {
  const now = t('attViewNumbers', {
    t: s.t,
    input,
    score: fmt4(s.score),
    alpha: percent(s.alpha),
    share: percent(s.share),
  });
  return first && s.firstAlpha !== null
    ? `${now} ${t('attViewFirstNumber', { epoch: first.epoch, alpha: percent(s.firstAlpha) })}`
    : now;
}

/**
 * Where the attention looks (issue 22): under the window's input, in the same columns, a strip of
 * the weights α_t after the current epoch and one after the first epoch kept for this window;
 * hover, a click or the arrow keys pick a step and show its score, weight and share of the
 * context; text shades each word by its weight; the table gives every number.
 */
export const AttentionView = memo(function AttentionView(props: {
  probe: InsideProbe;
  dataset: DatasetSummary;
  attention: boolean;
  step: number;
}) {
  const t = useT();
  const { probe, dataset } = props;
  const kept = usePlayground((s) => s.firstAttention);
  const first = useMemo(() => firstFor(kept, probe), [kept, probe]);
  const steps = useMemo(() => attentionSteps(probe, first), [probe, first]);
  if (!props.attention)
    return (
      <p className="note" data-testid="attention-none">
        {t('attViewNone')}
      </p>
    );
  if (!steps || !probe.activations.attention)
    return (
      <p className="note" data-testid="attention-missing">
        {t('attViewMissing')}
      </p>
    );
  return <AttentionBody probe={probe} dataset={dataset} first={first} steps={steps} step={props.step} />;
});

interface BodyProps {
  probe: InsideProbe;
  dataset: DatasetSummary;
  first: FirstAttention | null;
  steps: AttentionStep[];
  step: number;
}

/** The strips' keyboard: arrows, Page Up/Down and Home/End move the picked step (into the store). */
const STEP_MOVES: Record<string, number> = {
  ArrowLeft: -1,
  ArrowDown: -1,
  ArrowRight: 1,
  ArrowUp: 1,
  PageUp: -10,
  PageDown: 10,
  Home: Number.NEGATIVE_INFINITY,
  End: Number.POSITIVE_INFINITY,
};

function AttentionBody({ probe, dataset, first, steps, step }: BodyProps) {
  const t = useT();
  const [hover, setHover] = useState<number | null>(null);
  const attention = probe.activations.attention!;
  const T = steps.length;
  const cursor = Math.min(Math.max(0, step), T - 1);
  const shown = steps[hover ?? cursor];
  const top = alphaTop(attention, first);
  const marked = useMemo(() => insideMarkers(probe, dataset), [probe, dataset]);
  const padding = t('attViewPadding');
  // An even spread over the steps that hold input: a text's padding is masked out of the softmax.
  const real = probe.words ? Math.max(1, probe.words.filter((w) => w !== null).length) : T;
  const textOf = (s: AttentionStep) => describeStep(s, inputOf(probe, dataset, s.t, padding), first, t);
  return (
    <div className="attention-view" data-testid="attention-view" data-score={attention.score}>
      <p className="note" data-testid="attention-hint" data-even={1 / real}>
        {t('attViewHint', { n: real, uniform: percent(1 / real) })}
      </p>
      <AttentionStrips
        probe={probe}
        dataset={dataset}
        first={first}
        top={top}
        marked={marked}
        cursor={cursor}
        shownT={shown.t}
        valueText={textOf(steps[cursor])}
        even={1 / real}
        onHover={setHover}
      />
      <p
        className="attention-readout"
        data-testid="attention-readout"
        data-t={shown.t}
        data-alpha={shown.alpha}
        data-score={shown.score}
        data-share={shown.share}
      >
        {textOf(shown)}
      </p>
      <p className="note">{t('attViewShareHow')}</p>
      {marked.length > 0 && <MarkedNote alpha={attention.alpha} first={first} marked={marked} />}
      {probe.words && <AttentionWords probe={probe} first={first} top={top} onPoint={setHover} />}
      <AttentionTable probe={probe} dataset={dataset} first={first} steps={steps} />
    </div>
  );
}

interface StripsProps {
  probe: InsideProbe;
  dataset: DatasetSummary;
  first: FirstAttention | null;
  top: number;
  marked: number[];
  /** The picked step (the store's), and the one drawn (hovered, else picked). */
  cursor: number;
  shownT: number;
  /** The picked step's numbers, as a screen reader reads the slider's value. */
  valueText: string;
  /** An even spread's weight: 1 over the steps that hold input. */
  even: number;
  onHover(t: number | null): void;
}

/**
 * The input strip, then this epoch's weights and the first epoch's, in the same columns: one
 * control (a slider over the steps) for the keyboard and screen readers, the pointer per strip.
 */
function AttentionStrips(props: StripsProps) {
  const t = useT();
  const { probe, dataset, first, top, marked, cursor } = props;
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const columns = columnsFor(width);
  const plotWidth = Math.max(80, width - columns.name - columns.legend - 28);
  const T = probe.activations.steps;
  const pick = useCallback((next: number) => usePlayground.getState().setInsideStep(next), []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(e.key in STEP_MOVES)) return;
    e.preventDefault();
    props.onHover(null);
    pick(Math.min(T - 1, Math.max(0, cursor + STEP_MOVES[e.key])));
  };
  const row = (name: string, alpha: Float32Array, testId: string, epoch: number) => (
    <div className="heatmap-row">
      <div className="heatmap-name">{name}</div>
      <AttentionStrip
        alpha={alpha}
        top={top}
        width={plotWidth}
        height={STRIP_HEIGHT}
        cursorT={props.shownT}
        even={props.even}
        marked={marked}
        testId={testId}
        epoch={epoch}
        onPoint={props.onHover}
        onPick={pick}
      />
      <StripLegend top={top} />
    </div>
  );
  return (
    <div ref={box}>
      <div
        className="heatmap-group attention-group"
        style={
          { '--name-width': `${columns.name}px`, '--legend-width': `${columns.legend}px` } as CSSProperties
        }
        role="slider"
        tabIndex={0}
        aria-label={t('attViewKeys')}
        aria-valuemin={0}
        aria-valuemax={T - 1}
        aria-valuenow={cursor}
        aria-valuetext={props.valueText}
        onKeyDown={onKeyDown}
        data-testid="attention-strips"
      >
        <div className="heatmap-row">
          <div className="heatmap-name">{t('insideInput')}</div>
          <InputStrip
            probe={probe}
            features={dataset.features}
            featureNames={dataset.featureNames}
            width={plotWidth}
            cursorT={props.shownT}
          />
          <div />
        </div>
        {row(rowName(probe, t), probe.activations.attention!.alpha, 'attention-strip-now', probe.epoch)}
        {first &&
          row(
            t('attViewRow', { epoch: first.epoch }),
            first.attention.alpha,
            'attention-strip-first',
            first.epoch,
          )}
      </div>
    </div>
  );
}

/** The strips' scale: the top weight, the bottom 0 (the bars' heights; their shade says the same). */
function StripLegend({ top }: { top: number }) {
  return (
    <div className="attention-legend" aria-hidden="true">
      <span>{percent(top)}</span>
      <span>0</span>
    </div>
  );
}

/** The adding problem's measure: how much weight the two marked steps get, against an even spread. */
function MarkedNote(props: { alpha: Float32Array; first: FirstAttention | null; marked: number[] }) {
  const t = useT();
  const now = weightOn(props.alpha, props.marked);
  const then = props.first ? weightOn(props.first.attention.alpha, props.marked) : null;
  return (
    <p className="note" data-testid="attention-marked" data-weight={now.weight} data-uniform={now.uniform}>
      {t('attViewMarked', {
        steps: props.marked.join(', '),
        weight: percent(now.weight),
        uniform: percent(now.uniform),
      })}
      {then &&
        props.first &&
        ` ${t('attViewMarkedFirst', { epoch: props.first.epoch, weight: percent(then.weight) })}`}
    </p>
  );
}
