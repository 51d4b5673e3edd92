import { memo, useEffect, useRef } from 'react';
import { usePlayground } from '../state/store';
import { configDiff, describeDifference } from '../view/configDiff';
import { useT } from './useT';

/** Asks before a change throws the running model away (a <dialog>: focus-trapped, Esc cancels). */
export const ConfirmDialog = memo(function ConfirmDialog() {
  const t = useT();
  const pending = usePlayground((s) => s.pendingConfig);
  const runConfig = usePlayground((s) => s.runConfig);
  const { confirmRestart, cancelRestart } = usePlayground.getState();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (pending && !dialog.open) dialog.showModal();
    if (!pending && dialog.open) dialog.close();
  }, [pending]);

  const changes =
    pending && runConfig ? configDiff(pending, runConfig).map((d) => describeDifference(d, t)) : [];
  return (
    <dialog
      ref={ref}
      className="confirm"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        cancelRestart();
      }}
    >
      <h2 id="confirm-title">{t('confirmTitle')}</h2>
      <p>{t('confirmBody')}</p>
      {changes.length > 0 && (
        <ul className="changes">
          {changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={cancelRestart} data-testid="confirm-cancel">
          {t('confirmCancel')}
        </button>
        <button type="button" className="primary" onClick={confirmRestart} data-testid="confirm-restart">
          {t('confirmRestart')}
        </button>
      </div>
    </dialog>
  );
});
