import { type KeyboardEvent, memo, type ReactNode, useDeferredValue } from 'react';
import type { InsideProbe } from '../../engine/host/inside';
import { INSIDE_DEFAULTS, INSIDE_VIEWS, type InsideLink, type InsideView } from '../../link/urlKeys';
import { usePlayground } from '../../state/store';
import { layerWidth } from '../../view/insideView';
import { KERAS_CELL_NAMES } from '../../view/modelLine';
import { NumberField, SelectField } from '../fields';
import { useT } from '../useT';
import { AttentionView } from './AttentionView';
import { GatesView } from './GatesView';
import { GradientView } from './GradientView';
import { TranslationView } from './TranslationView';
import { UnitsView } from './UnitsView';
import { WordsView } from './WordsView';

/**
 * Inside the recurrent layer, live while it trains: the gates and states of one validation window
 * (heatmaps with the step's equations), single units, the gradient through time and, for text,
 * the belief word by word. Open, it asks the worker to probe the window after each epoch; closed,
 * nothing is probed. Where it looks (view, window, layer, unit) lives in the link.
 */
export const InsidePanel = memo(function InsidePanel() {
  const t = useT();
  const inside = usePlayground((s) => s.inside);
  const setInside = usePlayground((s) => s.setInside);
  const cell = usePlayground((s) => (s.runConfig ?? s.config).cell);
  // A translation dataset opens on the Translation view (issue 23), every other one on the gates.
  const translation = usePlayground((s) => Boolean(s.dataset?.target));
  const title = t('insideTitle', { cell: KERAS_CELL_NAMES[cell] });
  if (!inside) {
    return (
      <section className="panel inside closed" aria-label={title} data-testid="inside-panel">
        <h2>{title}</h2>
        <p className="note">{t('insideIntro')}</p>
        <button
          type="button"
          data-testid="inside-open"
          onClick={() => setInside({ ...INSIDE_DEFAULTS, ...(translation ? { view: 'translation' } : {}) })}
        >
          {t('insideOpen')}
        </button>
      </section>
    );
  }
  return (
    <section className="panel inside" aria-label={title} data-testid="inside-panel" data-view={inside.view}>
      <div className="inside-head">
        <h2>{title}</h2>
        <button
          type="button"
          className="link-button"
          data-testid="inside-close"
          onClick={() => setInside(null)}
        >
          {t('insideClose')}
        </button>
      </div>
      <InsideTabs inside={inside} onView={(view) => setInside({ ...inside, view })} />
      <InsideBody inside={inside} />
    </section>
  );
});

function InsideTabs({ inside, onView }: { inside: InsideLink; onView(view: InsideView): void }) {
  const t = useT();
  const text = usePlayground((s) => s.dataset?.text ?? false);
  const attention = usePlayground((s) => (s.runConfig ?? s.config).attention !== 'none');
  const target = usePlayground((s) => Boolean(s.dataset?.target));
  const views = INSIDE_VIEWS.filter(
    (v) =>
      (v !== 'words' || text || inside.view === 'words') &&
      (v !== 'attention' || attention || inside.view === 'attention') &&
      (v !== 'translation' || target || inside.view === 'translation'),
  );
  // Arrow keys move between tabs (the ARIA tabs pattern).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = views.indexOf(inside.view);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    onView(views[(next + views.length) % views.length]);
  };
  return (
    <div className="tabs" role="tablist" aria-label={t('insideViews')} onKeyDown={onKeyDown}>
      {views.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={inside.view === v}
          tabIndex={inside.view === v ? 0 : -1}
          data-testid={`inside-tab-${v}`}
          onClick={() => onView(v)}
        >
          {t(`view_${v}`)}
        </button>
      ))}
    </div>
  );
}

function InsideBody({ inside }: { inside: InsideLink }) {
  const t = useT();
  const setInside = usePlayground((s) => s.setInside);
  const step = usePlayground((s) => s.insideStep);
  const dataset = usePlayground((s) => s.dataset);
  const config = usePlayground((s) => s.runConfig ?? s.config);
  const probe = useDeferredValue(usePlayground((s) => s.insideProbe));
  const first = usePlayground((s) => s.firstGradNorms);
  // The tabs answer at once; the view they open renders as a transition that yields to input.
  const view = useDeferredValue(inside.view);
  const update = (change: Partial<InsideLink>) => setInside({ ...inside, ...change });
  // Where the views look: inside the probe's model, or the config's before there is a probe.
  const layers = probe
    ? probe.activations.layers.map((l) => layerWidth(l))
    : config.layers.map((u) => u * (config.bidirectional ? 2 : 1));
  const layer = Math.min(Math.max(1, inside.layer), layers.length) - 1;
  const unit = Math.min(Math.max(0, inside.unit), layers[layer] - 1);
  const place = (
    <InsidePlace inside={inside} layers={layers} layer={layer} unit={unit} probe={probe} onChange={update} />
  );
  const noAttention = view === 'attention' && config.attention === 'none';
  if (!probe || !dataset) return <InsideWaiting view={view} place={place} noAttention={noAttention} />;
  const probed = probe.activations.layers[layer];
  const steps = probe.activations.steps;
  const direction = unit >= probed.units ? 1 : 0;
  return (
    <div
      className="inside-body"
      data-testid="inside-body"
      data-epoch={probe.epoch}
      data-window={probe.window}
      data-layer={layer + 1}
    >
      {place}
      {probed.directions.length === 2 && (
        <p className="note">
          {t('insideBidirectional', { last: probed.units - 1, first: probed.units, end: layers[layer] - 1 })}
        </p>
      )}
      {view === 'gates' && (
        <GatesView
          probe={probe}
          dataset={dataset}
          layer={layer}
          unit={unit}
          step={Math.min(step, steps - 1)}
        />
      )}
      {view === 'units' && (
        <UnitsView
          probe={probe}
          dataset={dataset}
          layer={layer}
          unit={unit}
          onUnit={(u) => update({ unit: u })}
        />
      )}
      {view === 'gradients' && (
        <GradientView probe={probe} first={first} dataset={dataset} layer={layer} direction={direction} />
      )}
      {view === 'words' && <WordsView probe={probe} dataset={dataset} />}
      {view === 'attention' && (
        <AttentionView probe={probe} dataset={dataset} attention={!noAttention} step={step} />
      )}
      {view === 'translation' && <TranslationView probe={probe} dataset={dataset} />}
    </div>
  );
}

/** Before the first probe: where the views will look, and what they wait for (or why they do not apply). */
function InsideWaiting(props: { view: InsideView; place: ReactNode; noAttention: boolean }) {
  const t = useT();
  const dataset = usePlayground((s) => s.dataset);
  const noTranslation = props.view === 'translation' && dataset !== null && !dataset.target;
  const why = props.noAttention ? 'attention-none' : noTranslation ? 'translation-none' : 'inside-waiting';
  const text = props.noAttention ? 'attViewNone' : noTranslation ? 'trViewNone' : 'insideWaiting';
  return (
    <div className="inside-body">
      {props.place}
      <p className="note" data-testid={why}>
        {t(text)}
      </p>
    </div>
  );
}

interface InsidePlaceProps {
  inside: InsideLink;
  /** Each layer's width in units (both directions of a bidirectional one). */
  layers: number[];
  /** The shown layer (from 0) and unit, clamped to the model. */
  layer: number;
  unit: number;
  probe: InsideProbe | null;
  onChange(change: Partial<InsideLink>): void;
}

/**
 * Where the views look (window, layer, unit), and when the shown probe was taken. The Attention
 * view reads the last recurrent layer's states whole: no layer or unit to pick there.
 */
function InsidePlace({ inside, layers, layer, unit, probe, onChange }: InsidePlaceProps) {
  const t = useT();
  const valSize = usePlayground((s) => s.dataset?.valSize);
  return (
    <div className="field-row inside-place">
      <NumberField
        label={t('insideWindow')}
        value={inside.window}
        min={0}
        max={Math.max(1, valSize ?? 1) - 1}
        step={1}
        integer
        testId="inside-window"
        onCommit={(window) => onChange({ window })}
      />
      {inside.view !== 'attention' && inside.view !== 'translation' && (
        <>
          <SelectField
            label={t('insideLayer')}
            value={String(layer + 1)}
            options={layers.map((_, l) => ({ value: String(l + 1), label: String(l + 1) }))}
            testId="inside-layer"
            onChange={(v) => onChange({ layer: Number(v), unit: 0 })}
          />
          <NumberField
            label={t('insideUnit')}
            value={unit}
            min={0}
            max={layers[layer] - 1}
            step={1}
            integer
            testId="inside-unit"
            onCommit={(u) => onChange({ unit: u })}
          />
        </>
      )}
      {probe && (
        <p className="note inside-epoch" data-testid="inside-epoch">
          {probe.steps === 0
            ? t('insideInitial')
            : probe.midEpoch
              ? t('insideDuringEpoch', { epoch: probe.epoch + 1, steps: probe.steps })
              : t('insideAfterEpoch', { epoch: probe.epoch })}
        </p>
      )}
    </div>
  );
}
