import { createGpuBuffer, destroyGpuBuffer } from './gpuBuffers';
import { type ShaderConstants, specialize } from './shaderSource';

/**
 * Buffers, pipelines and bind groups of one backend on one device. Every buffer is made through
 * here, so dispose() frees them all and memoryBytes counts them. Pipelines are cached per device
 * (compiling is the slow part of start-up, and tests build many backends on one device).
 */

/** How a kernel sees each of its bindings, in binding order. */
export type BindingKind = 'uniform' | 'dynamic-uniform' | 'read' | 'rw';

export interface Kernel {
  /** The entry point: what a timing breakdown calls it unless the dispatch has a label. */
  name: string;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

/** One dispatch, ready to encode. */
export interface Dispatch {
  kernel: Kernel;
  bindGroup: GPUBindGroup;
  workgroups: [number, number?, number?];
  dynamicOffsets?: number[];
  /** The call site's role (e.g. `layer0.recurrentGrad`), for timing breakdowns. */
  label?: string;
}

/** A 1-D count of threads as a 2-D grid (a dimension holds at most 65,535 workgroups). */
export function grid(threads: number, wg: number): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / wg));
  return groups <= 65535 ? [groups, 1] : [65535, Math.ceil(groups / 65535)];
}

/** A tensor inside a buffer: `offset` and `length` in f32 elements. */
export interface TensorRef {
  buffer: GPUBuffer;
  offset: number;
}

/** Host bytes a buffer is written from. */
export type HostData = ArrayBuffer | ArrayBufferView<ArrayBuffer>;

const pipelineCaches = new WeakMap<GPUDevice, Map<string, Kernel>>();

/** What makes a kernel: its source, entry point, injected constants and binding kinds. */
export interface KernelSpec {
  source: string;
  entryPoint: string;
  constants: ShaderConstants;
  bindings: BindingKind[];
}

function cacheOf(device: GPUDevice): Map<string, Kernel> {
  let cache = pipelineCaches.get(device);
  if (!cache) pipelineCaches.set(device, (cache = new Map()));
  return cache;
}

const keyOf = (k: KernelSpec) =>
  `${k.entryPoint}|${JSON.stringify(k.constants)}|${k.bindings.join(',')}|${k.source.length}`;

function pipelineParts(device: GPUDevice, k: KernelSpec) {
  const layout = device.createBindGroupLayout({
    label: k.entryPoint,
    entries: k.bindings.map((kind, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer:
        kind === 'read'
          ? { type: 'read-only-storage' as const }
          : kind === 'rw'
            ? { type: 'storage' as const }
            : { type: 'uniform' as const, hasDynamicOffset: kind === 'dynamic-uniform' },
    })),
  });
  const module = device.createShaderModule({ label: k.entryPoint, code: specialize(k.source, k.constants) });
  const descriptor: GPUComputePipelineDescriptor = {
    label: k.entryPoint,
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: k.entryPoint },
  };
  return { layout, descriptor };
}

export function getKernel(
  device: GPUDevice,
  source: string,
  entryPoint: string,
  constants: ShaderConstants,
  bindings: BindingKind[],
): Kernel {
  const spec = { source, entryPoint, constants, bindings };
  const cache = cacheOf(device);
  const key = keyOf(spec);
  let kernel = cache.get(key);
  if (!kernel) {
    const { layout, descriptor } = pipelineParts(device, spec);
    kernel = { name: entryPoint, pipeline: device.createComputePipeline(descriptor), layout };
    cache.set(key, kernel);
  }
  return kernel;
}

/**
 * Compiles kernels ahead of use (getKernel then finds them in the cache), one at a time with the
 * synchronous call. Measured in Dawn for Node on SwiftShader, R1's pipelines: createComputePipeline
 * 2.8 s, createComputePipelineAsync awaited one by one 3.9-6.6 s, all requested at once ~2x more.
 */
export function compileKernels(device: GPUDevice, specs: KernelSpec[]): void {
  for (const s of specs) getKernel(device, s.source, s.entryPoint, s.constants, s.bindings);
}

export class GpuContext {
  private readonly owned: GPUBuffer[] = [];
  memoryBytes = 0;

  constructor(readonly device: GPUDevice) {}

  buffer(label: string, bytes: number, usage: number): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const buffer = createGpuBuffer(this.device, { label, size, usage });
    this.owned.push(buffer);
    this.memoryBytes += size;
    return buffer;
  }

  /** A storage buffer of `floats` f32 (or u32) elements, zero-filled, copyable both ways. */
  storage(label: string, floats: number): GPUBuffer {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    return this.buffer(label, floats * 4, usage);
  }

  /** A uniform buffer holding `data` (rewritable with queue.writeBuffer). */
  uniform(label: string, data: HostData): GPUBuffer {
    const buffer = this.buffer(label, data.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** A storage buffer initialised with `data`. */
  upload(label: string, data: Float32Array | Uint32Array): GPUBuffer {
    const buffer = this.storage(label, data.length);
    this.device.queue.writeBuffer(buffer, 0, data as HostData);
    return buffer;
  }

  kernel(source: string, entryPoint: string, constants: ShaderConstants, bindings: BindingKind[]): Kernel {
    return getKernel(this.device, source, entryPoint, constants, bindings);
  }

  bind(kernel: Kernel, buffers: (GPUBuffer | GPUBufferBinding)[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout: kernel.layout,
      entries: buffers.map((b, binding) => ({ binding, resource: 'buffer' in b ? b : { buffer: b } })),
    });
  }

  destroy(): void {
    for (const b of this.owned) destroyGpuBuffer(b);
    this.owned.length = 0;
    this.memoryBytes = 0;
  }
}

/** Encodes dispatches, in order, into one compute pass (each dispatch sees the previous writes). */
export function encodeDispatches(pass: GPUComputePassEncoder, dispatches: Dispatch[]): void {
  for (const d of dispatches) {
    pass.setPipeline(d.kernel.pipeline);
    pass.setBindGroup(0, d.bindGroup, d.dynamicOffsets ?? []);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1] ?? 1, d.workgroups[2] ?? 1);
  }
}

/** Copies `floats` f32 from a buffer back to the CPU (tests, readWeights, evaluation). */
export async function readFloats(
  device: GPUDevice,
  src: GPUBuffer,
  offset: number,
  floats: number,
): Promise<Float32Array> {
  const bytes = Math.max(4, floats * 4);
  const staging = createGpuBuffer(device, {
    label: 'read staging',
    size: bytes,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offset * 4, staging, 0, floats * 4);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0, floats * 4));
  staging.unmap();
  destroyGpuBuffer(staging);
  return out;
}

/**
 * Several buffers (each from its start) back to the CPU through ONE staging buffer and one map:
 * the probe's and the gradient norms' readback. With `clear`, each part is zeroed after its copy,
 * in the same submit (the norm sums restart).
 */
export async function readBuffers(
  device: GPUDevice,
  parts: { buffer: GPUBuffer; floats: number }[],
  clear = false,
): Promise<Float32Array[]> {
  const total = parts.reduce((n, p) => n + p.floats, 0);
  const staging = createGpuBuffer(device, {
    label: 'probe staging',
    size: Math.max(4, total * 4),
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const enc = device.createCommandEncoder();
  let at = 0;
  for (const p of parts) {
    enc.copyBufferToBuffer(p.buffer, 0, staging, at * 4, p.floats * 4);
    if (clear) enc.clearBuffer(p.buffer, 0, p.floats * 4);
    at += p.floats;
  }
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const all = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  destroyGpuBuffer(staging);
  at = 0;
  return parts.map((p) => {
    const part = all.subarray(at, at + p.floats);
    at += p.floats;
    return part;
  });
}
