import { initWeights } from '../src/engine/reference/init';
import { createWebGpuBackend } from '../src/engine/webgpu/backend';
import { requestWebGpuDevice } from '../src/engine/webgpu/device';
import { modelShape } from '../src/model/params';
import { backendMsPerStep } from './backendStep';
import { type BenchRun, benchConfig, benchDataset } from './configs';
import { WEIGHT_SEED } from './oursCpu';
import { gemmRates } from './roofline';
import type { Repetitions } from './timing';

/** The page's WebGPU adapter and device, shared by our engine's measurements. */
export interface WebgpuSession {
  adapterName: string;
  device: GPUDevice;
  /** Best GFLOP/s of our matmul variants at 512×512×512 on this device. */
  rooflineGflops(quick: boolean): Promise<number>;
}

export interface OursWebgpu {
  msPerStep: number;
  kernels: Record<string, string> | null;
  memoryBytes: number | null;
}

/** The engine's own device helper (same limits and features as the app asks for), or null. */
export async function openWebgpuSession(progress: (line: string) => void): Promise<WebgpuSession | null> {
  let opened: Awaited<ReturnType<typeof requestWebGpuDevice>>;
  try {
    opened = await requestWebGpuDevice();
  } catch (error) {
    progress(`no WebGPU: ${(error as Error).message}`);
    return null;
  }
  const { device } = opened;
  return {
    adapterName: opened.adapterName,
    device,
    rooflineGflops: async (quick) => {
      const rates = await gemmRates(device, quick);
      for (const r of rates) progress(`  ${r.variant} at 512³: ${r.gflops.toFixed(2)} GFLOP/s`);
      return Math.max(...rates.map((r) => r.gflops));
    },
  };
}

/**
 * Median ms per step of our WebGPU engine on a run, and what its autotuner chose. The backend's
 * start-up (autotuning, pipeline compilation) is outside the timing, as the warm-up step is.
 */
export async function measureOursWebgpu(
  session: WebgpuSession,
  run: BenchRun,
  reps: Repetitions,
  stepsPerRep: number,
): Promise<OursWebgpu> {
  const weights = initWeights(modelShape(run.layers, run.features, run.outputs), WEIGHT_SEED);
  const backend = await createWebGpuBackend(benchConfig(run), benchDataset(run), weights, session.device, {
    adapterName: session.adapterName,
  });
  try {
    const msPerStep = await backendMsPerStep(backend, run, reps, stepsPerRep);
    return {
      msPerStep,
      kernels: backend.info.kernels ?? null,
      memoryBytes: backend.info.memoryBytes ?? null,
    };
  } finally {
    backend.dispose();
  }
}
