import {
  type CSSProperties,
  type KeyboardEvent,
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { DatasetSummary } from '../../data/types';
import type { ProbeLayer, ProbeQuantity } from '../../engine/contracts/probe';
import type { InsideProbe } from '../../engine/host/inside';
import type { CellType } from '../../model/config';
import { usePlayground } from '../../state/store';
import { cellEquations, fmt4 } from '../../view/cellEquations';
import { HEATMAPS, layerWidth, readoutAt, valueAt } from '../../view/insideView';
import { LATCH_F, latchUnits } from '../../view/storyEvidence';
import { useElementSize } from '../useElementSize';
import { useT } from '../useT';
import { CellDiagram } from './CellDiagram';
import { Equation } from './Equation';
import { type Cell, Heatmap } from './Heatmap';
import { InputLegend, InputStrip } from './InputStrip';

interface GatesViewProps {
  probe: InsideProbe;
  dataset: DatasetSummary;
  layer: number;
  /** The pinned cell: the unit is the link's, the step the store's. */
  unit: number;
  step: number;
}

/**
 * Columns beside the drawings: the quantity's name on the left, its legend on the right; narrower
 * on a phone, where every pixel they keep is taken from the heatmaps.
 */
const columnsFor = (width: number) => (width < 520 ? { name: 64, legend: 72 } : { name: 112, legend: 84 });

/**
 * Heatmaps of every gate and state of one layer (units × steps) under the window's input, the
 * target at the end, and the readout of one cell: its step's equations with its numbers and the
 * cell diagram. The pointer shows a cell while it hovers; a click or the keyboard pins it (the
 * pinned unit goes into the link), and the keyboard's moves are announced to screen readers.
 */
export const GatesView = memo(function GatesView(props: GatesViewProps) {
  const t = useT();
  const { probe, dataset } = props;
  const cursor = useMemo(() => ({ unit: props.unit, t: props.step }), [props.unit, props.step]);
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const [hover, setHover] = useState<Cell | null>(null);
  const readoutShown = useShownAfterFirstTask();
  const activations = probe.activations;
  const layer = activations.layers[props.layer];
  const steps = activations.steps;
  const rows = layerWidth(layer);
  // The group's padding and border (12) and the two column gaps (16) beside the name and legend.
  const columns = columnsFor(width);
  const plotWidth = Math.max(80, width - columns.name - columns.legend - 28);
  const height = Math.min(96, Math.max(36, rows * 4));
  const quantities = HEATMAPS[activations.cell];
  const shown = hover ?? cursor;
  const { latch, outline } = useLatch(dataset, probe, props.layer);
  const keys = useHeatmapKeys(layer, quantities, cursor, rows, steps);
  return (
    <div className="gates-view" ref={box}>
      <div
        className="heatmap-group"
        style={
          { '--name-width': `${columns.name}px`, '--legend-width': `${columns.legend}px` } as CSSProperties
        }
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the heatmaps are one control, moved with the arrow keys
        tabIndex={0}
        role="application"
        aria-roledescription="heatmaps"
        aria-label={t('insideHeatmaps')}
        onKeyDown={keys.onKeyDown}
        data-testid="heatmaps"
      >
        <div className="heatmap-row">
          <div className="heatmap-name">{t('insideInput')}</div>
          <InputStrip
            probe={probe}
            features={dataset.features}
            featureNames={dataset.featureNames}
            width={plotWidth}
            cursorT={shown.t}
          />
          <TargetNote probe={probe} dataset={dataset} />
        </div>
        {!probe.words && (
          <div className="heatmap-row">
            <InputLegend features={dataset.features} featureNames={dataset.featureNames} />
          </div>
        )}
        {quantities.map((q) => (
          <Heatmap
            key={q}
            layer={layer}
            q={q}
            steps={steps}
            width={plotWidth}
            height={height}
            cursor={shown}
            onPoint={setHover}
            onPick={keys.pick}
            outline={q === 'f' ? outline : null}
          />
        ))}
        <p className="note">{t('insideHeatmaps')}</p>
        {latch && <LatchNote latch={latch} />}
      </div>
      {readoutShown && <StepReadout cell={activations.cell} layer={layer} shown={shown} steps={steps} />}
      <div className="sr-only" aria-live="polite" data-testid="inside-announce">
        {keys.announcement}
      </div>
    </div>
  );
});

/**
 * The adding problem's evidence: the units whose forget gate holds between the two markers, and
 * the stretch of their rows the forget gate's heatmap outlines.
 */
function useLatch(dataset: DatasetSummary, probe: InsideProbe, layer: number) {
  const latch = useMemo(
    () => (dataset.name === 'adding' ? latchUnits(probe.activations, probe.input, layer) : null),
    [dataset.name, probe.activations, probe.input, layer],
  );
  const outline =
    latch && latch.units.length > 0 ? { units: latch.units, from: latch.first + 1, to: latch.second } : null;
  return { latch, outline };
}

/**
 * True a task after the first render. The readout (equations and diagram) mounts a task after the
 * heatmaps: mounting all at once made the one task that shows the first probe the longest on the page.
 */
function useShownAfterFirstTask() {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return shown;
}

/**
 * The heatmaps' keyboard: arrows, Page Up/Down and Home/End move the pinned cell (into the store),
 * and each move is described for the live region.
 */
function useHeatmapKeys(
  layer: ProbeLayer,
  quantities: readonly ProbeQuantity[],
  cursor: Cell,
  rows: number,
  steps: number,
) {
  const t = useT();
  const [announcement, setAnnouncement] = useState('');
  const describeCell = (c: Cell) =>
    `${t('insideCell', { unit: c.unit, t: c.t })}: ${quantities
      .map((q) => `${q === 'hh' ? 'h̃' : q} ${fmt4(valueAt(layer, q, c.unit, c.t))}`)
      .join(', ')}`;
  const pick = useCallback((next: Cell) => {
    const { inside, setInside, setInsideStep } = usePlayground.getState();
    setInsideStep(next.t);
    if (inside && inside.unit !== next.unit) setInside({ ...inside, unit: next.unit });
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const d = keyMoves(steps)[e.key];
    if (!d) return;
    e.preventDefault();
    const next = {
      unit: Math.min(rows - 1, Math.max(0, cursor.unit + d[0])),
      t: Math.min(steps - 1, Math.max(0, cursor.t + d[1])),
    };
    pick(next);
    setAnnouncement(describeCell(next));
  };
  return { announcement, pick, onKeyDown };
}

/** Each key's move, as [units, steps]. */
const keyMoves = (steps: number): Record<string, [number, number]> => ({
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  PageUp: [-10, 0],
  PageDown: [10, 0],
  Home: [0, -steps],
  End: [0, steps],
});

/** The adding problem's evidence in words: which units latch between the two marked steps, or none. */
function LatchNote({ latch }: { latch: NonNullable<ReturnType<typeof latchUnits>> }) {
  const t = useT();
  return (
    <p
      className="note latch-note"
      data-testid="latch-note"
      data-units={latch.units.join(',')}
      data-first={latch.first}
      data-second={latch.second}
    >
      {latch.units.length > 0
        ? t('insideLatch', {
            units: latch.units.join(', '),
            first: latch.first,
            second: latch.second,
            f: LATCH_F,
          })
        : t('insideNoLatch', { first: latch.first, second: latch.second, f: LATCH_F })}
    </p>
  );
}

interface StepReadoutProps {
  cell: CellType;
  layer: ProbeLayer;
  shown: Cell;
  steps: number;
}

/** The shown cell's step: the cell diagram with its numbers, then its equations. */
function StepReadout({ cell, layer, shown, steps }: StepReadoutProps) {
  const t = useT();
  const lines = useMemo(
    () => cellEquations({ cell, layer, unit: shown.unit, t: shown.t, steps }),
    [cell, layer, shown.unit, shown.t, steps],
  );
  return (
    <div className="step-readout" data-testid="step-readout" data-unit={shown.unit} data-t={shown.t}>
      <p className="readout-title">{t('insideCell', { unit: shown.unit, t: shown.t })}</p>
      <CellDiagram cell={cell} layer={layer} unit={shown.unit} t={shown.t} steps={steps} />
      <ol className="equations" data-testid="equations">
        {lines.map((l) => (
          <li
            key={l.id}
            className="equation"
            data-testid={`equation-${l.id}`}
            data-numbers={l.numbers.join(',')}
          >
            <Equation line={l} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The window's target, and what the model answers after its last step. */
function TargetNote({ probe, dataset }: { probe: InsideProbe; dataset: DatasetSummary }) {
  const t = useT();
  const K = dataset.outputs;
  const steps = probe.activations.steps;
  const last = readoutAt(probe, steps - 1, K);
  if (dataset.task === 'regression') {
    return (
      <div className="strip-target" data-testid="strip-target">
        {t('insideTarget', { value: fmt4(probe.target[0]) })}
        {last && <br />}
        {last && t('insidePredicted', { value: fmt4(last.value) })}
      </div>
    );
  }
  const label = probe.target.indexOf(Math.max(...probe.target));
  const name = (k: number) => dataset.classNames?.[k] ?? String(k);
  return (
    <div className="strip-target" data-testid="strip-target">
      {t('insideLabel', { label: name(label) })}
      {last && <br />}
      {last && t('insidePredicted', { value: `${name(last.best)} (${last.value.toFixed(2)})` })}
    </div>
  );
}
