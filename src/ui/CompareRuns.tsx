import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport } from '../engine/protocol';
import { compareLines, formatMetric } from '../state/chartData';
import { runLabel } from '../state/configDiff';
import { usePlayground } from '../state/store';
import { ChartLegend } from './ChartLegend';
import { VAL_COLOR } from './LossChart';
import { useT } from './useT';

const NO_REPORTS: EpochReport[] = [];
const PAST_COLORS = ['#7c3aed', '#0891b2', '#65a30d', '#db2777', '#475569'];

const colorOf = (current: boolean, i: number) => (current ? VAL_COLOR : PAST_COLORS[i % PAST_COLORS.length]);

/** Validation curves of the last runs over the current one, each labelled by what it did differently. */
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
  return (
    <section className="panel" aria-label={t('compare')} data-testid="compare-runs">
      <header className="panel-head">
        <h2>{t('compare')}</h2>
      </header>
      {pastRuns.length === 0 ? (
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
            <ResponsiveContainer width="100%" height="100%">
              <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                <XAxis
                  dataKey="epoch"
                  type="number"
                  domain={[1, 'dataMax']}
                  allowDecimals={false}
                  allowDuplicatedCategory={false}
                />
                <YAxis tickFormatter={formatMetric} width={60} domain={[0, 'auto']} />
                <Tooltip
                  formatter={(v) => formatMetric(Number(v))}
                  labelFormatter={(e) => `${t('epoch')} ${e}`}
                />
                {lines.map((line, i) => (
                  <Line
                    key={line.id}
                    data={line.points}
                    dataKey="valLoss"
                    name={line.label}
                    stroke={
                      line.current
                        ? VAL_COLOR
                        : PAST_COLORS[(i - 1 + PAST_COLORS.length) % PAST_COLORS.length]
                    }
                    strokeWidth={line.current ? 2.5 : 1.5}
                    strokeDasharray={line.current ? undefined : '5 3'}
                    dot={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
});
