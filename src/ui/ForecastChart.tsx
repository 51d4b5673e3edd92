import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { forecastRows, formatMetric } from '../state/chartData';
import { usePlayground } from '../state/store';
import { TRAIN_COLOR, VAL_COLOR } from './LossChart';
import { useT } from './useT';

/** One validation window: the true series and what the model forecast for its last step(s). */
export const ForecastChart = memo(function ForecastChart() {
  const t = useT();
  const sample = usePlayground((s) => s.forecast[0]);
  const rows = useMemo(() => (sample ? forecastRows(sample) : []), [sample]);
  if (rows.length === 0) return null;
  return (
    <figure className="forecast" data-testid="forecast-chart">
      <figcaption className="note">{t('forecast')}</figcaption>
      <div className="small-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis tickFormatter={formatMetric} width={60} domain={['auto', 'auto']} />
            <Tooltip formatter={(v) => formatMetric(Number(v))} />
            <Legend height={20} />
            <Line
              dataKey="truth"
              name={t('truth')}
              stroke={TRAIN_COLOR}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="predicted"
              name={t('predicted')}
              stroke={VAL_COLOR}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
