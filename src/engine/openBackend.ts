import type { Dataset } from '../data/types';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';
import type { Backend } from './backend';
import { createReferenceBackend } from './reference/backend';
import { ConfigTooHeavyError, cpuStepTooHeavy } from './stepCost';
import { requestWebGpuDevice, type WebGpuDevice } from './webgpu/device';

export interface OpenedBackend {
  backend: Backend;
  /** Why the CPU engine runs instead of WebGPU (absent when WebGPU runs, or when the CPU was asked for). */
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

/**
 * The WebGPU engine where the browser has it, the reference engine otherwise (and says why). A
 * config too heavy for the CPU engine is refused (ConfigTooHeavyError) rather than started.
 */
export async function openBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  preferCpu = false,
): Promise<OpenedBackend> {
  const cpu = () => {
    const verdict = cpuStepTooHeavy(config, { ...dataset, trainRows: dataset.train.n });
    if (verdict) throw new ConfigTooHeavyError(verdict);
    return createReferenceBackend(config, dataset, weights);
  };
  if (preferCpu) return { backend: cpu() };
  try {
    const gpu = await sharedDevice();
    const { createWebGpuBackend } = await import('./webgpu/backend');
    const backend = await createWebGpuBackend(config, dataset, weights, gpu.device, {
      adapterName: gpu.adapterName,
    });
    return { backend };
  } catch (error) {
    const fallbackReason = (error as Error).message;
    try {
      return { backend: cpu(), fallbackReason };
    } catch (refusal) {
      if (refusal instanceof ConfigTooHeavyError) refusal.fallbackReason = fallbackReason;
      throw refusal;
    }
  }
}
