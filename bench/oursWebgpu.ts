import { requestWebGpuDevice } from '../src/engine/webgpu/device';
import type { BenchRun } from './configs';
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

export async function measureOursWebgpu(
  _session: WebgpuSession,
  _run: BenchRun,
  _reps: Repetitions,
  _stepsPerRep: number,
): Promise<OursWebgpu> {
  throw new Error('the WebGPU engine has not landed yet');
}
