import type { ReactNode } from 'react';
import type { LessonPanel } from '../../view/lessons';
import { CompareRuns } from '../CompareRuns';
import { ErrorBoundary } from '../ErrorBoundary';
import { InsidePanel } from '../inside/InsidePanel';
import { LossChart } from '../LossChart';
import { TrainControls } from '../TrainControls';
import { useT } from '../useT';

function Safe({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <ErrorBoundary title={t('crashTitle')} retry={t('crashRetry')}>
      {children}
    </ErrorBoundary>
  );
}

/**
 * Only the panels a step needs, the page's own: the run's controls and status with the loss chart
 * or the runs overlay, the inside views for the evidence.
 */
export function LessonPanels({ panels }: { panels: LessonPanel[] }) {
  if (panels.length === 0) return null;
  const chart = panels.includes('loss') || panels.includes('compare');
  return (
    <div className="lesson-panels" data-testid="lesson-panels" data-panels={panels.join(' ')}>
      {chart && (
        <Safe>
          <TrainControls />
        </Safe>
      )}
      {panels.includes('loss') && (
        <Safe>
          <LossChart />
        </Safe>
      )}
      {panels.includes('compare') && (
        <Safe>
          <CompareRuns />
        </Safe>
      )}
      {panels.includes('inside') && (
        <Safe>
          <InsidePanel />
        </Safe>
      )}
    </div>
  );
}
