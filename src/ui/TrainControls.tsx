import { memo } from 'react';
import { usePlayground } from '../state/store';
import { RangeField } from './fields';
import { useT } from './useT';
import { WorkProgress } from './WorkProgress';

/**
 * Starting a run redraws several panels; doing it in the click's own task makes one long task of
 * the browser's input handling (hover, focus, pointer events) and the redraw. A timer lets the
 * click finish first: the redraw follows a task later, well inside a frame.
 */
const afterInput = (action: () => void) => setTimeout(action, 0);

/** Play/pause, one epoch at a time, reset, and how slowly to go. */
export const TrainControls = memo(function TrainControls() {
  const t = useT();
  const runState = usePlayground((s) => s.runState);
  const runStarts = usePlayground((s) => s.runStarts);
  const epoch = usePlayground((s) => s.reports[s.reports.length - 1]?.epoch ?? 0);
  const epochs = usePlayground((s) => (s.runConfig ?? s.config).epochs);
  const delayMs = usePlayground((s) => s.delayMs);
  const { start, pause, resume, stepEpoch, reset, setDelay } = usePlayground.getState();
  const active = runState === 'running' || runState === 'preparing';

  const primary =
    runState === 'running' || runState === 'preparing'
      ? { label: t('pause'), onClick: pause, icon: '❚❚' }
      : runState === 'paused'
        ? { label: t('resume'), onClick: resume, icon: '▶' }
        : { label: t('train'), onClick: () => start(), icon: '▶' };

  return (
    <fieldset className="train-controls" id="train-controls" tabIndex={-1} data-testid="train-controls">
      <legend className="sr-only">{t('trainControls')}</legend>
      <button
        type="button"
        className="primary"
        data-testid="play"
        onClick={() => afterInput(primary.onClick)}
      >
        <span aria-hidden="true">{primary.icon}</span> {primary.label}
      </button>
      <button type="button" data-testid="step" disabled={active} onClick={stepEpoch} title={t('stepEpoch')}>
        {t('stepEpoch')}
      </button>
      <button type="button" data-testid="reset" onClick={reset} title={t('reset')}>
        <span aria-hidden="true">↺</span> {t('reset')}
      </button>
      <RangeField
        label={t('speed')}
        value={delayMs}
        min={0}
        max={1000}
        step={50}
        format={(ms) => t('speedValue', { ms })}
        testId="speed"
        onChange={setDelay}
      />
      <div className="run-status" aria-live="polite">
        <span className={`state state-${runState}`} data-testid="run-state" data-run={runStarts}>
          {t(`state_${runState}`)}
        </span>
        <span data-testid="epoch-counter">{t('epochOf', { epoch, epochs })}</span>
        <progress max={epochs} value={epoch} aria-label={t('epochOf', { epoch, epochs })} />
        <WorkProgress testId="work-progress" />
      </div>
    </fieldset>
  );
});
