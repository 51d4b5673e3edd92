import { memo } from 'react';
import { usePlayground } from '../state/store';
import { progressView } from '../view/progressView';
import { useT } from './useT';

/**
 * The one way the page shows a long wait (building the dataset, preparing the GPU engine, a long
 * epoch): a label, a bar (counted when the count is known) and the time left.
 */
export const WorkProgress = memo(function WorkProgress({ testId }: { testId: string }) {
  const t = useT();
  const progress = usePlayground((s) => s.progress);
  const lastEpoch = usePlayground((s) => s.reports[s.reports.length - 1]?.epoch ?? 0);
  const view = progressView(progress, lastEpoch);
  if (!view) return null;
  const label = t(view.label.key, view.label.vars);
  const text = view.left ? `${label} · ${t(view.left.key, view.left.vars)}` : label;
  return (
    <div className="work-progress" data-testid={testId}>
      <progress max={view.total} value={view.done} aria-label={label} />
      <span className="work-progress-text">{text}</span>
    </div>
  );
});
