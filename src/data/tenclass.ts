import type { DatasetConfig } from '../model/config';
import { Prng } from './prng';
import { allocateSplit, syntheticCounts } from './splits';
import { writeLabel } from './text';
import type { Dataset, Split } from './types';

const CHANNELS = 8;
/** The projection is part of the task, not of the run: the same for every seed. */
const PROJECTION_SEED = 0x7e5c1a55;

const frac = (v: number) => v - Math.floor(v);

/**
 * One shape per class over u = t/(T−1) in [0, 1]; phase φ and centre c are drawn per sample, so
 * a class is a shape, not a fixed curve.
 */
const PATTERNS: { name: string; shape: (u: number, phase: number, centre: number) => number }[] = [
  { name: 'slow sine', shape: (u, p) => Math.sin(2 * Math.PI * (u + p)) },
  { name: 'fast sine', shape: (u, p) => Math.sin(2 * Math.PI * (4 * u + p)) },
  { name: 'square', shape: (u, p) => (frac(2 * u + p) < 0.5 ? 1 : -1) },
  { name: 'sawtooth', shape: (u, p) => 2 * frac(2 * u + p) - 1 },
  { name: 'triangle', shape: (u, p) => 1 - 2 * Math.abs(2 * frac(2 * u + p) - 1) },
  { name: 'chirp', shape: (u, p) => Math.sin(2 * Math.PI * (p + 0.5 * u + 2 * u * u)) },
  { name: 'ramp up', shape: (u) => 2 * u - 1 },
  { name: 'ramp down', shape: (u) => 1 - 2 * u },
  { name: 'bump', shape: (u, _p, c) => 2 * Math.exp(-(((u - c) / 0.12) ** 2)) - 1 },
  { name: 'step', shape: (u, _p, c) => (u < c ? -1 : 1) },
];

export const TENCLASS_NAMES = PATTERNS.map((p) => p.name);

/**
 * Ten-class sequence classification (the seed article's task): a class's shape, scaled by a random
 * amplitude in [0.8, 1.2], is spread over 8 channels by a fixed random projection, and each
 * channel gets independent noise of standard deviation `noise`. Classes are balanced and shuffled.
 * x [n, T, 8], y [n, 10] one-hot.
 */
export function buildTenclass(config: DatasetConfig, prng: Prng): Dataset {
  const T = config.timesteps;
  const K = PATTERNS.length;
  const { nTrain, nVal } = syntheticCounts(config);
  const projection = fixedProjection();
  const make = (n: number, name: string, rng: Prng) =>
    fill(allocateSplit(n, T, CHANNELS, K, name), T, config.noise, projection, rng);
  return {
    name: 'tenclass',
    task: 'classification',
    timesteps: T,
    features: CHANNELS,
    outputs: K,
    train: make(nTrain, 'training', prng.fork(0)),
    val: make(nVal, 'validation', prng.fork(1)),
    featureNames: Array.from({ length: CHANNELS }, (_, c) => `channel ${c + 1}`),
    classNames: TENCLASS_NAMES,
    description:
      'Ten shapes (sines, square, sawtooth, chirp, ramps, bump, step) mixed into 8 noisy channels.',
  };
}

/** Channel weights with mean square 1, so each channel carries the shape at about unit scale. */
function fixedProjection(): Float64Array {
  const rng = new Prng(PROJECTION_SEED);
  const weights = Float64Array.from({ length: CHANNELS }, () => rng.normal());
  const rms = Math.sqrt(weights.reduce((s, w) => s + w * w, 0) / CHANNELS);
  return weights.map((w) => w / rms);
}

function fill(split: Split, T: number, noise: number, projection: Float64Array, rng: Prng): Split {
  const K = PATTERNS.length;
  const labels = rng.shuffle(Int32Array.from({ length: split.n }, (_, i) => i % K));
  for (let i = 0; i < split.n; i++) {
    const { shape } = PATTERNS[labels[i]];
    const phase = rng.next();
    const centre = rng.uniform(0.3, 0.7);
    const amplitude = rng.uniform(0.8, 1.2);
    for (let t = 0; t < T; t++) {
      const value = amplitude * shape(T > 1 ? t / (T - 1) : 0, phase, centre);
      for (let c = 0; c < CHANNELS; c++) {
        split.x[(i * T + t) * CHANNELS + c] = projection[c] * value + noise * rng.normal();
      }
    }
    writeLabel(split, i, labels[i], K);
  }
  return split;
}
