import type { Config, DatasetName } from './config';
import type { AttentionScore } from './layers';

/**
 * The datasets whose target is a sequence (data/types.ts SequenceTarget): their model is an
 * encoder–decoder, whose decoder attends over the encoder's states (config.decoderAttention). The
 * encoder's own attention (config.attention) does not apply to it: the model builder refuses both.
 * The data layer builds the target; this list lets the page and the link know it before the data.
 */
export const SEQUENCE_TARGET_DATASETS: readonly DatasetName[] = ['dates'];

export const hasSequenceTarget = (name: DatasetName): boolean => SEQUENCE_TARGET_DATASETS.includes(name);

/**
 * The config as its dataset's model can take it: for a translation dataset the encoder's attention
 * is set to none (`dropped` names the score it had, for the message); otherwise unchanged.
 */
export function fitAttentionToTask(config: Config): { config: Config; dropped: AttentionScore | null } {
  if (!hasSequenceTarget(config.dataset.name) || config.attention === 'none')
    return { config, dropped: null };
  return { config: { ...config, attention: 'none' }, dropped: config.attention };
}
