import type { Dataset } from '../data/types';
import type { Backend } from '../engine/contracts/backend';
import { createWebGpuBackend } from '../engine/webgpu/backend';
import { requestNodeDevice } from '../engine/webgpu/nodeDevice';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';

/** The WebGPU engine in Node, through the `webgpu` package on SwiftShader (loaded only for --backend webgpu). */
export async function openNodeWebGpuBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
): Promise<Backend> {
  const gpu = await requestNodeDevice();
  return createWebGpuBackend(config, dataset, weights, gpu.device, { adapterName: gpu.adapterName });
}
