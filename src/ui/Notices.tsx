import { memo } from 'react';
import { usePlayground } from '../state/store';
import { useT } from './useT';

/** The knob a refusal names, in the words of the control that sets it. */
const KNOB_LABEL = { batchSize: 'batchSize', timesteps: 'timesteps', units: 'unitsAll' } as const;

/** Link problems, the CPU fallback, divergence and engine errors: all as plain text, all dismissible. */
export const Notices = memo(function Notices() {
  const t = useT();
  const notices = usePlayground((s) => s.notices);
  const linkProblems = usePlayground((s) => s.linkProblems);
  const customMissing = usePlayground((s) => s.customMissingName);
  const updateReady = usePlayground((s) => s.updateReady);
  const running = usePlayground((s) => s.runState === 'running' || s.runState === 'preparing');
  const { dismissNotice, dismissLinkProblems, applyUpdate, setConfig } = usePlayground.getState();
  if (notices.length === 0 && linkProblems.length === 0 && customMissing === null && !updateReady)
    return null;
  return (
    <div className="notices" aria-live="polite">
      {updateReady && (
        <div className="notice info" role="status" data-testid="update-ready">
          <p className="notice-body">
            {t(running ? 'updateReadyRunning' : 'updateReady')}{' '}
            <button type="button" data-testid="update-reload" onClick={applyUpdate}>
              {t('updateReload')}
            </button>
          </p>
          <button
            type="button"
            className="dismiss"
            aria-label={t('dismiss')}
            onClick={() => usePlayground.setState({ updateReady: false })}
          >
            ×
          </button>
        </div>
      )}
      {linkProblems.length > 0 && (
        <div className="notice warning" role="status" data-testid="link-problems">
          <div className="notice-body">
            <p>{t('linkProblems')}</p>
            <ul>
              {linkProblems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
                <li key={i} data-testid="link-problem">
                  <code>{p.param}</code>: {p.message}
                </li>
              ))}
            </ul>
          </div>
          <button type="button" className="dismiss" aria-label={t('dismiss')} onClick={dismissLinkProblems}>
            ×
          </button>
        </div>
      )}
      {customMissing !== null && (
        <div className="notice info" role="status" data-testid="custom-missing">
          <p className="notice-body">{t('customMissing', { name: customMissing })}</p>
          <button
            type="button"
            className="dismiss"
            aria-label={t('dismiss')}
            onClick={() => usePlayground.setState({ customMissingName: null })}
          >
            ×
          </button>
        </div>
      )}
      {notices.map((n) => {
        const knob = KNOB_LABEL[n.vars.knob as keyof typeof KNOB_LABEL];
        const vars = knob ? { ...n.vars, knob: t(knob) } : n.vars;
        const suggested = n.suggestedConfig;
        return (
          <div key={n.id} className={`notice ${n.level}`} role="status" data-testid={`notice-${n.key}`}>
            <p className="notice-body">
              {n.key === 'raw' ? n.vars.message : t(n.key, vars)}
              {suggested && (
                <>
                  {' '}
                  <button
                    type="button"
                    data-testid="apply-suggestion"
                    onClick={() => {
                      setConfig(suggested);
                      dismissNotice(n.id);
                    }}
                  >
                    {t('tooHeavyApply', vars)}
                  </button>
                </>
              )}
            </p>
            <button
              type="button"
              className="dismiss"
              aria-label={t('dismiss')}
              onClick={() => dismissNotice(n.id)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
});
