import { describe, expect, it } from 'vitest';
import { checkInputSize } from '../data/splits';
import { cloneConfig, DEFAULT_CONFIG, validateConfig } from './config';

/**
 * Every limit of a run, at its bound, just inside and just outside, as literal numbers: a limit
 * changed in LIMITS must break its line here (these tests never read LIMITS). Whole-number limits
 * are probed one step away, real ones 0.000001 away (finer than any control's step).
 */

/** DEFAULT_CONFIG with one field, by dotted path ('dataset.trainSize', 'layers.0'), set to `value`. */
function withField(path: string, value: unknown): unknown {
  const config = cloneConfig(DEFAULT_CONFIG) as unknown as Record<string, unknown>;
  const names = path.split('.');
  const last = names.pop()!;
  const parent = names.reduce((node, name) => node[name] as Record<string, unknown>, config);
  parent[last] = value;
  return config;
}

describe('validateConfig at every limit', () => {
  it.each([
    // [path, below the min, min, just inside the min, just inside the max, max, above the max]
    ['dataset.trainSize', 7, 8, 9, 19_999, 20_000, 20_001],
    ['dataset.timesteps', 1, 2, 3, 199, 200, 201],
    ['dataset.noise', -0.000001, 0, 0.000001, 1.999999, 2, 2.000001],
    ['dataset.valFraction', 0.049999, 0.05, 0.050001, 0.499999, 0.5, 0.500001],
    ['layers.0', 0, 1, 2, 511, 512, 513],
    ['dropout', -0.000001, 0, 0.000001, 0.899999, 0.9, 0.900001],
    ['recurrentDropout', -0.000001, 0, 0.000001, 0.899999, 0.9, 0.900001],
    ['outputDropout', -0.000001, 0, 0.000001, 0.899999, 0.9, 0.900001],
    ['l1', -0.000001, 0, 0.000001, 0.999999, 1, 1.000001],
    ['l2', -0.000001, 0, 0.000001, 0.999999, 1, 1.000001],
    ['learningRate', 0.00000999, 0.00001, 0.00001001, 0.999999, 1, 1.000001],
    ['batchSize', 0, 1, 2, 511, 512, 513],
    ['epochs', 0, 1, 2, 999, 1000, 1001],
    ['clipnorm', -0.000001, 0, 0.000001, 99.999999, 100, 100.000001],
    ['earlyStopping.patience', 0, 1, 2, 199, 200, 201],
    ['earlyStopping.minDelta', -0.000001, 0, 0.000001, 0.999999, 1, 1.000001],
    ['seed', -1, 0, 1, 4_294_967_294, 4_294_967_295, 4_294_967_296],
  ] as const)(
    '%s: refuses %s, takes %s, %s, %s and %s, refuses %s',
    (path, below, min, insideMin, insideMax, max, above) => {
      for (const value of [min, insideMin, insideMax, max])
        expect(validateConfig(withField(path, value)), `${value}`).toMatchObject({ ok: true });
      for (const value of [below, above]) {
        const result = validateConfig(withField(path, value));
        expect(result.ok, `${value}`).toBe(false);
        // The problem names the knob by its path.
        if (!result.ok) expect(result.problems[0].startsWith(`${path}: `), result.problems[0]).toBe(true);
      }
    },
  );

  it.each([
    ['dataset.trainSize', 8.5],
    ['dataset.timesteps', 2.5],
    ['layers.0', 32.5],
    ['batchSize', 1.5],
    ['epochs', 999.5],
    ['earlyStopping.patience', 1.5],
    ['seed', 0.5],
  ] as const)('%s must be a whole number: refuses %s', (path, value) => {
    expect(validateConfig(withField(path, value))).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(`^${path}: `)],
    });
  });

  it('takes 1 to 4 stacked layers, not 0 and not 5', () => {
    const layers = (n: number) => validateConfig({ ...DEFAULT_CONFIG, layers: new Array(n).fill(8) });
    expect(layers(0)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^layers: /)] });
    expect(layers(1).ok).toBe(true);
    expect(layers(2).ok).toBe(true);
    expect(layers(3).ok).toBe(true);
    expect(layers(4).ok).toBe(true);
    expect(layers(5)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^layers: /)] });
  });

  it('takes a custom data name of up to 80 characters', () => {
    expect(validateConfig(withField('dataset.customName', 'x'.repeat(79))).ok).toBe(true);
    expect(validateConfig(withField('dataset.customName', 'x'.repeat(80))).ok).toBe(true);
    expect(validateConfig(withField('dataset.customName', 'x'.repeat(81)))).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^dataset\.customName: /)],
    });
  });

  it('a problem with the whole config (not an object) names the config itself', () => {
    expect(validateConfig(null)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^config: /)] });
  });
});

describe('the size limit of one split: 8,000,000 numbers (windows × timesteps × features)', () => {
  it.each([
    [7_999_999, 1, 1],
    [4_000_000, 2, 1],
    [1_000_000, 2, 4], // 1,000,000 · 2 · 4 = 8,000,000, at the limit
    [40_000, 200, 1],
  ])('takes %i windows × %i × %i', (n, t, f) => {
    expect(() => checkInputSize(n, t, f, 'training')).not.toThrow();
  });

  it.each([
    [8_000_001, 1, 1],
    [4_000_001, 2, 1], // 8,000,002
    [40_001, 200, 1], // 8,000,200
    [20_000, 200, 3], // 12,000,000: the largest trainSize and timesteps, 3 features
  ])('refuses %i windows × %i × %i', (n, t, f) => {
    expect(() => checkInputSize(n, t, f, 'training')).toThrow(/over the limit of 8,000,000/);
  });
});
