import { memo } from 'react';
import { usePlayground } from '../state/store';
import { progressView } from '../view/progressView';
import { useT } from './useT';

/**
 * The one way the page shows a long wait: a label, a bar (counted when the count is known, else
 * moving) and the time left when there is a pace to go by.
 */
export function ProgressLine(props: {
  label: string;
  done?: number;
  total?: number;
  left?: string;
  testId: string;
}) {
  return (
    <div className="work-progress" data-testid={props.testId}>
      <progress max={props.total} value={props.done} aria-label={props.label} />
      <span className="work-progress-text">
        {props.left ? `${props.label} · ${props.left}` : props.label}
      </span>
    </div>
  );
}

/** The run's wait: building the dataset, preparing the GPU engine, the epoch under way. */
export const WorkProgress = memo(function WorkProgress({ testId }: { testId: string }) {
  const t = useT();
  const progress = usePlayground((s) => s.progress);
  const lastEpoch = usePlayground((s) => s.reports[s.reports.length - 1]?.epoch ?? 0);
  const view = progressView(progress, lastEpoch);
  if (!view) return null;
  return (
    <ProgressLine
      label={t(view.label.key, view.label.vars)}
      done={view.done}
      total={view.total}
      left={view.left ? t(view.left.key, view.left.vars) : undefined}
      testId={testId}
    />
  );
});
