import type { Dataset } from '../data/types';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';
import type { Backend } from './backend';
import { createReferenceBackend } from './reference/backend';
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

/** The WebGPU engine where the browser has it, the reference engine otherwise (and says why). */
export async function openBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  preferCpu = false,
): Promise<OpenedBackend> {
  const cpu = () => createReferenceBackend(config, dataset, weights);
  if (preferCpu) return { backend: cpu() };
  try {
    const gpu = await sharedDevice();
    const { createWebGpuBackend } = await import('./webgpu/backend');
    const backend = await createWebGpuBackend(config, dataset, weights, gpu.device, {
      adapterName: gpu.adapterName,
    });
    return { backend };
  } catch (error) {
    return { backend: cpu(), fallbackReason: (error as Error).message };
  }
}
