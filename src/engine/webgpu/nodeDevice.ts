import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { requestWebGpuDevice, type WebGpuDevice } from './device';

/**
 * WebGPU in Node through Dawn (the `webgpu` package), for tests and the headless CLI. Without a
 * GPU, Dawn runs on SwiftShader's Vulkan driver, which Debian's Chromium ships.
 */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// The object create() returns must outlive its adapters and devices: if it is garbage-collected,
// the process aborts without a word. Module scope keeps it alive.
let gpu: GPU | null = null;

export async function requestNodeDevice(): Promise<WebGpuDevice> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!gpu) {
    Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, GPUShaderStage …
    gpu = create([]);
  }
  return requestWebGpuDevice(
    gpu,
    ` (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}; Dawn also needs libvulkan.so.1: ` +
      'install libvulkan1, or run with LD_LIBRARY_PATH=/usr/lib/chromium)',
  );
}
