import { memo, useCallback, useDeferredValue, useMemo } from 'react';
import { usePlayground } from '../state/store';
import { formatMetric } from '../view/chartData';
import { forecastPlotPoints, forecastView } from '../view/forecastView';
import { type Domain, formatTick, niceDomain } from '../view/plotGeometry';
import { ChartLegend } from './ChartLegend';
import { TRAIN_COLOR, VAL_COLOR } from './LossChart';
import { Plot } from './Plot';
import type { PlotSeries } from './plotTypes';
import { useT } from './useT';

const formatWindow = (n: number) => String(n);

/**
 * Forecast against truth over the validation windows, redrawn each epoch: a line along time for
 * real series, a scatter of predicted against truth for the synthetic sets (see forecastView).
 */
export const ForecastChart = memo(function ForecastChart() {
  const t = useT();
  const sample = useDeferredValue(usePlayground((s) => s.forecast[0]));
  const view = forecastView(usePlayground((s) => s.dataset?.name));
  const { truth, predicted } = useMemo(
    () => (sample ? forecastPlotPoints(sample, view) : { truth: [], predicted: [] }),
    [sample, view],
  );
  const series = useMemo<PlotSeries[]>(
    () =>
      view === 'scatter'
        ? [{ id: 'predicted', label: t('predicted'), color: VAL_COLOR, points: predicted, mode: 'dots' }]
        : [
            { id: 'truth', label: t('truth'), color: TRAIN_COLOR, points: truth, width: 1.5 },
            { id: 'predicted', label: t('predicted'), color: VAL_COLOR, points: predicted },
          ],
    [view, truth, predicted, t],
  );
  const yDomain = useMemo<Domain>(
    // A scatter shares one domain on both axes (truth on x), so the diagonal runs at 45°.
    () =>
      niceDomain(
        [...truth.map((p) => p.y), ...predicted.flatMap((p) => (view === 'scatter' ? [p.x, p.y] : [p.y]))],
        4,
      ),
    [truth, predicted, view],
  );
  const xDomain = useMemo<Domain>(
    () => (view === 'scatter' ? yDomain : [1, Math.max(2, truth.length)]),
    [view, yDomain, truth.length],
  );
  // 'x' mode passes the window number; 'plane' mode the dot's index.
  const windowTitle = useCallback(
    (k: number) => t('sample', { n: view === 'scatter' ? k + 1 : k }),
    [t, view],
  );
  return (
    <figure className="forecast" data-testid="forecast-chart" data-view={view}>
      <figcaption className="note">{t('forecast')}</figcaption>
      <ChartLegend
        items={
          view === 'scatter'
            ? [
                { label: t('predicted'), color: VAL_COLOR },
                { label: `${t('predicted')} = ${t('truth')}`, color: '#9ca3af', dashed: true },
              ]
            : [
                { label: t('truth'), color: TRAIN_COLOR },
                { label: t('predicted'), color: VAL_COLOR },
              ]
        }
      />
      <div className="small-chart">
        <Plot
          series={series}
          xDomain={xDomain}
          yDomain={yDomain}
          xLabel={view === 'scatter' ? t('truth') : t('sample', { n: '#' })}
          yLabel={view === 'scatter' ? t('predicted') : `${t('truth')} / ${t('predicted')}`}
          formatX={view === 'scatter' ? formatTick : formatWindow}
          formatY={formatTick}
          formatValue={formatMetric}
          integerX={view === 'line'}
          hover={view === 'scatter' ? 'plane' : 'x'}
          readoutTitle={windowTitle}
          diagonal={view === 'scatter'}
          compact
          ariaLabel={t('forecast')}
        />
      </div>
    </figure>
  );
});
