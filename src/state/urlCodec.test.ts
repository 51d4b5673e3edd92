import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { decode, encode } from './urlCodec';

/** The public seam at its documented address: the same codec as src/link/urlCodec.ts (tested there). */
describe('the link codec at src/state/urlCodec', () => {
  it('round-trips a config and reports a bad parameter by name, never throwing', () => {
    const config = { ...DEFAULT_CONFIG, learningRate: 0.003 };
    expect(decode(encode(config))).toEqual({ config, extras: {}, problems: [] });
    const { config: kept, problems } = decode('lr=abc');
    expect(kept.learningRate).toBe(DEFAULT_CONFIG.learningRate);
    expect(problems.map((p) => p.param)).toEqual(['lr']);
    expect(() => decode('%%%&&&=\u0000')).not.toThrow();
  });
});
