import type { Dataset } from '../data/types';
import type { Backend } from '../engine/backend';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';

/** The WebGPU engine in Node, through the `webgpu` package on SwiftShader (loaded only for --backend webgpu). */
export async function openNodeWebGpuBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
): Promise<Backend> {
  void config;
  void dataset;
  void weights;
  throw new Error('the WebGPU engine is not wired into the runner yet');
}
