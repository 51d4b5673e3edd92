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

export function adapterName(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info?.description, info?.vendor, info?.architecture, info?.device].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return parts.length > 0 ? [...new Set(parts)].join(' ') : 'WebGPU adapter';
}

export async function requestWebGpuDevice(gpu?: GPU, hint = ''): Promise<WebGpuDevice> {
  const source = gpu ?? (typeof navigator !== 'undefined' ? navigator.gpu : undefined);
  if (!source) throw new NoWebGpuError('navigator.gpu is missing (an old browser, or not a secure context)');
  const adapter = await source.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoWebGpuError(`no adapter was found${hint}`);
  // Ask for the adapter's own buffer limits: the defaults (128 / 256 MiB) are lower than many GPUs allow.
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBuffersPerShaderStage: Math.min(10, adapter.limits.maxStorageBuffersPerShaderStage),
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
