import { memo } from 'react';
import { hasSequenceTarget } from '../model/sequenceTarget';
import { usePlayground } from '../state/store';
import { ConfigNumberField, DropoutField } from './configFields';
import { Group } from './fields';
import { useT } from './useT';

/** Dropout and weight penalties: these reach a running model from its next epoch. */
export const RegularizationControls = memo(function RegularizationControls() {
  const t = useT();
  // A translation model's head reads the decoder, with no Dropout before it: the knob would do nothing.
  const decoderHead = usePlayground((s) => hasSequenceTarget(s.config.dataset.name));
  return (
    <Group title={t('groupRegularization')} note={t('liveNote')}>
      <DropoutField knob="dropout" testId="dropout" />
      <DropoutField knob="recurrentDropout" testId="recurrent-dropout" />
      {!decoderHead && <DropoutField knob="outputDropout" testId="output-dropout" />}
      <div className="field-row">
        <ConfigNumberField knob="l1" step={0.0001} testId="l1" />
        <ConfigNumberField knob="l2" step={0.0001} testId="l2" />
      </div>
    </Group>
  );
});
