import { LIMITS } from '../model/config';
import { NumberField, RangeField } from './fields';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/** The config's own numbers that a number box sets: each has its label, its limits and its hide key. */
type NumberKnob = 'learningRate' | 'batchSize' | 'epochs' | 'clipnorm' | 'seed' | 'l1' | 'l2';

/**
 * A number box for one of the config's top-level numbers, within its LIMITS; absent where a
 * classroom link hid it.
 */
export function ConfigNumberField(props: {
  knob: NumberKnob;
  step: number;
  integer?: boolean;
  testId: string;
}) {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  const { knob } = props;
  if (!shown(knob)) return null;
  return (
    <NumberField
      label={t(knob)}
      value={config[knob]}
      min={LIMITS[knob].min}
      max={LIMITS[knob].max}
      step={props.step}
      integer={props.integer}
      testId={props.testId}
      onCommit={(v) =>
        update((c) => {
          c[knob] = v;
        })
      }
    />
  );
}

type DropoutKnob = 'dropout' | 'recurrentDropout' | 'outputDropout';
const pct = (v: number) => v.toFixed(2);

/** A slider for one of the dropout rates (all share the dropout limits); absent where a link hid it. */
export function DropoutField({ knob, testId }: { knob: DropoutKnob; testId: string }) {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  if (!shown(knob)) return null;
  return (
    <RangeField
      label={t(knob)}
      value={config[knob]}
      min={LIMITS.dropout.min}
      max={LIMITS.dropout.max}
      step={0.05}
      format={pct}
      testId={testId}
      onChange={(v) =>
        update((c) => {
          c[knob] = v;
        })
      }
    />
  );
}
