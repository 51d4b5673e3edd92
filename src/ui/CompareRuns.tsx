import { memo, useCallback, useMemo } from 'react';
import type { EpochReport } from '../engine/training/report';
import { usePlayground } from '../state/store';
import { compareLines, formatMetric } from '../view/chartData';
import { runLabel } from '../view/configDiff';
import { type Domain, formatTick, niceDomain } from '../view/plotGeometry';
import { ChartLegend } from './ChartLegend';
import { VAL_COLOR } from './LossChart';
import { Plot } from './Plot';
import type { PlotSeries } from './plotTypes';
import { useT } from './useT';

const NO_REPORTS: EpochReport[] = [];
const PAST_COLORS = ['#7c3aed', '#0891b2', '#65a30d', '#db2777', '#475569'];

const colorOf = (current: boolean, i: number) => (current ? VAL_COLOR : PAST_COLORS[i % PAST_COLORS.length]);
const formatEpoch = (e: number) => String(e);

/** The overlay's lines as the plot draws them (the current run solid, the past ones dashed) and its axes. */
function useCompareAxes(lines: ReturnType<typeof compareLines>) {
  const series = useMemo<PlotSeries[]>(
    () =>
      lines.map((line, i) => ({
        id: line.id,
        label: line.label,
        color: colorOf(line.current, i),
        points: line.points.map((p) => ({ x: p.epoch, y: p.valLoss })),
        width: line.current ? 2.5 : 1.5,
        dashed: !line.current,
      })),
    [lines],
  );
  const yDomain = useMemo<Domain>(
    () =>
      niceDomain(
        lines.flatMap((l) => l.points.map((p) => p.valLoss)),
        4,
        true,
      ),
    [lines],
  );
  const xDomain = useMemo<Domain>(
    () => [1, Math.max(2, ...lines.map((l) => l.points[l.points.length - 1]?.epoch ?? 1))],
    [lines],
  );
  return { series, xDomain, yDomain };
}

/**
 * Validation curves of the last runs over the current one, each labelled by what it did
 * differently. A finished (or paused) run is listed at once, the first one too.
 */
export const CompareRuns = memo(function CompareRuns() {
  const t = useT();
  const pastRuns = usePlayground((s) => s.pastRuns);
  // The current run joins the overlay when it stops or pauses: one live chart per update is enough.
  const reports = usePlayground((s) =>
    s.runState === 'running' || s.runState === 'preparing' ? NO_REPORTS : s.reports,
  );
  const config = usePlayground((s) => s.config);
  const lines = useMemo(
    () =>
      compareLines(
        pastRuns,
        reports,
        t('currentRun'),
        (run) => `${t('runN', { n: run.id })}: ${runLabel(run.config, config, t)}`,
      ),
    [pastRuns, reports, config, t],
  );
  const { series, xDomain, yDomain } = useCompareAxes(lines);
  const readoutTitle = useCallback((e: number) => `${t('epoch')} ${e}`, [t]);
  return (
    <section className="panel" aria-label={t('compare')} data-testid="compare-runs">
      <header className="panel-head">
        <h2>{t('compare')}</h2>
      </header>
      {lines.length === 0 ? (
        <p className="note">{t('compareEmpty')}</p>
      ) : (
        <>
          <p className="note">{t('compareHint')}</p>
          <ChartLegend
            items={lines.map((line, i) => ({
              label: line.label,
              color: colorOf(line.current, i),
              dashed: !line.current,
            }))}
          />
          <div className="small-chart">
            <Plot
              series={series}
              xDomain={xDomain}
              yDomain={yDomain}
              xLabel={t('epoch')}
              yLabel={t('valLoss')}
              formatX={formatEpoch}
              formatY={formatTick}
              formatValue={formatMetric}
              integerX
              hover="x"
              readoutTitle={readoutTitle}
              compact
              ariaLabel={t('compare')}
            />
          </div>
        </>
      )}
    </section>
  );
});
