import type { DatasetName } from '../model/config';
import type { CustomData } from './types';

/**
 * Whether the noise knob changes this dataset: the synthetic sets and every series (shipped or
 * one's own CSV) add or flip by it; the e-mails, the dates and one's own text lines are what they
 * are. The page shows the knob only where it does something (dataBits.test.ts builds every set at
 * two noises to hold this true).
 */
export function datasetUsesNoise(name: DatasetName, customKind?: CustomData['kind']): boolean {
  if (name === 'custom') return customKind !== 'text';
  return name !== 'spam' && name !== 'dates';
}
