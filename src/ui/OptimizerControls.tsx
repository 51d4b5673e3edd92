import { memo } from 'react';
import { LIMITS, OPTIMIZERS, type OptimizerName } from '../model/config';
import { Group, NumberField, SelectField } from './fields';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/** model.compile(optimizer=…) and model.fit(batch_size, epochs) knobs, plus the seed. */
export const OptimizerControls = memo(function OptimizerControls() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  return (
    <Group title={t('groupOptimizer')} note={t('restartNote')}>
      <div className="field-row">
        {shown('optimizer') && (
          <SelectField<OptimizerName>
            label={t('optimizer')}
            value={config.optimizer}
            options={OPTIMIZERS.map((o) => ({ value: o, label: o }))}
            testId="optimizer"
            onChange={(v) =>
              update((c) => {
                c.optimizer = v;
              })
            }
          />
        )}
        {shown('learningRate') && (
          <NumberField
            label={t('learningRate')}
            value={config.learningRate}
            min={LIMITS.learningRate.min}
            max={LIMITS.learningRate.max}
            step={0.001}
            testId="learning-rate"
            onCommit={(v) =>
              update((c) => {
                c.learningRate = v;
              })
            }
          />
        )}
      </div>
      <div className="field-row">
        {shown('batchSize') && (
          <NumberField
            label={t('batchSize')}
            value={config.batchSize}
            min={LIMITS.batchSize.min}
            max={LIMITS.batchSize.max}
            step={1}
            integer
            testId="batch-size"
            onCommit={(v) =>
              update((c) => {
                c.batchSize = v;
              })
            }
          />
        )}
        {shown('epochs') && (
          <NumberField
            label={t('epochs')}
            value={config.epochs}
            min={LIMITS.epochs.min}
            max={LIMITS.epochs.max}
            step={1}
            integer
            testId="epochs"
            onCommit={(v) =>
              update((c) => {
                c.epochs = v;
              })
            }
          />
        )}
      </div>
      <div className="field-row">
        {shown('clipnorm') && (
          <NumberField
            label={t('clipnorm')}
            value={config.clipnorm}
            min={LIMITS.clipnorm.min}
            max={LIMITS.clipnorm.max}
            step={0.1}
            testId="clipnorm"
            onCommit={(v) =>
              update((c) => {
                c.clipnorm = v;
              })
            }
          />
        )}
        {shown('seed') && (
          <NumberField
            label={t('seed')}
            value={config.seed}
            min={LIMITS.seed.min}
            max={LIMITS.seed.max}
            step={1}
            integer
            testId="seed"
            onCommit={(v) =>
              update((c) => {
                c.seed = v;
              })
            }
          />
        )}
      </div>
    </Group>
  );
});
