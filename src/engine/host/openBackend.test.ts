import { describe, expect, it } from 'vitest';
import { randomDataset } from '../../../test/support/engine/randomDataset';
import { CELL_TYPES, type Config, DEFAULT_CONFIG } from '../../model/config';
import { modelShapeOf } from '../../model/params';
import { initWeights } from '../reference/init';
import { nodeWasmPlatform } from '../wasm/nodePlatform';
import type { AdapterAnswer } from './engineChoice';
import { openBackend, planEngine, WebGpuRequiredError } from './openBackend';

/**
 * Which CPU engine a run gets, and what the fallback notice is told. The WebAssembly engine runs
 * every cell type in one direction and Bidirectional, so none of them may fall to the reference;
 * what it truly cannot run (here: kernels that do not load) falls to the reference with the
 * reason in words. Seen failing: a guard refusing `cell !== 'lstm'` sends GRU and SimpleRNN to the
 * reference (kind 'cpu', a reason given).
 */
const CONFIG: Config = { ...DEFAULT_CONFIG, layers: [6], batchSize: 4, epochs: 1 };
const data = randomDataset('classification', 10, 3, 2, 3, 5);

describe('openBackend on the CPU: the WebAssembly engine, else the reference, saying why', () => {
  for (const cell of CELL_TYPES)
    for (const bidirectional of [false, true])
      it(`${bidirectional ? 'Bidirectional ' : ''}${cell} opens the WebAssembly engine, no fallback reason`, async () => {
        const config: Config = { ...CONFIG, cell, bidirectional };
        const weights = initWeights(modelShapeOf(config, 2, 3), 1);
        const opened = await openBackend(config, data, weights, nodeWasmPlatform({ threads: 1 }), 'wasm');
        expect(opened.backend.info.kind).toBe('wasm');
        expect(opened.fallbackReason).toBeUndefined();
        opened.backend.dispose();
      });

  it('kernels that do not load: the reference engine trains, and the reason says so', async () => {
    const platform = {
      ...nodeWasmPlatform({ threads: 1 }),
      loadModule: () => Promise.reject(new Error('the WebAssembly kernels did not load (404)')),
    };
    const config: Config = { ...CONFIG, cell: 'gru', bidirectional: true };
    const opened = await openBackend(
      config,
      data,
      initWeights(modelShapeOf(config, 2, 3), 1),
      platform,
      'wasm',
    );
    expect(opened.backend.info.kind).toBe('cpu');
    expect(opened.fallbackReason).toBe(
      'the WebAssembly engine cannot run: the WebAssembly kernels did not load (404)',
    );
    opened.backend.dispose();
  });
});

describe('openBackend: the engine the choice names, built', () => {
  const config: Config = { ...CONFIG };
  const weights = () => initWeights(modelShapeOf(config, 2, 3), 1);
  const platform = nodeWasmPlatform({ threads: 1 });
  const swiftshader = async (): Promise<AdapterAnswer> => ({
    facts: { vendor: 'google', architecture: 'swiftshader' },
  });
  const none = async (): Promise<AdapterAnswer> => ({
    missing: 'WebGPU is not available: no adapter was found',
  });

  it('auto on a software adapter builds the WebAssembly engine, no device asked for, no fallback reason', async () => {
    const opened = await openBackend(config, data, weights(), platform, 'auto', swiftshader);
    expect(opened.backend.info.kind).toBe('wasm');
    expect(opened.choice).toEqual({ engine: 'wasm', why: 'softwareGpu', adapter: 'google swiftshader' });
    expect(opened.fallbackReason).toBeUndefined();
    opened.backend.dispose();
  });

  it('auto without WebGPU builds the WebAssembly engine and says why', async () => {
    const opened = await openBackend(config, data, weights(), platform, 'auto', none);
    expect(opened.backend.info.kind).toBe('wasm');
    expect(opened.choice?.why).toBe('noWebGpu');
    expect(opened.fallbackReason).toBe('WebGPU is not available: no adapter was found');
    opened.backend.dispose();
  });

  it('webgpu forced where there is none: no run, a WebGpuRequiredError naming the reason', async () => {
    const opening = openBackend(config, data, weights(), platform, 'webgpu', none);
    await expect(opening).rejects.toBeInstanceOf(WebGpuRequiredError);
    await expect(opening).rejects.toThrow(/engine=webgpu.*no adapter was found/);
  });

  it('the plan before Train asks the adapter only for auto and webgpu', async () => {
    let asked = 0;
    const counting = async () => {
      asked++;
      return swiftshader();
    };
    expect(await planEngine('wasm', counting)).toEqual({ engine: 'wasm', why: 'askedWasm' });
    expect(await planEngine('ref', counting)).toEqual({ engine: 'ref', why: 'askedRef' });
    expect(asked).toBe(0);
    expect((await planEngine('auto', counting)).engine).toBe('wasm');
    expect((await planEngine('webgpu', counting)).engine).toBe('webgpu');
    expect(asked).toBe(2);
  });
});
