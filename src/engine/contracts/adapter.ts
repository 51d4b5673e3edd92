/**
 * What a WebGPU adapter says about itself, in the words every room of the engine shares: the
 * WebGPU engine reads it from its adapter (webgpu/device.ts), the host decides the engine from it
 * (host/engineChoice.ts).
 */

/** What the adapter tells about itself (GPUAdapterInfo's fields, all optional: browsers differ). */
export interface AdapterFacts {
  /** Chrome's own flag for a software adapter (GPUAdapterInfo.isFallbackAdapter, where present). */
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

/** The adapter as people name it: its description, vendor, architecture and device, once each. */
export function adapterLabel(facts: AdapterFacts): string {
  const parts = [facts.description, facts.vendor, facts.architecture, facts.device].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return parts.length > 0 ? [...new Set(parts)].join(' ') : 'WebGPU adapter';
}
