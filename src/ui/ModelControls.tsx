import { memo } from 'react';
import { LIMITS } from '../model/config';
import { Group, NumberField } from './fields';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/** Stacked LSTM layers and their units (all but the last return sequences). */
export const ModelControls = memo(function ModelControls() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  if (!shown('layers')) return null;
  return (
    <Group title={t('groupModel')}>
      <NumberField
        label={t('layers')}
        value={config.layers.length}
        min={LIMITS.layers.min}
        max={LIMITS.layers.max}
        step={1}
        integer
        testId="layers"
        onCommit={(n) =>
          update((c) => {
            const last = c.layers[c.layers.length - 1];
            c.layers = Array.from({ length: n }, (_, i) => c.layers[i] ?? last);
          })
        }
      />
      <div className="field-row">
        {config.layers.map((units, i) => (
          <NumberField
            // biome-ignore lint/suspicious/noArrayIndexKey: a layer is its position in the stack
            key={i}
            label={t('unitsOfLayer', { n: i + 1 })}
            value={units}
            min={LIMITS.units.min}
            max={LIMITS.units.max}
            step={1}
            integer
            testId={`units-${i + 1}`}
            onCommit={(v) =>
              update((c) => {
                c.layers[i] = v;
              })
            }
          />
        ))}
      </div>
      <p className="note keras">
        {config.layers
          .map((u, i) => `LSTM(${u}${i < config.layers.length - 1 ? ', return_sequences' : ''})`)
          .join(' → ')}
      </p>
    </Group>
  );
});
