import { describe, expect, it } from 'vitest';
import { type DatasetConfig, type DatasetName, DEFAULT_CONFIG } from '../model/config';
import { buildAdding } from './adding';
import { buildDataset } from './index';
import { Prng } from './prng';
import { SENTIMENT_VOCABULARY } from './sentiment';
import { buildSine } from './sine';
import { buildTenclass, TENCLASS_NAMES } from './tenclass';

/*
 * The generators re-run here from their documented recipes, drawing from the same seeded stream
 * (the Prng is checked against a Python port in prng.test.ts), with the formulas written out anew.
 */
const cfg = (name: DatasetName, over: Partial<DatasetConfig>): DatasetConfig => ({
  ...DEFAULT_CONFIG.dataset,
  name,
  ...over,
});
/** The training split's stream: buildX(config, prng) draws it as prng.fork(0). */
const trainStream = (seed: number) => new Prng(seed).fork(0);
const frac = (v: number) => ((v % 1) + 1) % 1;

/*
 * The fixed projection: 8 normals of Prng(0x7e5c1a55), divided by their root mean square; from the
 * Python port in prng.test.ts: p = P(0x7e5c1a55); w = [p.normal() for _ in range(8)];
 * r = sqrt(sum(x*x for x in w) / 8); print([x / r for x in w]).
 */
const PROJECTION = [
  0.8117968667917351, -0.5091465503463865, -0.4235467437666619, 0.9503266117182451, -1.801418277675253,
  -0.04820802776940216, -1.476171555742643, 0.7567885022743986,
];

/** Class k's shape at u in [0, 1], phase p, centre c, as the tenclass doc describes them. */
const SHAPE: ((u: number, p: number, c: number) => number)[] = [
  (u, p) => Math.sin(2 * Math.PI * u + 2 * Math.PI * p), // slow sine: one cycle
  (u, p) => Math.sin(8 * Math.PI * u + 2 * Math.PI * p), // fast sine: four cycles
  (u, p) => (frac(2 * u + p) >= 0.5 ? -1 : 1), // square: two cycles, high first
  (u, p) => -1 + 2 * frac(2 * u + p), // sawtooth rising from −1 to 1
  (u, p) => {
    const f = frac(2 * u + p); // triangle: −1 at f = 0 and 1, +1 at f = ½
    return f < 0.5 ? -1 + 4 * f : 3 - 4 * f;
  },
  (u, p) => Math.sin(2 * Math.PI * p + Math.PI * u + 4 * Math.PI * u * u), // chirp
  (u) => -1 + 2 * u, // ramp up
  (u) => 1 - 2 * u, // ramp down
  (u, _p, c) => -1 + 2 / Math.exp(((u - c) / 0.12) ** 2), // bump at c
  (u, _p, c) => (u >= c ? 1 : -1), // step at c
];

describe('tenclass recipe', () => {
  it('names its classes and channels', () => {
    // biome-ignore format: keep the ten names on one line
    expect(TENCLASS_NAMES).toEqual([
      'slow sine', 'fast sine', 'square', 'sawtooth', 'triangle', 'chirp', 'ramp up', 'ramp down', 'bump', 'step',
    ]);
    const ds = buildTenclass(cfg('tenclass', { trainSize: 20, timesteps: 4 }), new Prng(1));
    expect(ds.name).toBe('tenclass');
    expect(ds.featureNames).toEqual(Array.from({ length: 8 }, (_, c) => `channel ${c + 1}`));
  });

  /** x [n, T, 8] rebuilt: shuffled balanced labels, then per sample phase, centre, amplitude, noise. */
  function expected(seed: number, n: number, T: number, noise: number) {
    const rng = trainStream(seed);
    const labels = rng.shuffle(Array.from({ length: n }, (_, i) => i % 10));
    const x = new Float64Array(n * T * 8);
    labels.forEach((k, i) => {
      const phase = rng.next();
      const centre = 0.3 + 0.4 * rng.next();
      const amplitude = 0.8 + 0.4 * rng.next();
      for (let t = 0; t < T; t++) {
        const u = T === 1 ? 0 : t / (T - 1);
        for (let c = 0; c < 8; c++) {
          x[(i * T + t) * 8 + c] =
            PROJECTION[c] * amplitude * SHAPE[k](u, phase, centre) + noise * rng.normal();
        }
      }
    });
    return { labels, x };
  }

  it.each([
    [1, 7, 0],
    [2, 1, 0],
    [3, 6, 0.5],
  ])(
    'seed %i, T = %i, noise %f: every value is projection · amplitude · shape(t/(T−1)) + noise',
    (seed, T, noise) => {
      const n = 40;
      const ds = buildTenclass(cfg('tenclass', { trainSize: n, timesteps: T, noise }), new Prng(seed));
      const want = expected(seed, n, T, noise);
      for (let i = 0; i < n; i++) expect(ds.train.y[i * 10 + want.labels[i]]).toBe(1);
      expect(ds.train.y.reduce((s, v) => s + v, 0)).toBe(n);
      for (let j = 0; j < want.x.length; j++) expect(ds.train.x[j]).toBeCloseTo(want.x[j], 5);
    },
  );
});

describe('sine recipe', () => {
  it('x_t = sin(ωt + φ) + noise·√½·z with ω within ±30% of 2π/16, y the same series at t = T', () => {
    for (const noise of [0, 0.6]) {
      const T = 9;
      const ds = buildSine(cfg('sine', { trainSize: 12, timesteps: T, noise }), new Prng(11));
      const rng = trainStream(11);
      for (let i = 0; i < 12; i++) {
        const omega = (Math.PI / 8) * (0.7 + 0.6 * rng.next());
        const phase = 2 * Math.PI * rng.next();
        for (let t = 0; t <= T; t++) {
          const v = Math.sin(omega * t + phase) + noise * Math.SQRT1_2 * rng.normal();
          expect(t < T ? ds.train.x[i * T + t] : ds.train.y[i]).toBeCloseTo(v, 5);
        }
      }
    }
  });
});

describe('adding recipe', () => {
  it('marks one step in each half and targets the sum of the two clean marked values', () => {
    for (const noise of [0, 0.8]) {
      const T = 7;
      const n = 30;
      const ds = buildAdding(cfg('adding', { trainSize: n, timesteps: T, noise }), new Prng(4));
      expect([ds.name, ds.featureNames]).toEqual(['adding', ['value', 'marker']]);
      const rng = trainStream(4);
      for (let i = 0; i < n; i++) {
        const first = Math.floor(rng.next() * 3); // half = 3 steps: 0, 1, 2
        const second = 3 + Math.floor(rng.next() * 4); // the other 4: 3 … 6
        let sum = 0;
        for (let t = 0; t < T; t++) {
          const value = rng.next();
          const marked = t === first || t === second;
          if (marked) sum += value;
          const seen = noise > 0 ? value + noise * Math.sqrt(1 / 12) * rng.normal() : value;
          expect(ds.train.x[(i * T + t) * 2]).toBeCloseTo(seen, 5);
          expect(ds.train.x[(i * T + t) * 2 + 1]).toBe(marked ? 1 : 0);
        }
        const { mean, std } = ds.targetScale!;
        expect(ds.train.y[i] * std + mean).toBeCloseTo(sum, 5);
      }
    }
  });
});

describe('split names in the size error', () => {
  // F features per step: a training split of 300 windows, or the 128 validation windows of a
  // training split of 10, passes 8,000,000 numbers at these T.
  it.each([
    ['sine', 1],
    ['adding', 2],
    ['tenclass', 8],
    ['sentiment', SENTIMENT_VOCABULARY.length],
  ] as [DatasetName, number][])('%s names the split that is too large', (name, F) => {
    const tooBig = (windows: number) => Math.ceil(8_000_001 / (windows * F));
    expect(() => buildDataset(cfg(name, { trainSize: 300, timesteps: tooBig(300) }), 1, {})).toThrow(
      /^The training split would hold 300 windows/,
    );
    expect(() => buildDataset(cfg(name, { trainSize: 10, timesteps: tooBig(128) }), 1, {})).toThrow(
      /^The validation split would hold 128 windows/,
    );
  });
});
