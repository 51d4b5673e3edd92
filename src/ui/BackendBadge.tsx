import { memo } from 'react';
import { usePlayground } from '../state/store';
import { useT } from './useT';

/**
 * Which engine trains and how fast, in steps per second: WebGPU and the adapter, or CPU and which
 * CPU engine (WebAssembly SIMD on how many threads, or the reference); the tooltip says why.
 */
export const BackendBadge = memo(function BackendBadge() {
  const t = useT();
  const backend = usePlayground((s) => s.backend);
  const reason = usePlayground((s) => s.fallbackReason);
  const stepsPerSec = usePlayground((s) => s.reports[s.reports.length - 1]?.stepsPerSec);
  if (!backend) return null;
  const cpu = backend.kind !== 'webgpu';
  const threads = backend.threads ?? 1;
  const label =
    backend.kind === 'wasm'
      ? threads === 1
        ? t('wasmEngineOneThread')
        : t('wasmEngine', { n: threads })
      : backend.kind === 'cpu'
        ? t('referenceEngine')
        : backend.label;
  const kernels = backend.kernels
    ? Object.entries(backend.kernels)
        .map(([role, variant]) => `${role}: ${variant}`)
        .join('\n')
    : '';
  const tooltip = [label, reason ?? '', backend.singleThreadReason ?? '', kernels].filter(Boolean).join('\n');
  return (
    <div
      className={`badge ${cpu ? 'cpu' : 'gpu'}`}
      title={tooltip}
      data-testid="backend-badge"
      data-kind={backend.kind}
    >
      <span className="badge-kind">{cpu ? t('backendCpu') : 'WebGPU'}</span>
      <span className="badge-label" data-testid="backend-label">
        {label}
      </span>
      {stepsPerSec !== undefined && (
        <span className="badge-speed" data-testid="steps-per-sec">
          {t('stepsPerSec', { n: stepsPerSec >= 10 ? Math.round(stepsPerSec) : stepsPerSec.toFixed(1) })}
        </span>
      )}
    </div>
  );
});
