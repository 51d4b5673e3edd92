import { memo } from 'react';
import { usePlayground } from '../state/store';
import { formatMetric } from '../view/chartData';
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

const EMPTY = Number.NaN;

/**
 * The task's validation metrics for the latest epoch. The panel takes its shape from the dataset
 * before the first epoch, so its chart is mounted at load rather than in the middle of a run.
 */
export const MetricsPanel = memo(function MetricsPanel() {
  const t = useT();
  const metrics = usePlayground((s) => s.reports[s.reports.length - 1]?.metrics);
  const datasetTask = usePlayground((s) => s.dataset?.task);
  const classNames = usePlayground((s) => s.dataset?.classNames);
  // A translation dataset: accuracy is the exact match of whole outputs, the matrix is over symbols.
  const symbols = usePlayground((s) => s.dataset?.target?.vocabulary);
  const task = metrics?.task ?? datasetTask;
  return (
    <section className="panel" aria-label={t('metrics')} data-testid="metrics">
      <header className="panel-head">
        <h2>{t('metrics')}</h2>
      </header>
      {task === 'classification' && (
        <>
          <div className="stats">
            <Stat
              label={t(symbols ? 'exactMatch' : 'accuracy')}
              value={metrics?.task === task ? metrics.accuracy : EMPTY}
              testId="metric-accuracy"
            />
            {symbols && (
              <Stat
                label={t('characterAccuracy')}
                value={metrics?.task === task ? (metrics.characterAccuracy ?? EMPTY) : EMPTY}
                testId="metric-character-accuracy"
              />
            )}
            <Stat
              label={t('precision')}
              value={metrics?.task === task ? metrics.precision : EMPTY}
              testId="metric-precision"
            />
            <Stat
              label={t('recall')}
              value={metrics?.task === task ? metrics.recall : EMPTY}
              testId="metric-recall"
            />
            <Stat label={t('f1')} value={metrics?.task === task ? metrics.f1 : EMPTY} testId="metric-f1" />
          </div>
          {metrics?.task === task && (
            <ConfusionMatrix
              confusion={metrics.confusion}
              classNames={symbols ? [...symbols] : classNames}
              overSymbols={symbols !== undefined}
            />
          )}
        </>
      )}
      {task === 'regression' && (
        <>
          <div className="stats">
            <Stat label={t('mae')} value={metrics?.task === task ? metrics.mae : EMPTY} testId="metric-mae" />
            <Stat
              label={t('rmse')}
              value={metrics?.task === task ? metrics.rmse : EMPTY}
              testId="metric-rmse"
            />
          </div>
          <ForecastChart />
        </>
      )}
      {!metrics && <p className="note">{t('chartEmpty')}</p>}
    </section>
  );
});
