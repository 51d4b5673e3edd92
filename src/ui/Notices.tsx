import { memo } from 'react';
import type { UrlProblem } from '../link/urlCodec';
import { usePlayground } from '../state/store';
import type { Notice } from '../state/workerMessages';
import { useT } from './useT';

/** The knob a refusal names, in the words of the control that sets it. */
const KNOB_LABEL = { batchSize: 'batchSize', timesteps: 'timesteps', units: 'unitsAll' } as const;

/** Link problems, the CPU fallback, divergence and engine errors: all as plain text, all dismissible. */
export const Notices = memo(function Notices() {
  const notices = usePlayground((s) => s.notices);
  const linkProblems = usePlayground((s) => s.linkProblems);
  const customMissing = usePlayground((s) => s.customMissingName);
  const updateReady = usePlayground((s) => s.updateReady);
  if (notices.length === 0 && linkProblems.length === 0 && customMissing === null && !updateReady)
    return null;
  return (
    <div className="notices" aria-live="polite">
      {updateReady && <UpdateReadyNotice />}
      {linkProblems.length > 0 && <LinkProblemsNotice problems={linkProblems} />}
      {customMissing !== null && <CustomMissingNotice name={customMissing} />}
      {notices.map((n) => (
        <StoreNotice key={n.id} notice={n} />
      ))}
    </div>
  );
});

/** The dismiss button every notice ends with. */
function Dismiss({ onClick }: { onClick(): void }) {
  const t = useT();
  return (
    <button type="button" className="dismiss" aria-label={t('dismiss')} onClick={onClick}>
      ×
    </button>
  );
}

/** A new version of the page is ready: reload into it (the notice says when a run would be lost). */
function UpdateReadyNotice() {
  const t = useT();
  const running = usePlayground((s) => s.runState === 'running' || s.runState === 'preparing');
  const { applyUpdate } = usePlayground.getState();
  return (
    <div className="notice info" role="status" data-testid="update-ready">
      <p className="notice-body">
        {t(running ? 'updateReadyRunning' : 'updateReady')}{' '}
        <button type="button" data-testid="update-reload" onClick={applyUpdate}>
          {t('updateReload')}
        </button>
      </p>
      <Dismiss onClick={() => usePlayground.setState({ updateReady: false })} />
    </div>
  );
}

/** What the link asked for that the page could not take, parameter by parameter. */
function LinkProblemsNotice({ problems }: { problems: UrlProblem[] }) {
  const t = useT();
  const { dismissLinkProblems } = usePlayground.getState();
  return (
    <div className="notice warning" role="status" data-testid="link-problems">
      <div className="notice-body">
        <p>{t('linkProblems')}</p>
        <ul>
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
            <li key={i} data-testid="link-problem">
              <code>{p.param}</code>: {p.message}
            </li>
          ))}
        </ul>
      </div>
      <Dismiss onClick={dismissLinkProblems} />
    </div>
  );
}

/** The link names its own data, which this page does not have: the form below asks for it. */
function CustomMissingNotice({ name }: { name: string }) {
  const t = useT();
  return (
    <div className="notice info" role="status" data-testid="custom-missing">
      <p className="notice-body">{t('customMissing', { name })}</p>
      <Dismiss onClick={() => usePlayground.setState({ customMissingName: null })} />
    </div>
  );
}

/** A notice from the run (fallback, divergence, an error, a refusal with the config it suggests). */
function StoreNotice({ notice: n }: { notice: Notice }) {
  const t = useT();
  const { dismissNotice, setConfig } = usePlayground.getState();
  const knob = KNOB_LABEL[n.vars.knob as keyof typeof KNOB_LABEL];
  const vars = knob ? { ...n.vars, knob: t(knob) } : n.vars;
  const suggested = n.suggestedConfig;
  return (
    <div className={`notice ${n.level}`} role="status" data-testid={`notice-${n.key}`}>
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
      <Dismiss onClick={() => dismissNotice(n.id)} />
    </div>
  );
}
