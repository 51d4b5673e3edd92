import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * The Vulkan loader probes for a Wayland display and prints `error: XDG_RUNTIME_DIR is invalid or
 * not set in the environment.` twice when the variable is unset or names no private folder of
 * ours (root over SSH, containers, CI). Harmless, but alarming on every healthy run: give it a
 * private temporary folder (mode 0700, removed at exit) before Dawn starts Vulkan.
 */
function quietVulkanEnvironment(): void {
  const dir = process.env.XDG_RUNTIME_DIR;
  const usable = (() => {
    if (!dir) return false;
    try {
      const s = statSync(dir);
      return s.isDirectory() && (s.mode & 0o077) === 0 && s.uid === process.getuid?.();
    } catch {
      return false;
    }
  })();
  if (usable) return;
  const own = mkdtempSync(join(tmpdir(), 'lstm-xdg-'));
  process.env.XDG_RUNTIME_DIR = own;
  process.on('exit', () => rmSync(own, { recursive: true, force: true }));
}

export async function requestNodeDevice(): Promise<WebGpuDevice> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!gpu) {
    quietVulkanEnvironment();
    Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, GPUShaderStage …
    gpu = create([]);
  }
  return requestWebGpuDevice(
    gpu,
    ` (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}; Dawn also needs libvulkan.so.1: ` +
      'install libvulkan1, or run with LD_LIBRARY_PATH=/usr/lib/chromium)',
  );
}
