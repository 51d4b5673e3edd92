import { describe, expect, it } from 'vitest';
import { ENGINE_PREFERENCES } from '../engine/host/enginePreference';
import { DEFAULT_CONFIG } from '../model/config';
import { PRESETS } from '../model/presets';
import { queryFromState, shareLink, stateFromQuery } from './urlSync';

describe('url sync', () => {
  it('a link written from a state reads back as the same state', () => {
    const state = {
      config: { ...DEFAULT_CONFIG, dropout: 0.3, layers: [16, 8] },
      lang: 'zh-CN' as const,
      hidden: ['l1' as const, 'seed' as const],
      preset: null,
      engine: 'ref' as const,
    };
    const back = stateFromQuery(queryFromState(state));
    expect(back.config).toEqual(state.config);
    expect(back.lang).toBe('zh-CN');
    expect(back.hidden).toEqual(['l1', 'seed']);
    expect(back.engine).toBe('ref');
    expect(back.linkProblems).toEqual([]);
  });

  it('every engine preference survives a round trip through the link (webgpu: the WebGPU e2e project forces it)', () => {
    for (const engine of ENGINE_PREFERENCES) {
      const state = { config: DEFAULT_CONFIG, lang: 'en' as const, hidden: [], preset: null, engine };
      const query = queryFromState(state);
      expect(stateFromQuery(`?${query}`).engine).toBe(engine);
      if (engine !== 'auto') expect(new URLSearchParams(query).get('engine')).toBe(engine);
    }
    expect(ENGINE_PREFERENCES).toContain('webgpu');
  });

  it('the hidden engine key: auto unless a link names one; auto is not written; an unknown one is a problem', () => {
    expect(stateFromQuery('?u=8').engine).toBe('auto');
    expect(stateFromQuery('?engine=WASM').engine).toBe('wasm');
    expect(stateFromQuery('?engine=webgpu').engine).toBe('webgpu');
    const state = stateFromQuery('?u=8');
    expect(queryFromState(state)).not.toContain('engine');
    const bad = stateFromQuery('?engine=gpu9000');
    expect(bad.engine).toBe('auto');
    expect(bad.linkProblems.map((p) => p.message)).toEqual([
      'engine=gpu9000 is not one of auto, webgpu, wasm, ref; ignored',
    ]);
  });

  it('an embedded page writes its link back with embed=1; the full page and its share link without', () => {
    const state = stateFromQuery('?preset=overfit&embed=1');
    expect(state.linkProblems).toEqual([]);
    expect(new URLSearchParams(queryFromState(state, true)).get('embed')).toBe('1');
    expect(queryFromState(state)).not.toContain('embed');
    expect(shareLink(state, { origin: 'https://a.example', pathname: '/lstm/' })).not.toContain('embed');
  });

  it('a lesson and its step read back from the link; a bad lesson leaves the normal page', () => {
    const state = stateFromQuery('?preset=sentiment&lesson=word-order&lstep=4');
    expect(state.lesson).toEqual({ name: 'word-order', step: 4 });
    expect(queryFromState(state)).toContain('&lesson=word-order&lstep=4');
    expect(stateFromQuery(queryFromState(state)).lesson).toEqual({ name: 'word-order', step: 4 });
    const bad = stateFromQuery('?preset=sentiment&lesson=nope');
    expect(bad.lesson).toBeNull();
    expect(bad.preset).toBe('sentiment');
    expect(bad.linkProblems.map((p) => p.param)).toEqual(['lesson']);
    expect(queryFromState(bad)).not.toContain('lesson');
  });

  it('?preset= opens the preset', () => {
    const back = stateFromQuery('?preset=dropout');
    expect(back.preset).toBe('dropout');
    expect(back.config).toEqual(PRESETS.dropout.config);
  });

  it('a custom dataset in a link says the data is missing and falls back to a built-in set', () => {
    const back = stateFromQuery('?d=custom&custom=my%20sales');
    expect(back.customMissingName).toBe('my sales');
    expect(back.config.dataset.name).toBe(DEFAULT_CONFIG.dataset.name);
  });

  it('garbage becomes problems, not a crash', () => {
    const back = stateFromQuery('?lr=banana&u=9999&lang=<script>&zzz=1');
    expect(back.linkProblems.length).toBeGreaterThanOrEqual(3);
    expect(back.lang).toBe('en');
  });

  it('a custom dataset without a name is missing as "custom"', () => {
    expect(stateFromQuery('?d=custom').customMissingName).toBe('custom');
    expect(stateFromQuery('?d=sine').customMissingName).toBeNull();
  });

  it('a plain link opens in English, nothing hidden, no preset and the inside views closed', () => {
    const back = stateFromQuery('?u=8');
    expect(back).toMatchObject({
      lang: 'en',
      hidden: [],
      preset: null,
      inside: null,
      customMissingName: null,
    });
  });

  it('an unknown preset opens none and says so', () => {
    const back = stateFromQuery('?preset=nosuch');
    expect(back.preset).toBeNull();
    expect(back.config).toEqual(DEFAULT_CONFIG);
    expect(back.linkProblems.map((p) => p.param)).toEqual(['preset']);
  });

  it('Copy link gives the page address with the state, the inside views included; no empty hide key', () => {
    const state = {
      ...stateFromQuery('?lang=zh-CN'),
      inside: { view: 'units' as const, window: 3, layer: 1, unit: 2 },
    };
    const link = shareLink(state, { origin: 'https://example.org', pathname: '/play/' });
    expect(link).toBe(
      'https://example.org/play/?v=1&d=sine&n=256&t=20&nz=0.3&vf=0.25&u=32&cell=lstm&bi=0&att=none&da=general&dr=0&rd=0&od=0&l1=0' +
        '&l2=0&o=adam&lr=0.01&b=32&e=60&cn=0&es=0&pa=8&md=0&rb=1&s=42&lang=zh-CN&view=units&win=3&layer=1&unit=2',
    );
    expect(queryFromState({ ...state, preset: 'l2', inside: null })).toMatch(/^v=1&preset=l2&/);
  });
});
