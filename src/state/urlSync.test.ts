import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { PRESETS } from '../model/presets';
import { queryFromState, stateFromQuery } from './urlSync';

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

  it('the hidden engine key: auto unless a link names one; auto is not written; an unknown one is a problem', () => {
    expect(stateFromQuery('?u=8').engine).toBe('auto');
    expect(stateFromQuery('?engine=WASM').engine).toBe('wasm');
    const state = stateFromQuery('?u=8');
    expect(queryFromState(state)).not.toContain('engine');
    const bad = stateFromQuery('?engine=gpu9000');
    expect(bad.engine).toBe('auto');
    expect(bad.linkProblems.map((p) => p.message)).toEqual([
      'engine=gpu9000 is not one of auto, wasm, ref; ignored',
    ]);
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
});
