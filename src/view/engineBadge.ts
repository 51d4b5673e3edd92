import type { BackendInfo, WasmBuild } from '../engine/contracts/backend';
import type { EngineChoice } from '../engine/host/engineChoice';
import type { EnginePlan } from '../engine/host/protocol';
import type { MessageKey } from '../i18n';

/** One line of text to translate: an i18n key and its values. */
export interface Words {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

/**
 * What the header's engine badge says, in plain words: where training runs (`label`), and in its
 * tooltip the adapter and why this engine (`why`). `kind` is the engine's (data-kind, the e2e's
 * check); 'none' while the worker has not answered, or where a forced WebGPU is missing.
 */
export interface EngineBadge {
  kind: BackendInfo['kind'] | 'none';
  label: Words;
  why: Words[];
  /** The WebGPU kernel variants, "role: variant" per line (a data attribute, not shown). */
  kernels: string;
}

const WHY_KEY: Record<EngineChoice['why'], MessageKey> = {
  gpu: 'whyGpu',
  softwareGpu: 'whySoftwareGpu',
  noWebGpu: 'whyNoWebGpu',
  gpuFailed: 'whyGpuFailed',
  gpuLost: 'whyGpuLost',
  askedWebgpu: 'whyAskedWebgpu',
  askedWasm: 'whyAskedWasm',
  askedRef: 'whyAskedRef',
};

/** Why-reasons whose text names the detail itself (the rest add it on a line of its own). */
const NAMES_DETAIL = new Set<EngineChoice['why']>(['noWebGpu', 'gpuFailed', 'gpuLost']);

function labelOf(kind: EngineBadge['kind'], threads: number): Words {
  if (kind === 'webgpu') return { key: 'badgeGpu' };
  if (kind === 'cpu') return { key: 'referenceEngine' };
  if (kind === 'wasm')
    return threads === 1 ? { key: 'wasmEngineOneThread' } : { key: 'wasmEngine', vars: { n: threads } };
  return { key: 'badgePending' };
}

const BUILD_KEY: Record<WasmBuild, MessageKey> = { relaxed: 'wasmBuildRelaxed', plain: 'wasmBuildPlain' };

function whyOf(
  choice: EngineChoice | null,
  singleThreadReason: string | undefined,
  wasmBuild: WasmBuild | undefined,
): Words[] {
  const lines: Words[] = [];
  if (choice?.adapter) lines.push({ key: 'engineAdapter', vars: { adapter: choice.adapter } });
  if (choice) {
    const reason = choice.detail ?? '';
    lines.push({ key: WHY_KEY[choice.why], vars: { reason } });
    if (choice.detail && !NAMES_DETAIL.has(choice.why))
      lines.push({ key: 'engineDetail', vars: { reason: choice.detail } });
  }
  if (wasmBuild) lines.push({ key: BUILD_KEY[wasmBuild] });
  if (singleThreadReason) lines.push({ key: 'singleThread', vars: { reason: singleThreadReason } });
  return lines;
}

/**
 * The badge from the run's engine (once a run has built one) or else the worker's plan (before
 * Train). A forced WebGPU with no adapter says so instead of naming an engine.
 */
export function engineBadge(
  backend: BackendInfo | null,
  choice: EngineChoice | null,
  plan: EnginePlan | null,
): EngineBadge {
  if (backend) {
    const kernels = Object.entries(backend.kernels ?? {})
      .map(([role, variant]) => `${role}: ${variant}`)
      .join('\n');
    const threads = backend.threads ?? 1;
    return {
      kind: backend.kind,
      label: labelOf(backend.kind, threads),
      why: whyOf(
        choice,
        backend.kind === 'wasm' && threads === 1 ? backend.singleThreadReason : undefined,
        backend.kind === 'wasm' ? backend.wasmBuild : undefined,
      ),
      kernels,
    };
  }
  if (!plan) return { kind: 'none', label: labelOf('none', 1), why: [], kernels: '' };
  const { choice: planned, threads } = plan;
  const missing = planned.engine === 'webgpu' && planned.detail !== undefined;
  const kind = missing ? 'none' : planned.engine === 'ref' ? 'cpu' : planned.engine;
  return {
    kind,
    label: missing ? { key: 'badgeNoWebGpu' } : labelOf(kind, threads),
    why: whyOf(
      planned,
      kind === 'wasm' && threads === 1 ? plan.singleThreadReason : undefined,
      kind === 'wasm' ? plan.wasmBuild : undefined,
    ),
    kernels: '',
  };
}
