import type { DatasetConfig } from '../model/config';
import { LIMITS } from '../model/config';
import { DataError } from './dataError';
import { Prng } from './prng';
import type { Split } from './types';

/**
 * The data's own random stream: new Prng(seed).fork(DATA_STREAM). The weights draw from
 * Prng(seed) itself and the trainer's shuffles from fork(2), so none of them shifts the others.
 */
export const DATA_STREAM = 1;

export function dataPrng(seed: number): Prng {
  return new Prng(seed).fork(DATA_STREAM);
}

/**
 * Fresh synthetic windows cost nothing, and a validation loss measured on a dozen windows is
 * mostly the luck of those windows: synthetic sets always hold at least this many for validation.
 */
export const MIN_SYNTHETIC_VAL = 128;

/**
 * Sample counts of a synthetic set: trainSize training samples, plus validation samples so that
 * they are valFraction of the whole, and at least MIN_SYNTHETIC_VAL.
 */
export function syntheticCounts(config: DatasetConfig): { nTrain: number; nVal: number } {
  const nTrain = Math.max(1, config.trainSize);
  const byFraction = Math.round((nTrain * config.valFraction) / (1 - config.valFraction));
  const nVal = Math.max(MIN_SYNTHETIC_VAL, byFraction);
  return { nTrain, nVal };
}

/** Throws when one split's x would pass LIMITS.maxInputElements (N·T·F). */
export function checkInputSize(n: number, timesteps: number, features: number, split: string): void {
  const elements = n * timesteps * features;
  if (elements > LIMITS.maxInputElements) {
    throw new DataError(
      `The ${split} split would hold ${n.toLocaleString('en')} windows × ${timesteps} timesteps × ` +
        `${features} features = ${elements.toLocaleString('en')} numbers, over the limit of ` +
        `${LIMITS.maxInputElements.toLocaleString('en')}. Lower trainSize or timesteps.`,
    );
  }
}

/** A zeroed split: x [n, T, F], y [n, K]; checks the size limit first. */
export function allocateSplit(
  n: number,
  timesteps: number,
  features: number,
  outputs: number,
  name: string,
): Split {
  checkInputSize(n, timesteps, features, name);
  return { n, x: new Float32Array(n * timesteps * features), y: new Float32Array(n * outputs) };
}
