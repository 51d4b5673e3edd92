import { datesOf } from '../data/dates';
import { dataPrng } from '../data/splits';
import type { DatasetConfig } from '../model/config';

/** One pair the dates dataset trains on: the human date and the ISO date it means. */
export interface DateExample {
  input: string;
  output: string;
}

/**
 * The first `count` training pairs of the dates dataset this config and seed build, as strings
 * (data/dates.ts draws each split's examples one after another, so the first few of a small draw
 * are the dataset's first rows). Null when the dataset cannot be built (too few timesteps): the
 * preview then shows the worker's message, not examples.
 */
export function datesExamples(config: DatasetConfig, seed: number, count = 3): DateExample[] | null {
  try {
    const { train } = datesOf({ ...config, trainSize: count }, dataPrng(seed));
    return train.map(({ input, output }) => ({ input, output }));
  } catch {
    return null;
  }
}
