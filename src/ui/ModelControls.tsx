import { memo } from 'react';
import {
  ATTENTION_CHOICES,
  type AttentionChoice,
  CELL_TYPES,
  type CellType,
  DECODER_SCORES,
  type DecoderScore,
  LIMITS,
} from '../model/config';
import { hasSequenceTarget } from '../model/sequenceTarget';
import { usePlayground } from '../state/store';
import { KERAS_CELL_NAMES, modelLine } from '../view/modelLine';
import { CheckField, Group, NumberField, SelectField } from './fields';
import { ModelSummaryTable } from './ModelSummaryTable';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/**
 * The recurrent layer type, Bidirectional, attention over the last layer's states, and the stacked
 * layers' units (all but the last return sequences; the last too when attention reads them).
 */
export const ModelControls = memo(function ModelControls() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  const outputs = usePlayground((s) => s.dataset?.outputs);
  // A translation model's line names both halves once the worker has described its output side.
  const target = usePlayground((s) =>
    hasSequenceTarget(config.dataset.name) ? s.dataset?.target : undefined,
  );
  const halves = { encoder: t('modelEncoder'), decoder: t('modelDecoder') };
  if (!shown('layers')) return null;
  return (
    <Group title={t('groupModel')}>
      <LayerKindControls />
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
      <p className="note keras" data-testid="model-line">
        {modelLine(config, outputs, target, halves)}
      </p>
      <ModelSummaryTable />
    </Group>
  );
});

/** What kind of layers: the recurrent cell, Bidirectional, and attention over the last layer's states. */
function LayerKindControls() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  return (
    <>
      <div className="field-row">
        {shown('cell') && (
          <SelectField<CellType>
            label={t('cellType')}
            value={config.cell}
            options={CELL_TYPES.map((c) => ({ value: c, label: KERAS_CELL_NAMES[c] }))}
            testId="cell"
            onChange={(v) =>
              update((c) => {
                c.cell = v;
              })
            }
          />
        )}
        {shown('bidirectional') && (
          <CheckField
            label={t('bidirectional')}
            checked={config.bidirectional}
            testId="bidirectional"
            onChange={(v) =>
              update((c) => {
                c.bidirectional = v;
              })
            }
          />
        )}
      </div>
      {shown('attention') &&
        (hasSequenceTarget(config.dataset.name) ? <DecoderAttentionControl /> : <AttentionControl />)}
    </>
  );
}

/** Attention over the last recurrent layer's states before the head (issue 22). */
function AttentionControl() {
  const t = useT();
  const [config, update] = useConfig();
  return (
    <SelectField<AttentionChoice>
      label={t('attention')}
      value={config.attention}
      options={ATTENTION_CHOICES.map((a) => ({ value: a, label: t(`attention_${a}`) }))}
      testId="attention"
      help={t('attentionHelp')}
      onChange={(v) =>
        update((c) => {
          c.attention = v;
        })
      }
    />
  );
}

/**
 * A translation model's decoder attends over the encoder's states (Luong's dot or general score);
 * the encoder's own attention does not apply, and a line says so where its select was.
 */
function DecoderAttentionControl() {
  const t = useT();
  const [config, update] = useConfig();
  return (
    <>
      <SelectField<DecoderScore>
        label={t('decoderAttention')}
        value={config.decoderAttention}
        options={DECODER_SCORES.map((a) => ({ value: a, label: t(`decoderAttention_${a}`) }))}
        testId="decoder-attention"
        help={t('decoderAttentionHelp')}
        onChange={(v) =>
          update((c) => {
            c.decoderAttention = v;
          })
        }
      />
      <p className="note" data-testid="encoder-attention-none">
        {t('encoderAttentionNone')}
      </p>
    </>
  );
}
