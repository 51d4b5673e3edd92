import { memo, useCallback, useDeferredValue, useMemo } from 'react';
import type { RunState } from '../engine/training/report';
import type { Translate } from '../i18n';
import { usePlayground } from '../state/store';
import { formatMetric, lossRows, overfittingRanges, runMarkers } from '../view/chartData';
import { liveMarkShortText, liveMarkText, marksOnChart } from '../view/liveChangeLabels';
import { LOSS_COLORS } from '../view/lossChartSvg';
import { OVERFIT_RULE } from '../view/overfitting';
import { type Domain, formatTick, niceDomain } from '../view/plotGeometry';
import { ChartLegend } from './ChartLegend';
import { Plot } from './Plot';
import type { PlotBand, PlotMarker, PlotSeries } from './plotTypes';
import { useT } from './useT';
import { WorkProgress } from './WorkProgress';

export const TRAIN_COLOR = LOSS_COLORS.train;
export const VAL_COLOR = LOSS_COLORS.val;
const BEST_COLOR = LOSS_COLORS.best;
const STOP_COLOR = LOSS_COLORS.stop;
const CHANGE_COLOR = LOSS_COLORS.change;

const formatEpoch = (e: number) => String(e);

/** The chart's numbers, each memoised on the deferred reports it comes from. */
function useLossChartData() {
  const t = useT();
  const latestReports = usePlayground((s) => s.reports);
  const reports = useDeferredValue(latestReports);
  const summary = useDeferredValue(usePlayground((s) => s.summary));
  const epochs = usePlayground((s) => (s.runConfig ?? s.config).epochs);
  const rows = useMemo(() => lossRows(reports), [reports]);
  const ranges = useMemo(() => overfittingRanges(reports), [reports]);
  const markers = useMemo(() => runMarkers(reports, summary), [reports, summary]);
  const lastEpoch = reports[reports.length - 1]?.epoch ?? 0;
  const allLiveMarks = usePlayground((s) => s.liveMarks);
  const liveMarks = useMemo(
    () => marksOnChart(allLiveMarks, lastEpoch, summary !== null),
    [allLiveMarks, lastEpoch, summary],
  );
  const changeLabels = useMemo(() => liveMarks.map((m) => liveMarkText(m, t)), [liveMarks, t]);
  const xMax = Math.max(epochs, lastEpoch, 2);

  const series = useMemo<PlotSeries[]>(
    () => [
      {
        id: 'train',
        label: t('trainLoss'),
        color: TRAIN_COLOR,
        points: rows.map((r) => ({ x: r.epoch, y: r.train })),
      },
      {
        id: 'val',
        label: t('valLoss'),
        color: VAL_COLOR,
        points: rows.map((r) => ({ x: r.epoch, y: r.val })),
      },
    ],
    [rows, t],
  );
  const yDomain = useMemo<Domain>(
    () =>
      niceDomain(
        rows.flatMap((r) => [r.train, r.val]),
        5,
        true,
      ),
    [rows],
  );
  const xDomain = useMemo<Domain>(() => [1, xMax], [xMax]);
  const bands = useMemo<PlotBand[]>(
    () => ranges.map((r) => ({ from: r.fromEpoch, to: r.toEpoch, label: t('overfitting') })),
    [ranges, t],
  );
  const plotMarkers = useMemo<PlotMarker[]>(
    () => plotMarkersOf(markers, liveMarks, changeLabels, t),
    [markers, liveMarks, changeLabels, t],
  );
  return {
    behind: reports !== latestReports,
    rows,
    hasOverfitting: ranges.length > 0,
    changeLabels,
    series,
    xDomain,
    yDomain,
    bands,
    plotMarkers,
  };
}

/** The vertical lines: the best epoch, the early stop, and each change made during the run. */
function plotMarkersOf(
  markers: ReturnType<typeof runMarkers>,
  liveMarks: ReturnType<typeof marksOnChart>,
  changeLabels: string[],
  t: Translate,
): PlotMarker[] {
  const out: PlotMarker[] = [];
  if (markers.bestEpoch !== null)
    out.push({
      x: markers.bestEpoch,
      label: t('bestEpoch', { epoch: markers.bestEpoch }),
      color: BEST_COLOR,
      dashed: true,
    });
  if (markers.stoppedEpoch !== null)
    out.push({
      x: markers.stoppedEpoch,
      label: t('stoppedAt', { epoch: markers.stoppedEpoch }),
      color: STOP_COLOR,
    });
  liveMarks.forEach((m, i) => {
    out.push({
      x: m.epoch,
      label: changeLabels[i],
      chartLabel: liveMarkShortText(m, t),
      color: CHANGE_COLOR,
      dashed: true,
    });
  });
  return out;
}

/**
 * The central chart: training and validation loss per epoch, the best epoch, the early stop, the
 * overfitting stretch, and the changes made to the running model (at the epoch each took effect). Drawn by hand in SVG (see Plot): it redraws several times a second
 * during a run. The data comes through deferred values, so a redraw yields to input.
 */
export const LossChart = memo(function LossChart() {
  const t = useT();
  const runState = usePlayground((s) => s.runState);
  const d = useLossChartData();
  const readoutTitle = useCallback((e: number) => `${t('epoch')} ${e}`, [t]);

  return (
    <section className="panel chart-panel" aria-label={t('lossChart')} data-testid="loss-chart">
      <header className="panel-head">
        <h2>{t('lossChart')}</h2>
        <ChartLegend
          items={[
            { label: t('trainLoss'), color: TRAIN_COLOR },
            { label: t('valLoss'), color: VAL_COLOR },
          ]}
        />
        {d.hasOverfitting && <span className="note overfit-hint">{t('overfittingHint')}</span>}
      </header>
      <OverfittingHelp />
      <div
        className="chart-box"
        data-testid="loss-chart-plot"
        data-points={d.rows.length}
        // The deferred render has not caught up with the store yet (tests wait for "false").
        data-behind={String(d.behind)}
      >
        {d.rows.length === 0 && <ChartEmpty runState={runState} />}
        <Plot
          series={d.series}
          xDomain={d.xDomain}
          yDomain={d.yDomain}
          xLabel={t('epoch')}
          yLabel={t('loss')}
          formatX={formatEpoch}
          formatY={formatTick}
          formatValue={formatMetric}
          integerX
          hover="x"
          readoutTitle={readoutTitle}
          bands={d.bands}
          markers={d.plotMarkers}
          ariaLabel={t('lossChart')}
        />
      </div>
      {d.changeLabels.length > 0 && (
        <div className="live-changes" data-testid="live-changes">
          <h3>{t('liveChangesTitle')}</h3>
          <ChartLegend
            items={d.changeLabels.map((label) => ({ label, color: CHANGE_COLOR, dashed: true }))}
          />
        </div>
      )}
    </section>
  );
});

/** How the chart decides that validation loss has turned into overfitting, with the rule's numbers. */
function OverfittingHelp() {
  const t = useT();
  return (
    <details className="chart-help" data-testid="overfitting-help">
      <summary>{t('overfittingHelpTitle')}</summary>
      <p>
        {t('overfittingHelp', {
          window: 2 * OVERFIT_RULE.radius + 1,
          rise: OVERFIT_RULE.minRise * 100,
          floor: OVERFIT_RULE.floor * 100,
          epochs: OVERFIT_RULE.minEpochs,
        })}
      </p>
    </details>
  );
}

/** Over the empty chart: "nothing yet" while idle, or the run's progress before its first epoch. */
function ChartEmpty({ runState }: { runState: RunState }) {
  const t = useT();
  return (
    <div className="chart-empty" data-testid="chart-empty">
      {runState === 'idle' || runState === 'done' || runState === 'failed' ? (
        t('chartEmpty')
      ) : (
        <div>
          <p>{t('chartTraining')}</p>
          <WorkProgress testId="chart-progress" />
        </div>
      )}
    </div>
  );
}
