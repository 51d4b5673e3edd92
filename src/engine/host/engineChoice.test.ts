import { describe, expect, it } from 'vitest';
import { type AdapterFacts, adapterLabel } from '../contracts/adapter';
import { chooseEngine, isSoftwareAdapterFacts } from './engineChoice';

/**
 * auto takes the faster engine here: WebGPU on a graphics card, the WebAssembly engine where
 * WebGPU runs in software (measured 7–21× faster there) or is missing. Seen failing: a rule that
 * looked only at isFallbackAdapter takes SwiftShader as Chromium's --use-webgpu-adapter=swiftshader
 * reports it (vendor google, architecture swiftshader, no fallback flag).
 */
const SWIFTSHADER: AdapterFacts = { vendor: 'google', architecture: 'swiftshader', description: '' };
const LLVMPIPE: AdapterFacts = {
  vendor: 'mesa',
  architecture: '',
  description: 'llvmpipe (LLVM 15.0.6, 256 bits)',
};
const WARP: AdapterFacts = { vendor: 'microsoft', description: 'Microsoft Basic Render Driver' };
const FLAGGED: AdapterFacts = { isFallbackAdapter: true, vendor: 'unknown' };
const NVIDIA: AdapterFacts = {
  vendor: 'nvidia',
  architecture: 'ada-lovelace',
  description: 'NVIDIA GeForce RTX 4070',
};
const APPLE: AdapterFacts = { vendor: 'apple', architecture: 'metal-3', isFallbackAdapter: false };
const INTEL: AdapterFacts = {
  vendor: 'intel',
  architecture: 'gen-12lp',
  description: 'Intel(R) UHD Graphics 770',
};

describe('chooseEngine: the engine that is faster on this device', () => {
  it.each([
    ['SwiftShader', SWIFTSHADER],
    ['llvmpipe', LLVMPIPE],
    ['WARP', WARP],
    ["Chrome's fallback adapter", FLAGGED],
  ])(
    'auto on a software adapter (%s): the WebAssembly engine, because WebGPU runs in software',
    (_, facts) => {
      const choice = chooseEngine('auto', { facts });
      expect(choice).toEqual({ engine: 'wasm', why: 'softwareGpu', adapter: adapterLabel(facts) });
    },
  );

  it.each([
    ['NVIDIA', NVIDIA],
    ['Apple', APPLE],
    ['Intel', INTEL],
  ])('auto on a graphics card (%s): WebGPU', (_, facts) => {
    expect(chooseEngine('auto', { facts })).toEqual({
      engine: 'webgpu',
      why: 'gpu',
      adapter: adapterLabel(facts),
    });
  });

  it('auto without WebGPU: the WebAssembly engine, with the reason WebGPU is missing', () => {
    expect(chooseEngine('auto', { missing: 'no adapter was found' })).toEqual({
      engine: 'wasm',
      why: 'noWebGpu',
      detail: 'no adapter was found',
    });
  });

  it('webgpu forces WebGPU on a software adapter; without one it keeps the reason (the run refuses)', () => {
    expect(chooseEngine('webgpu', { facts: SWIFTSHADER })).toEqual({
      engine: 'webgpu',
      why: 'askedWebgpu',
      adapter: 'google swiftshader',
    });
    expect(chooseEngine('webgpu', { missing: 'navigator.gpu is missing' })).toEqual({
      engine: 'webgpu',
      why: 'askedWebgpu',
      detail: 'navigator.gpu is missing',
    });
  });

  it('wasm and ref are taken as asked, whatever the adapter', () => {
    expect(chooseEngine('wasm', { facts: NVIDIA })).toEqual({ engine: 'wasm', why: 'askedWasm' });
    expect(chooseEngine('ref', { facts: NVIDIA })).toEqual({ engine: 'ref', why: 'askedRef' });
  });
});

describe('isSoftwareAdapterFacts', () => {
  it('the fallback flag decides where it is true; names decide where it is absent or false', () => {
    expect(isSoftwareAdapterFacts({ isFallbackAdapter: true, vendor: 'nvidia' })).toBe(true);
    expect(
      isSoftwareAdapterFacts({ isFallbackAdapter: false, vendor: 'google', architecture: 'swiftshader' }),
    ).toBe(true);
    expect(isSoftwareAdapterFacts({})).toBe(false);
  });

  it('words that merely contain a software name are not one (no "warp" inside another word)', () => {
    expect(isSoftwareAdapterFacts({ vendor: 'acme', description: 'Warpspeed 9000 GPU' })).toBe(false);
    expect(
      isSoftwareAdapterFacts({ vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon 780M' }),
    ).toBe(false);
  });
});

describe('adapterLabel', () => {
  it('names the adapter by its non-empty fields, once each', () => {
    expect(adapterLabel(SWIFTSHADER)).toBe('google swiftshader');
    expect(adapterLabel({ vendor: 'apple', architecture: 'apple', device: '' })).toBe('apple');
    expect(adapterLabel({})).toBe('WebGPU adapter');
  });
});
