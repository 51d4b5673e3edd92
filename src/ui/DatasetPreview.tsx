import { memo } from 'react';
import { usePlayground } from '../state/store';
import { sparklinePath } from '../view/chartData';
import { datasetAbout } from '../view/datasetAbout';
import { useT } from './useT';
import { ProgressLine } from './WorkProgress';

const W = 260;
const H = 56;

/** The builder's own sentence where no pattern reads it: English, never blank. */
function aboutText(description: string, t: ReturnType<typeof useT>): string {
  const about = datasetAbout(description);
  if (!about) return description;
  const { name } = about.vars;
  const ownName =
    name === 'Your CSV' ? t('dsAbout_yourCsv') : name === 'Your text' ? t('dsAbout_yourText') : name;
  return t(about.key, name === undefined ? about.vars : { ...about.vars, name: ownName });
}

/** The first training window as a sparkline, the sizes and the task: what the worker built. */
export const DatasetPreview = memo(function DatasetPreview() {
  const t = useT();
  const dataset = usePlayground((s) => s.dataset);
  if (!dataset) return <ProgressLine label={t('previewLoading')} testId="preview-progress" />;
  const path = sparklinePath(dataset.preview.series, W, H);
  const task =
    dataset.task === 'classification' ? t('taskClassification', { k: dataset.outputs }) : t('taskRegression');
  return (
    <figure className="preview" data-testid="dataset-preview">
      <figcaption>
        <strong>{dataset.name}</strong> · {task}
      </figcaption>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('preview')}>
        <title>{t('preview')}</title>
        <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} />
      </svg>
      <p className="note">
        {t('previewSizes', {
          train: dataset.trainSize,
          val: dataset.valSize,
          t: dataset.timesteps,
          f: dataset.features,
        })}
      </p>
      {dataset.description && (
        <p className="note" data-testid="dataset-about">
          {aboutText(dataset.description, t)}
        </p>
      )}
    </figure>
  );
});
