import { memo } from 'react';
import { LIMITS } from '../model/config';
import { Group, NumberField, RangeField } from './fields';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

const pct = (v: number) => v.toFixed(2);

/** Dropout and weight penalties: these reach a running model from its next epoch. */
export const RegularizationControls = memo(function RegularizationControls() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  const d = LIMITS.dropout;
  return (
    <Group title={t('groupRegularization')} note={t('liveNote')}>
      {shown('dropout') && (
        <RangeField
          label={t('dropout')}
          value={config.dropout}
          min={d.min}
          max={d.max}
          step={0.05}
          format={pct}
          testId="dropout"
          onChange={(v) =>
            update((c) => {
              c.dropout = v;
            })
          }
        />
      )}
      {shown('recurrentDropout') && (
        <RangeField
          label={t('recurrentDropout')}
          value={config.recurrentDropout}
          min={d.min}
          max={d.max}
          step={0.05}
          format={pct}
          testId="recurrent-dropout"
          onChange={(v) =>
            update((c) => {
              c.recurrentDropout = v;
            })
          }
        />
      )}
      {shown('outputDropout') && (
        <RangeField
          label={t('outputDropout')}
          value={config.outputDropout}
          min={d.min}
          max={d.max}
          step={0.05}
          format={pct}
          testId="output-dropout"
          onChange={(v) =>
            update((c) => {
              c.outputDropout = v;
            })
          }
        />
      )}
      <div className="field-row">
        {shown('l1') && (
          <NumberField
            label={t('l1')}
            value={config.l1}
            min={LIMITS.l1.min}
            max={LIMITS.l1.max}
            step={0.0001}
            testId="l1"
            onCommit={(v) =>
              update((c) => {
                c.l1 = v;
              })
            }
          />
        )}
        {shown('l2') && (
          <NumberField
            label={t('l2')}
            value={config.l2}
            min={LIMITS.l2.min}
            max={LIMITS.l2.max}
            step={0.0001}
            testId="l2"
            onCommit={(v) =>
              update((c) => {
                c.l2 = v;
              })
            }
          />
        )}
      </div>
    </Group>
  );
});
