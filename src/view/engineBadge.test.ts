import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../engine/contracts/backend';
import { translator } from '../i18n';
import { engineBadge } from './engineBadge';

/** The badge in plain words, English and Chinese: where training runs, and (tooltip) why. */
const en = translator('en');
const zh = translator('zh-CN');
const say = (badge: ReturnType<typeof engineBadge>, t = en) => ({
  kind: badge.kind,
  label: t(badge.label.key, badge.label.vars),
  why: badge.why.map((w) => t(w.key, w.vars)),
});

const WASM: BackendInfo = { kind: 'wasm', label: 'WebAssembly SIMD', threads: 2 };
const GPU: BackendInfo = {
  kind: 'webgpu',
  label: 'google swiftshader',
  kernels: { projection: 'matmul_8x8', cell: 'lstm_cell_vec4' },
};

describe('engineBadge', () => {
  it('before Train, from the plan: a software adapter names the CPU engine and why, in both languages', () => {
    const plan = {
      choice: { engine: 'wasm' as const, why: 'softwareGpu' as const, adapter: 'google swiftshader' },
      threads: 2,
    };
    expect(say(engineBadge(null, null, plan))).toEqual({
      kind: 'wasm',
      label: 'Trains on the CPU: WebAssembly, 2 threads',
      why: [
        'Graphics adapter: google swiftshader',
        'WebGPU runs in software here, on the CPU, and the WebAssembly engine is faster on this device, so it trains. (engine=webgpu in the link forces WebGPU.)',
      ],
    });
    expect(say(engineBadge(null, null, plan), zh).label).toBe('在 CPU 上训练：WebAssembly，2 个线程');
  });

  it('on a GPU: plain words, the adapter in the tooltip, kernels only in a data attribute', () => {
    const badge = engineBadge(GPU, { engine: 'webgpu', why: 'gpu', adapter: 'NVIDIA RTX' }, null);
    expect(say(badge)).toEqual({
      kind: 'webgpu',
      label: 'Trains on your GPU',
      why: ['Graphics adapter: NVIDIA RTX', 'WebGPU found a graphics card, so the GPU engine trains.'],
    });
    expect(badge.why.some((w) => JSON.stringify(w).includes('matmul'))).toBe(false);
    expect(badge.kernels).toBe('projection: matmul_8x8\ncell: lstm_cell_vec4');
  });

  it("the run's engine wins over the plan (a device that failed after the plan said GPU)", () => {
    const plan = { choice: { engine: 'webgpu' as const, why: 'gpu' as const, adapter: 'GPU' }, threads: 2 };
    const choice = {
      engine: 'wasm' as const,
      why: 'gpuFailed' as const,
      adapter: 'GPU',
      detail: 'device lost at start',
    };
    expect(say(engineBadge(WASM, choice, plan))).toEqual({
      kind: 'wasm',
      label: 'Trains on the CPU: WebAssembly, 2 threads',
      why: [
        'Graphics adapter: GPU',
        'WebGPU could not run this model (device lost at start), so a CPU engine trains.',
      ],
    });
  });

  it('one thread says why; no WebGPU says why; a forced WebGPU with none names no engine', () => {
    const plan = {
      choice: { engine: 'wasm' as const, why: 'noWebGpu' as const, detail: 'no adapter was found' },
      threads: 1,
      singleThreadReason: 'the page is not cross-origin isolated',
    };
    expect(say(engineBadge(null, null, plan))).toEqual({
      kind: 'wasm',
      label: 'Trains on the CPU: WebAssembly, 1 thread',
      why: [
        'This browser offers no WebGPU here (no adapter was found), so a CPU engine trains.',
        'One thread only: the page is not cross-origin isolated.',
      ],
    });
    const forced = {
      choice: { engine: 'webgpu' as const, why: 'askedWebgpu' as const, detail: 'no adapter' },
      threads: 2,
    };
    expect(say(engineBadge(null, null, forced)).kind).toBe('none');
    expect(say(engineBadge(null, null, forced)).label).toBe('WebGPU asked for, not available here');
  });

  it('before the worker answers: a neutral placeholder, no engine named', () => {
    expect(say(engineBadge(null, null, null))).toEqual({
      kind: 'none',
      label: 'Finding the engine for this device…',
      why: [],
    });
  });

  it('the reference engine asked for by the link', () => {
    const badge = engineBadge(
      { kind: 'cpu', label: 'CPU (reference)' },
      { engine: 'ref', why: 'askedRef' },
      null,
    );
    expect(say(badge, zh).label).toBe('在 CPU 上训练：参考引擎（纯 TypeScript）');
    expect(say(badge).why).toEqual([
      'The link asks for the reference engine (engine=ref), the plain-TypeScript oracle the others are checked against.',
    ]);
  });

  it('names the one thread only on a one-thread WebAssembly engine', () => {
    const reason = 'the page is not cross-origin isolated';
    const one = { engine: 'wasm' as const, why: 'askedWasm' as const };
    const lineOf = (w: { key: string }[]) => w.filter((line) => line.key === 'singleThread');
    // The run's engine: WebAssembly on one thread says why; on two, or another engine, it does not.
    const running = (backend: BackendInfo) => lineOf(engineBadge(backend, one, null).why);
    expect(running({ ...WASM, threads: 1, singleThreadReason: reason })).toEqual([
      { key: 'singleThread', vars: { reason } },
    ]);
    expect(running({ ...WASM, threads: 2, singleThreadReason: reason })).toEqual([]);
    expect(running({ kind: 'cpu', label: 'CPU', singleThreadReason: reason })).toEqual([]);
    // The plan: the same rule.
    const planned = (engine: 'wasm' | 'ref', threads: number) =>
      lineOf(
        engineBadge(null, null, { choice: { engine, why: 'askedWasm' }, threads, singleThreadReason: reason })
          .why,
      );
    expect(planned('wasm', 1)).toHaveLength(1);
    expect(planned('wasm', 4)).toEqual([]);
    expect(planned('ref', 1)).toEqual([]);
  });

  it('the tooltip names the WebAssembly build that runs (relaxed SIMD or plain), in both languages', () => {
    const asked = { engine: 'wasm' as const, why: 'askedWasm' as const };
    const buildLine = (badge: ReturnType<typeof engineBadge>, t = en) => say(badge, t).why.slice(1);
    expect(buildLine(engineBadge({ ...WASM, wasmBuild: 'relaxed' }, asked, null))).toEqual([
      'WebAssembly SIMD with fused multiply-add (relaxed SIMD).',
    ]);
    expect(buildLine(engineBadge({ ...WASM, wasmBuild: 'plain' }, asked, null), zh)).toEqual([
      'WebAssembly SIMD（此浏览器不支持 relaxed SIMD，乘法与加法分开计算）。',
    ]);
    // Before Train, from the plan; and never on another engine.
    expect(buildLine(engineBadge(null, null, { choice: asked, threads: 2, wasmBuild: 'relaxed' }))).toEqual([
      'WebAssembly SIMD with fused multiply-add (relaxed SIMD).',
    ]);
    const ref = {
      choice: { engine: 'ref' as const, why: 'askedRef' as const },
      threads: 2,
      wasmBuild: 'relaxed' as const,
    };
    expect(buildLine(engineBadge(null, null, ref))).toEqual([]);
  });

  it('adds the technical detail on its own line only where the reason does not name it', () => {
    const detail = 'memory64 is off';
    // askedWasm does not name a detail: it comes on a line of its own.
    expect(engineBadge(WASM, { engine: 'wasm', why: 'askedWasm', detail }, null).why).toEqual([
      { key: 'whyAskedWasm', vars: { reason: detail } },
      { key: 'engineDetail', vars: { reason: detail } },
    ]);
    // A lost GPU names it in its sentence, so no second line.
    expect(engineBadge(WASM, { engine: 'wasm', why: 'gpuLost', detail }, null).why).toEqual([
      { key: 'whyGpuLost', vars: { reason: detail } },
    ]);
    expect(say(engineBadge(WASM, { engine: 'wasm', why: 'gpuLost', detail }, null)).why[0]).toContain(detail);
    // No detail: the reason alone, with an empty {reason}.
    expect(engineBadge(WASM, { engine: 'wasm', why: 'askedWasm' }, null).why).toEqual([
      { key: 'whyAskedWasm', vars: { reason: '' } },
    ]);
    // A running engine before the worker said why: no lines at all.
    expect(engineBadge(WASM, null, null).why).toEqual([]);
  });

  it('from the plan: the reference engine is the CPU kind; WebGPU with no detail is WebGPU; no kernels yet', () => {
    const ref = engineBadge(null, null, { choice: { engine: 'ref', why: 'askedRef' }, threads: 4 });
    expect(ref).toMatchObject({ kind: 'cpu', label: { key: 'referenceEngine' }, kernels: '' });
    const gpu = engineBadge(null, null, {
      choice: { engine: 'webgpu', why: 'gpu', adapter: 'A' },
      threads: 4,
    });
    expect(gpu).toMatchObject({ kind: 'webgpu', label: { key: 'badgeGpu' }, kernels: '' });
    expect(engineBadge(null, null, null)).toEqual({
      kind: 'none',
      label: { key: 'badgePending' },
      why: [],
      kernels: '',
    });
  });
});

describe('engineBadge before any plan', () => {
  it('names no engine, gives no reason and lists no kernels', () => {
    const badge = engineBadge(null, null, null);
    expect(badge.kind).toBe('none');
    expect(badge.why).toEqual([]);
    expect(badge.kernels).toBe('');
  });
});
