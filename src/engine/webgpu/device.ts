import { type AdapterFacts, adapterLabel } from '../contracts/adapter';

/**
 * Getting a GPUDevice, in the browser or a worker (navigator.gpu) or from a GPU object the caller
 * passes (Node: see nodeDevice.ts, kept apart so the browser bundle never imports 'webgpu').
 */
export interface WebGpuDevice {
  device: GPUDevice;
  adapter: GPUAdapter;
  /** The adapter as the UI's badge names it, and the autotuner's cache key. */
  adapterName: string;
}

export class NoWebGpuError extends Error {
  constructor(reason: string) {
    super(`WebGPU is not available: ${reason}`);
    this.name = 'NoWebGpuError';
  }
}

/**
 * What the adapter says about itself, for the engine choice (engineChoice.ts). Chrome's fallback
 * flag moved from the adapter to its info; older typings know neither, hence the loose reads.
 */
export function adapterFacts(adapter: GPUAdapter): AdapterFacts {
  const info = adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  const fallback = info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    ...(typeof fallback === 'boolean' ? { isFallbackAdapter: fallback } : {}),
    vendor: info?.vendor,
    architecture: info?.architecture,
    device: info?.device,
    description: info?.description,
  };
}

export function adapterName(adapter: GPUAdapter): string {
  return adapterLabel(adapterFacts(adapter));
}

/** The high-performance adapter, or NoWebGpuError saying why there is none. */
export async function requestWebGpuAdapter(gpu?: GPU, hint = ''): Promise<GPUAdapter> {
  const source = gpu ?? (typeof navigator !== 'undefined' ? navigator.gpu : undefined);
  if (!source) throw new NoWebGpuError('navigator.gpu is missing (an old browser, or not a secure context)');
  const adapter = await source.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoWebGpuError(`no adapter was found${hint}`);
  return adapter;
}

export async function requestWebGpuDevice(gpu?: GPU, hint = ''): Promise<WebGpuDevice> {
  const adapter = await requestWebGpuAdapter(gpu, hint);
  // Ask for the adapter's own buffer limits: the defaults (128 / 256 MiB) are lower than many GPUs allow.
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBuffersPerShaderStage: Math.min(10, adapter.limits.maxStorageBuffersPerShaderStage),
    // The default is 16 KiB; most GPUs (and SwiftShader) allow 32 KiB, room for the sequence-fused
    // kernels' persistent variant (U kept in workgroup memory) at larger H or more rows.
    maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
  };
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query')
    ? ['timestamp-query']
    : [];
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  return { device, adapter, adapterName: adapterName(adapter) };
}

/**
 * Software adapters (SwiftShader, llvmpipe, WARP): workgroup memory and barriers are slow there
 * and register blocking wins (WEBGPU-HEADLESS.md), so only the larger register-blocked variants
 * are candidates (autotune.ts); compiling the tiled one alone took ~1.5 s of start-up.
 */
export function isSoftwareAdapter(adapter: string): boolean {
  return /swiftshader|llvmpipe|lavapipe|warp|software|cpu/i.test(adapter);
}
