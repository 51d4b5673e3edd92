import { memo } from 'react';
import { usePlayground } from '../state/store';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/** Values a remedy switches on to: the dropout preset's rates, a small L2, patience 6. */
const ON = { dropout: 0.2, recurrentDropout: 0.2, outputDropout: 0.3, l2: 0.001, patience: 6 };

/** One-click remedies, applied to a running model from its next epoch. */
export const RemedyToggles = memo(function RemedyToggles() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  const running = usePlayground((s) => s.runState === 'running' || s.runState === 'paused');
  const liveApplied = usePlayground((s) => s.liveApplied);
  const dropoutOn = config.dropout + config.recurrentDropout + config.outputDropout > 0;
  return (
    <div className="remedies">
      {shown('dropout') && (
        <button
          type="button"
          className="toggle"
          aria-pressed={dropoutOn}
          data-testid="toggle-dropout"
          onClick={() =>
            update((c) => {
              c.dropout = dropoutOn ? 0 : ON.dropout;
              c.recurrentDropout = dropoutOn ? 0 : ON.recurrentDropout;
              c.outputDropout = dropoutOn ? 0 : ON.outputDropout;
            })
          }
        >
          {t('dropout')}
        </button>
      )}
      {shown('l2') && (
        <button
          type="button"
          className="toggle"
          aria-pressed={config.l2 > 0}
          data-testid="toggle-l2"
          onClick={() =>
            update((c) => {
              c.l2 = c.l2 > 0 ? 0 : ON.l2;
            })
          }
        >
          {t('l2')}
        </button>
      )}
      {shown('earlyStopping') && (
        <button
          type="button"
          className="toggle"
          aria-pressed={config.earlyStopping.enabled}
          data-testid="toggle-es"
          onClick={() =>
            update((c) => {
              c.earlyStopping.enabled = !c.earlyStopping.enabled;
            })
          }
        >
          EarlyStopping
        </button>
      )}
      <span className="note" data-testid="live-note" key={liveApplied}>
        {running ? t('liveNote') : ''}
      </span>
    </div>
  );
});
