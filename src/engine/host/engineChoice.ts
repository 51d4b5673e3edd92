import type { AdapterFacts } from '../contracts/adapter';
import { adapterLabel } from '../contracts/adapter';
import type { EnginePreference } from './enginePreference';

/**
 * Which engine a run takes, decided from what the browser says about its WebGPU adapter, before
 * any engine is built. A rule, not a race: a software adapter (SwiftShader, llvmpipe/lavapipe,
 * WARP, Chrome's fallback adapter) runs the GPU's shape of work on the same CPU cores the
 * WebAssembly engine uses, and the benchmark measured our WebGPU engine 7–21× slower than the
 * WebAssembly one there (README, "Benchmark"). Timing one step of each at every start would build
 * both engines (SwiftShader's pipelines alone take seconds), and a race decided by the load of the
 * moment would let the same link train on different engines from one run to the next.
 */

/**
 * Why this engine: `gpu` a graphics card; `softwareGpu` WebGPU runs in software here, so the
 * faster WebAssembly engine trains; `noWebGpu` no WebGPU at all; `asked*` the link's engine key;
 * `gpuFailed` an adapter, but no device or not this model on it (its limits), so a CPU engine;
 * `gpuLost` the GPU went away mid-run and the CPU engine took over.
 */
export type EngineWhy =
  | 'gpu'
  | 'softwareGpu'
  | 'noWebGpu'
  | 'askedWebgpu'
  | 'askedWasm'
  | 'askedRef'
  | 'gpuFailed'
  | 'gpuLost';

export interface EngineChoice {
  engine: 'webgpu' | 'wasm' | 'ref';
  why: EngineWhy;
  /** The adapter's name, where there is one (for the badge's tooltip). */
  adapter?: string;
  /** Technical detail: why WebGPU is missing, or why the WebAssembly engine could not run. */
  detail?: string;
}

/** What the browser gave when asked for an adapter: its facts, or why there is none. */
export type AdapterAnswer = { facts: AdapterFacts } | { missing: string };

/** Names that software rasterizers give themselves in an adapter's vendor, architecture or description. */
const SOFTWARE_NAMES =
  /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render driver|software|\bcpu\b/i;

/** A software adapter: Chrome says so, or its names are a software rasterizer's. */
export function isSoftwareAdapterFacts(facts: AdapterFacts): boolean {
  if (facts.isFallbackAdapter === true) return true;
  return [facts.vendor, facts.architecture, facts.device, facts.description].some(
    (s) => typeof s === 'string' && SOFTWARE_NAMES.test(s),
  );
}

/**
 * The engine for this preference and adapter. `auto`: WebGPU on a hardware adapter, the
 * WebAssembly engine on a software one or without WebGPU. `webgpu`: WebGPU whatever the adapter
 * (opening it fails with a clear message where there is none). `wasm`, `ref`: as asked.
 */
export function chooseEngine(preference: EnginePreference, answer: AdapterAnswer): EngineChoice {
  if (preference === 'wasm') return { engine: 'wasm', why: 'askedWasm' };
  if (preference === 'ref') return { engine: 'ref', why: 'askedRef' };
  if ('missing' in answer) {
    return preference === 'webgpu'
      ? { engine: 'webgpu', why: 'askedWebgpu', detail: answer.missing }
      : { engine: 'wasm', why: 'noWebGpu', detail: answer.missing };
  }
  const adapter = adapterLabel(answer.facts);
  if (preference === 'webgpu') return { engine: 'webgpu', why: 'askedWebgpu', adapter };
  if (isSoftwareAdapterFacts(answer.facts)) return { engine: 'wasm', why: 'softwareGpu', adapter };
  return { engine: 'webgpu', why: 'gpu', adapter };
}
