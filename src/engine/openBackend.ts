import type { Dataset } from '../data/types';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';
import type { Backend } from './backend';
import type { EnginePreference } from './enginePreference';
import { createReferenceBackend } from './reference/backend';
import { ConfigTooHeavyError, cpuStepTooHeavy } from './stepCost';
import { createWasmBackend } from './wasm/backend';
import type { WasmPlatform } from './wasm/platform';
import { requestWebGpuDevice, type WebGpuDevice } from './webgpu/device';

export interface OpenedBackend {
  backend: Backend;
  /** Why a slower engine runs than the preference allows (absent when it runs as asked). */
  fallbackReason?: string;
}

let devicePromise: Promise<WebGpuDevice> | null = null;

/** One device per worker, asked for once; a lost device is asked for again on the next run. */
function sharedDevice(): Promise<WebGpuDevice> {
  if (!devicePromise) {
    devicePromise = requestWebGpuDevice();
    devicePromise.then(
      ({ device }) =>
        device.lost.then(() => {
          devicePromise = null;
        }),
      () => {
        devicePromise = null;
      },
    );
  }
  return devicePromise;
}

/**
 * Destroys the shared device, as a driver reset or a sleeping laptop would lose it: the running
 * trainer goes on with the CPU engine. For the end-to-end test of that path (worker.ts's test hooks).
 */
export async function loseSharedDevice(): Promise<boolean> {
  if (!devicePromise) return false;
  const { device } = await devicePromise;
  device.destroy();
  return true;
}

/** The WebAssembly engine where this platform can run it, the reference engine otherwise (and why). */
export async function openCpuBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  platform: WasmPlatform,
): Promise<OpenedBackend> {
  try {
    return { backend: await createWasmBackend(config, dataset, weights, platform) };
  } catch (error) {
    return {
      backend: createReferenceBackend(config, dataset, weights),
      fallbackReason: `the WebAssembly engine cannot run: ${(error as Error).message}`,
    };
  }
}

/**
 * The engine the preference asks for, or the next one down (WebGPU → WebAssembly → reference),
 * saying why. A config too heavy for a CPU engine's step is refused (ConfigTooHeavyError) rather
 * than started on one.
 */
export async function openBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  platform: WasmPlatform,
  preference: EnginePreference = 'auto',
): Promise<OpenedBackend> {
  const cpu = async (): Promise<OpenedBackend> => {
    const verdict = cpuStepTooHeavy(config, { ...dataset, trainRows: dataset.train.n });
    if (verdict) throw new ConfigTooHeavyError(verdict);
    if (preference === 'ref') return { backend: createReferenceBackend(config, dataset, weights) };
    return openCpuBackend(config, dataset, weights, platform);
  };
  if (preference !== 'auto') return cpu();
  let gpuReason: string;
  try {
    const gpu = await sharedDevice();
    const { createWebGpuBackend } = await import('./webgpu/backend');
    const backend = await createWebGpuBackend(config, dataset, weights, gpu.device, {
      adapterName: gpu.adapterName,
    });
    return { backend };
  } catch (error) {
    gpuReason = (error as Error).message;
  }
  try {
    const opened = await cpu();
    const reason = opened.fallbackReason ? `${gpuReason}; ${opened.fallbackReason}` : gpuReason;
    return { backend: opened.backend, fallbackReason: reason };
  } catch (refusal) {
    if (refusal instanceof ConfigTooHeavyError) refusal.fallbackReason = gpuReason;
    throw refusal;
  }
}
