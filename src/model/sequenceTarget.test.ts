import { describe, expect, it } from 'vitest';
import { DATASET_NAMES, DEFAULT_CONFIG } from './config';
import { describeModel } from './layers';
import { fitAttentionToTask, hasSequenceTarget, SEQUENCE_TARGET_DATASETS } from './sequenceTarget';

const dates = { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, name: 'dates' as const } };
const target = { steps: 10, vocabulary: [...'0123456789-'] };

describe('a translation dataset’s encoder has no attention of its own', () => {
  it('only the dates dataset has a sequence target', () => {
    expect(SEQUENCE_TARGET_DATASETS).toEqual(['dates']);
    expect(DATASET_NAMES.filter(hasSequenceTarget)).toEqual(['dates']);
  });

  it('turns the encoder’s attention off for dates and says which score it had', () => {
    const fitted = fitAttentionToTask({ ...dates, attention: 'additive' });
    expect(fitted.dropped).toBe('additive');
    expect(fitted.config.attention).toBe('none');
    expect(fitted.config.decoderAttention).toBe('general');
    // What it leaves is a model the builder takes; what it was is one the builder refuses.
    const data = { features: 63, outputs: 110, task: 'classification' as const, target };
    expect(() => describeModel({ ...dates, attention: 'additive' }, data)).toThrow(/does not apply/);
    expect(describeModel(fitted.config, data).map((l) => l.kind)).toEqual(['recurrent', 'decoder', 'dense']);
  });

  it('leaves every other config as it is', () => {
    const adding = { ...DEFAULT_CONFIG, attention: 'dot' as const };
    expect(fitAttentionToTask(adding)).toEqual({ config: adding, dropped: null });
    expect(fitAttentionToTask(dates)).toEqual({ config: dates, dropped: null });
  });
});
