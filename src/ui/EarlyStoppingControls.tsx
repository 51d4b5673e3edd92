import { memo } from 'react';
import { LIMITS } from '../model/config';
import { CheckField, Group, NumberField } from './fields';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/** keras.callbacks.EarlyStopping(monitor='val_loss', patience, min_delta, restore_best_weights). */
export const EarlyStoppingControls = memo(function EarlyStoppingControls() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  if (!shown('earlyStopping')) return null;
  const es = config.earlyStopping;
  return (
    <Group title={t('groupEarlyStopping')}>
      <CheckField
        label={t('esEnabled')}
        checked={es.enabled}
        testId="es-enabled"
        onChange={(v) =>
          update((c) => {
            c.earlyStopping.enabled = v;
          })
        }
      />
      <div className="field-row">
        <NumberField
          label={t('patience')}
          value={es.patience}
          min={LIMITS.patience.min}
          max={LIMITS.patience.max}
          step={1}
          integer
          testId="patience"
          onCommit={(v) =>
            update((c) => {
              c.earlyStopping.patience = v;
            })
          }
        />
        <NumberField
          label={t('minDelta')}
          value={es.minDelta}
          min={LIMITS.minDelta.min}
          max={LIMITS.minDelta.max}
          step={0.001}
          testId="min-delta"
          onCommit={(v) =>
            update((c) => {
              c.earlyStopping.minDelta = v;
            })
          }
        />
      </div>
      <CheckField
        label={t('restoreBest')}
        checked={es.restoreBestWeights}
        testId="restore-best"
        onChange={(v) =>
          update((c) => {
            c.earlyStopping.restoreBestWeights = v;
          })
        }
      />
    </Group>
  );
});
