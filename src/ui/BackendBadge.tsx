import { memo, useState } from 'react';
import { usePlayground } from '../state/store';
import { engineBadge } from '../view/engineBadge';
import { useT } from './useT';

/**
 * Where training runs, in plain words ("Trains on your GPU", "Trains on the CPU: WebAssembly, 2
 * threads"), from page load on: before Train it names the engine a run would take (the worker's
 * plan), then the one that trains. The adapter and why this engine: its tooltip, its description
 * for screen readers, and a note that a click or a key opens (touch screens show no tooltips).
 * The steps/s line is always there, empty until a run reports, so the header does not move when
 * training starts.
 */
export const BackendBadge = memo(function BackendBadge() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const backend = usePlayground((s) => s.backend);
  const choice = usePlayground((s) => s.engineChoice);
  const plan = usePlayground((s) => s.enginePlan);
  const stepsPerSec = usePlayground((s) => s.reports[s.reports.length - 1]?.stepsPerSec);
  const badge = engineBadge(backend, choice, plan);
  const label = t(badge.label.key, badge.label.vars);
  const why = badge.why.map((w) => t(w.key, w.vars));
  const tone = badge.kind === 'webgpu' ? 'gpu' : badge.kind === 'none' ? 'pending' : 'cpu';
  return (
    <div className="engine-badge">
      <button
        type="button"
        className={`badge ${tone}`}
        title={[label, ...why].join('\n')}
        aria-describedby="engine-why-text"
        aria-expanded={open}
        aria-controls={open ? 'engine-why' : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        data-testid="backend-badge"
        data-kind={badge.kind}
        data-kernels={badge.kernels || undefined}
      >
        <span className="badge-label" data-testid="backend-label">
          {label}
        </span>
        {stepsPerSec !== undefined ? (
          <span className="badge-speed" data-testid="steps-per-sec">
            {t('stepsPerSec', { n: stepsPerSec >= 10 ? Math.round(stepsPerSec) : stepsPerSec.toFixed(1) })}
          </span>
        ) : (
          <span className="badge-speed" aria-hidden="true">
            {'\u00a0'}
          </span>
        )}
      </button>
      <span id="engine-why-text" className="sr-only" data-testid="engine-why">
        {why.join(' ')}
      </span>
      {open && why.length > 0 && (
        <div id="engine-why" className="engine-why" role="note" data-testid="engine-why-note">
          {why.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
    </div>
  );
});
