import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMetric, lossRows, overfittingRanges, runMarkers } from '../state/chartData';
import { usePlayground } from '../state/store';
import { useT } from './useT';

export const TRAIN_COLOR = '#2563eb';
export const VAL_COLOR = '#ea580c';

/** The central chart: training and validation loss per epoch, the best epoch, the overfitting stretch. */
export const LossChart = memo(function LossChart() {
  const t = useT();
  const reports = usePlayground((s) => s.reports);
  const summary = usePlayground((s) => s.summary);
  const epochs = usePlayground((s) => (s.runConfig ?? s.config).epochs);
  const rows = useMemo(() => lossRows(reports), [reports]);
  const ranges = useMemo(() => overfittingRanges(reports), [reports]);
  const markers = useMemo(() => runMarkers(reports, summary), [reports, summary]);
  const lastEpoch = reports[reports.length - 1]?.epoch ?? 0;

  return (
    <section className="panel chart-panel" aria-label={t('lossChart')} data-testid="loss-chart">
      <header className="panel-head">
        <h2>{t('lossChart')}</h2>
        {ranges.length > 0 && <span className="note overfit-hint">{t('overfittingHint')}</span>}
      </header>
      {rows.length === 0 ? (
        <div className="chart-empty">{t('chartEmpty')}</div>
      ) : (
        <div className="chart-box" data-testid="loss-chart-plot" data-points={rows.length}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 24, right: 24, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
              <XAxis
                dataKey="epoch"
                type="number"
                domain={[1, Math.max(epochs, lastEpoch, 2)]}
                allowDecimals={false}
                label={{ value: t('epoch'), position: 'insideBottomRight', offset: -4 }}
              />
              <YAxis domain={[0, 'auto']} tickFormatter={formatMetric} width={56} />
              <Tooltip
                formatter={(v) => formatMetric(Number(v))}
                labelFormatter={(e) => `${t('epoch')} ${e}`}
              />
              <Legend verticalAlign="top" height={28} />
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
                    position: 'top',
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
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                type="linear"
                dataKey="val"
                name={t('valLoss')}
                stroke={VAL_COLOR}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
});
