import { memo } from 'react';
import { formatMetric } from '../state/chartData';
import { usePlayground } from '../state/store';
import { ConfusionMatrix } from './ConfusionMatrix';
import { ForecastChart } from './ForecastChart';
import { useT } from './useT';

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{formatMetric(value)}</span>
    </div>
  );
}

/** The task's validation metrics for the latest epoch. */
export const MetricsPanel = memo(function MetricsPanel() {
  const t = useT();
  const metrics = usePlayground((s) => s.reports[s.reports.length - 1]?.metrics);
  const classNames = usePlayground((s) => s.dataset?.classNames);
  return (
    <section className="panel" aria-label={t('metrics')} data-testid="metrics">
      <header className="panel-head">
        <h2>{t('metrics')}</h2>
      </header>
      {!metrics ? (
        <p className="note">{t('chartEmpty')}</p>
      ) : metrics.task === 'classification' ? (
        <>
          <div className="stats">
            <Stat label={t('accuracy')} value={metrics.accuracy} testId="metric-accuracy" />
            <Stat label={t('precision')} value={metrics.precision} testId="metric-precision" />
            <Stat label={t('recall')} value={metrics.recall} testId="metric-recall" />
            <Stat label={t('f1')} value={metrics.f1} testId="metric-f1" />
          </div>
          <ConfusionMatrix confusion={metrics.confusion} classNames={classNames} />
        </>
      ) : (
        <>
          <div className="stats">
            <Stat label={t('mae')} value={metrics.mae} testId="metric-mae" />
            <Stat label={t('rmse')} value={metrics.rmse} testId="metric-rmse" />
          </div>
          <ForecastChart />
        </>
      )}
    </section>
  );
});
