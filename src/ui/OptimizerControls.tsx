import { memo } from 'react';
import { OPTIMIZERS, type OptimizerName } from '../model/config';
import { ConfigNumberField } from './configFields';
import { Group, SelectField } from './fields';
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
        <ConfigNumberField knob="learningRate" step={0.001} testId="learning-rate" />
      </div>
      <div className="field-row">
        <ConfigNumberField knob="batchSize" step={1} integer testId="batch-size" />
        <ConfigNumberField knob="epochs" step={1} integer testId="epochs" />
      </div>
      <div className="field-row">
        <ConfigNumberField knob="clipnorm" step={0.1} testId="clipnorm" />
        <ConfigNumberField knob="seed" step={1} integer testId="seed" />
      </div>
    </Group>
  );
});
