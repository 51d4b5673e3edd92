import { afterAll, describe, expect, it, vi } from 'vitest';
import { create, globals } from 'webgpu';
import { randomDataset } from '../../../test/support/engine/randomDataset';
import { buildDataset } from '../../data';
import { type Config, DEFAULT_CONFIG } from '../../model/config';
import { ATTENTION_SCORES } from '../../model/layers';
import { engineShapeOf, modelShapeOf } from '../../model/params';
import { initWeights } from '../reference/init';
import { nodeWasmPlatform } from '../wasm/nodePlatform';
import type { AdapterAnswer } from './engineChoice';
import { openBackend } from './openBackend';

/**
 * openBackend's WebGPU path, with the browser's navigator.gpu stood in for by Dawn for Node
 * (SwiftShader): a model with attention, and a translation model (issue 23), open the WebGPU engine
 * itself, with no fallback reason. Seen failing while the WebGPU step refused each of them: the
 * WebAssembly engine, why 'gpuFailed'.
 */
// Module scope: the object create() returns must outlive its adapters and devices (nodeDevice.ts).
Object.assign(globalThis, globals);
const gpu = create([]);
vi.stubGlobal('navigator', { gpu });
afterAll(() => {
  vi.unstubAllGlobals();
});

const data = randomDataset('classification', 10, 3, 2, 3, 5);
const gpuAdapter = async (): Promise<AdapterAnswer> => ({
  facts: { vendor: 'nvidia', architecture: 'ampere' },
});

describe('openBackend: a model with attention trains on the WebGPU engine, not a fallback', () => {
  for (const attention of ATTENTION_SCORES)
    it(`${attention} attention, auto on a hardware adapter: WebGPU, no fallback reason`, async () => {
      const config: Config = { ...DEFAULT_CONFIG, layers: [6], batchSize: 4, epochs: 1, attention };
      const weights = initWeights(modelShapeOf(config, 2, 3), 1);
      const opened = await openBackend(
        config,
        data,
        weights,
        nodeWasmPlatform({ threads: 1 }),
        'auto',
        gpuAdapter,
      );
      expect(opened.choice?.detail).toBeUndefined();
      expect(opened.fallbackReason).toBeUndefined();
      expect(opened.backend.info.kind).toBe('webgpu');
      expect(opened.choice).toMatchObject({ engine: 'webgpu', why: 'gpu' });
      opened.backend.dispose();
    });
});

describe('openBackend: a translation model (issue 23) trains on the WebGPU engine, not a fallback', () => {
  it('auto on a hardware adapter: WebGPU, no fallback reason', async () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'dates', timesteps: 12 },
      layers: [6],
      batchSize: 4,
      epochs: 1,
    };
    const dataset = buildDataset(config.dataset, 1, {});
    const weights = initWeights(engineShapeOf(config, dataset), 1);
    const opened = await openBackend(
      config,
      dataset,
      weights,
      nodeWasmPlatform({ threads: 1 }),
      'auto',
      gpuAdapter,
    );
    expect(opened.fallbackReason).toBeUndefined();
    expect(opened.backend.info.kind).toBe('webgpu');
    expect(opened.choice).toMatchObject({ engine: 'webgpu', why: 'gpu' });
    opened.backend.dispose();
  });
});
