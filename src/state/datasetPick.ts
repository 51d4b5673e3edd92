import type { Config, DatasetName } from '../model/config';
import { fitAttentionToTask } from '../model/sequenceTarget';
import type { Notice } from './workerMessages';

/**
 * The config after the user picks a dataset in the page: a built-in set forgets the own data's
 * name; a translation set (model/sequenceTarget.ts) turns the encoder's attention off, since its
 * decoder attends and the builder refuses both, and the notice says which score was turned off.
 */
export function pickDataset(config: Config, name: DatasetName): { config: Config; notice: Notice | null } {
  const next = structuredClone(config);
  next.dataset.name = name;
  if (name !== 'custom') delete next.dataset.customName;
  const fitted = fitAttentionToTask(next);
  const notice: Notice | null = fitted.dropped
    ? {
        id: 'encoderAttentionOff',
        level: 'info',
        key: 'encoderAttentionOff',
        vars: { score: fitted.dropped },
      }
    : null;
  return { config: fitted.config, notice };
}
