import { memo, useDeferredValue, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Translate } from '../i18n';
import {
  formatMetric,
  type LossRow,
  lossRows,
  overfittingRanges,
  type RunMarkers,
  runMarkers,
} from '../state/chartData';
import type { EpochRange } from '../state/overfitting';
import { usePlayground } from '../state/store';
import { ChartLegend } from './ChartLegend';
import { useT } from './useT';

/**
 * Drawn invisibly before the first epoch: it runs recharts' line code once at load (parse, compile,
 * caches), which otherwise makes the first live redraw the longest task of the run.
 */
const PLACEHOLDER_ROWS: LossRow[] = [
  { epoch: 1, train: 1, val: 1 },
  { epoch: 2, train: 0.5, val: 0.6 },
];

export const TRAIN_COLOR = '#2563eb';
export const VAL_COLOR = '#ea580c';

/**
 * The central chart: training and validation loss per epoch, the best epoch, the overfitting stretch.
 * The plot draws from deferred copies of the store: React renders it in a background lane that
 * yields to the browser every few milliseconds, so a redraw never blocks the page for long.
 */
export const LossChart = memo(function LossChart() {
  const t = useT();
  const reports = useDeferredValue(usePlayground((s) => s.reports));
  const summary = useDeferredValue(usePlayground((s) => s.summary));
  const epochs = usePlayground((s) => (s.runConfig ?? s.config).epochs);
  const rows = useMemo(() => lossRows(reports), [reports]);
  const ranges = useMemo(() => overfittingRanges(reports), [reports]);
  const markers = useMemo(() => runMarkers(reports, summary), [reports, summary]);
  // Recharts' tooltip subscribes to every data change; while the chart is redrawn live it costs
  // more than it gives, so hovering reads values whenever the run is paused or done.
  const interactive = usePlayground((s) => s.runState !== 'running' && s.runState !== 'preparing');
  const xMax = Math.max(epochs, reports[reports.length - 1]?.epoch ?? 0, 2);

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
        {ranges.length > 0 && <span className="note overfit-hint">{t('overfittingHint')}</span>}
      </header>
      {/* Mounted from the start, empty: the chart's first render happens at load, not mid-run. */}
      <div className="chart-box" data-testid="loss-chart-plot" data-points={rows.length}>
        {rows.length === 0 && <div className="chart-empty">{t('chartEmpty')}</div>}
        <LossPlot
          rows={rows.length > 0 ? rows : PLACEHOLDER_ROWS}
          ranges={ranges}
          markers={markers}
          xMax={xMax}
          t={t}
          interactive={interactive}
        />
      </div>
    </section>
  );
});

interface LossPlotProps {
  rows: LossRow[];
  ranges: EpochRange[];
  markers: RunMarkers;
  xMax: number;
  t: Translate;
  interactive: boolean;
}

const isPlaceholder = (rows: LossRow[]) => rows === PLACEHOLDER_ROWS;

/** Pure drawing; memo keeps the urgent (non-deferred) pass from touching recharts at all. */
const LossPlot = memo(function LossPlot({ rows, ranges, markers, xMax, t, interactive }: LossPlotProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 24, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          dataKey="epoch"
          type="number"
          domain={[1, xMax]}
          allowDecimals={false}
          label={{ value: t('epoch'), position: 'insideBottomRight', offset: -4 }}
        />
        <YAxis domain={[0, 'auto']} tickFormatter={formatMetric} width={56} />
        {interactive && (
          <Tooltip formatter={(v) => formatMetric(Number(v))} labelFormatter={(e) => `${t('epoch')} ${e}`} />
        )}
        {ranges.map((r) => (
          <ReferenceArea
            key={`${r.fromEpoch}-${r.toEpoch}`}
            x1={r.fromEpoch}
            x2={r.toEpoch}
            fill="#fecaca"
            fillOpacity={0.45}
            ifOverflow="extendDomain"
            label={{ value: t('overfitting'), position: 'insideTop', fill: '#b91c1c', fontSize: 12 }}
          />
        ))}
        {markers.bestEpoch !== null && (
          <ReferenceLine
            x={markers.bestEpoch}
            stroke="#16a34a"
            strokeDasharray="4 3"
            label={{
              value: t('bestEpoch', { epoch: markers.bestEpoch }),
              // Near the right edge the label goes inside, or the chart clips it.
              position: markers.bestEpoch > xMax * 0.8 ? 'insideTopRight' : 'insideTopLeft',
              fill: '#15803d',
              fontSize: 12,
            }}
          />
        )}
        {markers.stoppedEpoch !== null && (
          <ReferenceLine
            x={markers.stoppedEpoch}
            stroke="#6b7280"
            label={{
              value: t('stoppedAt', { epoch: markers.stoppedEpoch }),
              position: 'insideTopRight',
              fill: '#374151',
              fontSize: 12,
            }}
          />
        )}
        <Line
          type="linear"
          dataKey="train"
          name={t('trainLoss')}
          stroke={TRAIN_COLOR}
          strokeOpacity={isPlaceholder(rows) ? 0 : 1}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="linear"
          dataKey="val"
          name={t('valLoss')}
          stroke={VAL_COLOR}
          strokeOpacity={isPlaceholder(rows) ? 0 : 1}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
