import { memo, useDeferredValue, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Translate } from '../i18n';
import { forecastRows, formatMetric } from '../state/chartData';
import { usePlayground } from '../state/store';
import { ChartLegend } from './ChartLegend';
import { TRAIN_COLOR, VAL_COLOR } from './LossChart';
import { useT } from './useT';

/**
 * One validation window: the true series and what the model forecast. Mounted (empty) before the
 * first epoch and drawn from a deferred value, like the loss chart, so no redraw blocks the page.
 */
export const ForecastChart = memo(function ForecastChart() {
  const t = useT();
  const sample = useDeferredValue(usePlayground((s) => s.forecast[0]));
  const rows = useMemo(() => (sample ? forecastRows(sample) : []), [sample]);
  return (
    <figure className="forecast" data-testid="forecast-chart">
      <figcaption className="note">{t('forecast')}</figcaption>
      <ChartLegend
        items={[
          { label: t('truth'), color: TRAIN_COLOR },
          { label: t('predicted'), color: VAL_COLOR },
        ]}
      />
      <div className="small-chart">
        <ForecastPlot rows={rows} t={t} />
      </div>
    </figure>
  );
});

const ForecastPlot = memo(function ForecastPlot({
  rows,
  t,
}: {
  rows: ReturnType<typeof forecastRows>;
  t: Translate;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
        <YAxis tickFormatter={formatMetric} width={60} domain={['auto', 'auto']} />
        <Tooltip formatter={(v) => formatMetric(Number(v))} />
        <Line dataKey="truth" name={t('truth')} stroke={TRAIN_COLOR} dot={false} isAnimationActive={false} />
        <Line
          dataKey="predicted"
          name={t('predicted')}
          stroke={VAL_COLOR}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
