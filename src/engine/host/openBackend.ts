import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import type { Weights } from '../../model/params';
import type { Backend } from '../contracts/backend';
import { createReferenceBackend } from '../reference/backend';
import { ConfigTooHeavyError, cpuStepTooHeavy } from '../training/stepCost';
import { createWasmBackend } from '../wasm/backend';
import type { WasmPlatform } from '../wasm/platform';
import { adapterFacts, requestWebGpuAdapter, requestWebGpuDevice, type WebGpuDevice } from '../webgpu/device';
import { type AdapterAnswer, chooseEngine, type EngineChoice } from './engineChoice';
import type { EnginePreference } from './enginePreference';

export interface OpenedBackend {
  backend: Backend;
  /** Why the engine below the chosen one runs, in the engines' words (absent when it runs as chosen). */
  fallbackReason?: string;
  /** Which engine was chosen and why (openBackend; openCpuBackend alone leaves it out). */
  choice?: EngineChoice;
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

/** A forced WebGPU (engine=webgpu) where this browser has none: the run does not start. */
export class WebGpuRequiredError extends Error {
  constructor(readonly reason: string) {
    super(
      `This link asks for the WebGPU engine (engine=webgpu), and it cannot run here: ${reason}. Remove engine=webgpu from the link to train on the CPU.`,
    );
    this.name = 'WebGpuRequiredError';
  }
}

let adapterAnswer: Promise<AdapterAnswer> | null = null;

/**
 * Asks the browser for an adapter (not a device: nothing is held) and says what it is, or why
 * there is none; once per worker, as the badge before Train and every start ask the same.
 */
function askAdapter(): Promise<AdapterAnswer> {
  adapterAnswer ??= requestWebGpuAdapter().then(
    (adapter): AdapterAnswer => ({ facts: adapterFacts(adapter) }),
    (error): AdapterAnswer => ({ missing: (error as Error).message }),
  );
  return adapterAnswer;
}

/**
 * The engine a run with this preference would start on here, without building one: what the badge
 * shows before Train. `wasm` and `ref` ask the browser nothing.
 */
export async function planEngine(
  preference: EnginePreference,
  ask: () => Promise<AdapterAnswer> = askAdapter,
): Promise<EngineChoice> {
  if (preference === 'wasm' || preference === 'ref') return chooseEngine(preference, { missing: '' });
  return chooseEngine(preference, await ask());
}

/**
 * The engine the choice names (engineChoice.ts), or the next one down (WebGPU → WebAssembly →
 * reference), saying why. A forced WebGPU where there is none is WebGpuRequiredError; a WebGPU
 * (forced or not) that cannot hold this model hands it to a CPU engine, as a lost device does.
 * A config too heavy for a CPU engine's step is refused (ConfigTooHeavyError), not started on one.
 */
export async function openBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  platform: WasmPlatform,
  preference: EnginePreference = 'auto',
  ask: () => Promise<AdapterAnswer> = askAdapter,
): Promise<OpenedBackend> {
  const choice = await planEngine(preference, ask);
  const cpu = async (chosen: EngineChoice): Promise<OpenedBackend> => {
    const verdict = cpuStepTooHeavy(config, { ...dataset, trainRows: dataset.train.n });
    if (verdict) throw new ConfigTooHeavyError(verdict);
    if (chosen.engine === 'ref')
      return { backend: createReferenceBackend(config, dataset, weights), choice: chosen };
    const opened = await openCpuBackend(config, dataset, weights, platform);
    const detail = [chosen.detail, opened.fallbackReason].filter(Boolean).join('; ');
    const engine = opened.backend.info.kind === 'cpu' ? 'ref' : 'wasm';
    return { ...opened, choice: { ...chosen, engine, ...(detail ? { detail } : {}) } };
  };
  if (choice.engine !== 'webgpu') return withTooHeavyReason(cpu(choice), choice);
  if (choice.detail !== undefined) throw new WebGpuRequiredError(choice.detail); // forced, and no adapter
  let gpuReason: string;
  try {
    const gpu = await sharedDevice();
    const { createWebGpuBackend } = await import('../webgpu/backend');
    const backend = await createWebGpuBackend(config, dataset, weights, gpu.device, {
      adapterName: gpu.adapterName,
    });
    return { backend, choice: { ...choice, adapter: gpu.adapterName } };
  } catch (error) {
    gpuReason = (error as Error).message;
  }
  // There is an adapter, but no device or not this model on it (its limits): a CPU engine, saying why.
  const fallen: EngineChoice = {
    engine: 'wasm',
    why: 'gpuFailed',
    adapter: choice.adapter,
    detail: gpuReason,
  };
  return withTooHeavyReason(cpu(fallen), fallen);
}

/** A CPU engine's refusal of a heavy config says why the run was on a CPU engine at all. */
async function withTooHeavyReason(
  opening: Promise<OpenedBackend>,
  choice: EngineChoice,
): Promise<OpenedBackend> {
  try {
    const opened = await opening;
    return opened.choice?.detail ? { ...opened, fallbackReason: opened.choice.detail } : opened;
  } catch (refusal) {
    if (refusal instanceof ConfigTooHeavyError && choice.detail) refusal.fallbackReason = choice.detail;
    throw refusal;
  }
}
