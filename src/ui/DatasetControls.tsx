import { memo } from 'react';
import { datasetUsesNoise } from '../data/usesNoise';
import { DATASET_NAMES, type DatasetName, LIMITS } from '../model/config';
import { pickDataset } from '../state/datasetPick';
import { usePlayground } from '../state/store';
import { CustomDataForm } from './CustomDataForm';
import { DatasetPreview } from './DatasetPreview';
import { Group, NumberField, RangeField, SelectField } from './fields';
import { useConfig, useShown } from './useConfig';
import { useT } from './useT';

/** Which data, how much of it, how noisy, how long each window is; with a preview of what was built. */
export const DatasetControls = memo(function DatasetControls() {
  const t = useT();
  const shown = useShown();
  return (
    <Group title={t('groupData')}>
      {shown('dataset') && <DatasetSelect />}
      <DatasetSizeFields />
      <DatasetRangeFields />
      <DatasetPreview />
      {shown('dataset') && <CustomDataForm />}
    </Group>
  );
});

/** The data set's name; choosing a built-in set forgets the own data's name. */
function DatasetSelect() {
  const t = useT();
  const [config] = useConfig();
  const ds = config.dataset;
  // 'custom' is chosen through the own-data form, which sends the data along.
  const names = DATASET_NAMES.filter((n) => n !== 'custom' || ds.name === 'custom');
  return (
    <SelectField<DatasetName>
      label={t('dataset')}
      value={ds.name}
      options={names.map((n) => ({
        value: n,
        label: n === 'custom' && ds.customName ? ds.customName : t(`ds_${n}`),
      }))}
      testId="dataset"
      onChange={(v) => {
        // A translation set turns the encoder's attention off, and a notice says so.
        const picked = pickDataset(usePlayground.getState().config, v);
        usePlayground.getState().setConfig(picked.config);
        const { notice } = picked;
        if (notice)
          usePlayground.setState((s) => ({
            notices: [...s.notices.filter((n) => n.id !== notice.id), notice],
          }));
      }}
    />
  );
}

/** How many training windows, and how many steps each window has. */
function DatasetSizeFields() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  const ds = config.dataset;
  return (
    <div className="field-row">
      {shown('trainSize') && (
        <NumberField
          label={t('trainSize')}
          value={ds.trainSize}
          min={LIMITS.trainSize.min}
          max={LIMITS.trainSize.max}
          step={1}
          integer
          testId="train-size"
          onCommit={(v) =>
            update((c) => {
              c.dataset.trainSize = v;
            })
          }
        />
      )}
      {shown('timesteps') && (
        <NumberField
          label={t('timesteps')}
          value={ds.timesteps}
          min={LIMITS.timesteps.min}
          max={LIMITS.timesteps.max}
          step={1}
          integer
          testId="timesteps"
          onCommit={(v) =>
            update((c) => {
              c.dataset.timesteps = v;
            })
          }
        />
      )}
    </div>
  );
}

/** The noise (where the dataset uses it), and the share of windows held out for validation. */
function DatasetRangeFields() {
  const t = useT();
  const [config, update] = useConfig();
  const shown = useShown();
  const customKind = usePlayground((s) => s.custom?.kind);
  const ds = config.dataset;
  return (
    <>
      {shown('noise') && datasetUsesNoise(ds.name, customKind) && (
        <RangeField
          label={t('noise')}
          value={ds.noise}
          min={LIMITS.noise.min}
          max={LIMITS.noise.max}
          step={0.05}
          format={(v) => v.toFixed(2)}
          testId="noise"
          onChange={(v) =>
            update((c) => {
              c.dataset.noise = v;
            })
          }
        />
      )}
      {shown('valFraction') && (
        <RangeField
          label={t('valFraction')}
          value={ds.valFraction}
          min={LIMITS.valFraction.min}
          max={LIMITS.valFraction.max}
          step={0.05}
          format={(v) => `${Math.round(v * 100)}%`}
          testId="val-fraction"
          onChange={(v) =>
            update((c) => {
              c.dataset.valFraction = v;
            })
          }
        />
      )}
    </>
  );
}
