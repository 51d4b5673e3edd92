import type { BenchRun } from './configs';
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

export async function openWebgpuSession(): Promise<WebgpuSession | null> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  const device = await adapter.requestDevice();
  const { vendor, architecture, description } = adapter.info;
  return {
    adapterName: [description || architecture, vendor].filter(Boolean).join(' / ') || 'unknown adapter',
    device,
    rooflineGflops: async () => {
      throw new Error('the WebGPU engine matmul module has not landed yet');
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
