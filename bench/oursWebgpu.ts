import { initWeights } from '../src/engine/reference/init';
import { createWebGpuBackend } from '../src/engine/webgpu/backend';
import { requestWebGpuDevice } from '../src/engine/webgpu/device';
import { type BackendTimings, backendTimings, type StepPlan } from './backendStep';
import { type BenchRun, benchConfig, benchDataset, benchShape } from './configs';
import { WEIGHT_SEED } from './oursCpu';
import { gemmRates } from './roofline';

/** The page's WebGPU adapter and device, shared by our engine's measurements. */
export interface WebgpuSession {
  adapterName: string;
  device: GPUDevice;
  /**
   * The time requestWebGpuDevice took, once: the first run measured counts it in its time to
   * first step (as TF.js's first setBackend('webgpu') counts its own adapter and device), later
   * runs in the page get 0.
   */
  takeDeviceMs(): number;
  /** Best GFLOP/s of our matmul variants at 512×512×512 on this device: our best GEMM here. */
  rooflineGflops(quick: boolean): Promise<number>;
}

/** The engine's own device helper (same limits and features as the app asks for), or null. */
export async function openWebgpuSession(progress: (line: string) => void): Promise<WebgpuSession | null> {
  const start = performance.now();
  let opened: Awaited<ReturnType<typeof requestWebGpuDevice>>;
  try {
    opened = await requestWebGpuDevice();
  } catch (error) {
    progress(`no WebGPU: ${(error as Error).message}`);
    return null;
  }
  let deviceMs = performance.now() - start;
  const { device } = opened;
  return {
    adapterName: opened.adapterName,
    device,
    takeDeviceMs: () => {
      const ms = deviceMs;
      deviceMs = 0;
      return ms;
    },
    rooflineGflops: async (quick) => {
      const rates = await gemmRates(device, quick);
      for (const r of rates) progress(`  ${r.variant} at 512³: ${r.gflops.toFixed(2)} GFLOP/s`);
      return Math.max(...rates.map((r) => r.gflops));
    },
  };
}

/**
 * Our WebGPU engine on a run: time to first step (the session's device time if not yet counted,
 * createWebGpuBackend with its autotuning and pipeline compilation, one step) and median ms per
 * step, with what the autotuner chose.
 */
export async function measureOursWebgpu(
  session: WebgpuSession,
  run: BenchRun,
  plan: StepPlan,
): Promise<BackendTimings> {
  const weights = initWeights(benchShape(run), WEIGHT_SEED);
  const deviceMs = session.takeDeviceMs();
  const timings = await backendTimings(
    () =>
      createWebGpuBackend(benchConfig(run), benchDataset(run), weights, session.device, {
        adapterName: session.adapterName,
      }),
    run,
    plan,
  );
  return { ...timings, firstStepMs: timings.firstStepMs + deviceMs };
}
