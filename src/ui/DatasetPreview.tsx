import { memo, useMemo } from 'react';
import { usePlayground } from '../state/store';
import { sparklinePath } from '../view/chartData';
import { datasetAbout } from '../view/datasetAbout';
import { datesExamples } from '../view/datesExamples';
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
  const task = dataset.target
    ? t('taskTranslation', { steps: dataset.target.steps, symbols: dataset.target.vocabulary.length })
    : dataset.task === 'classification'
      ? t('taskClassification', { k: dataset.outputs })
      : t('taskRegression');
  return (
    <figure className="preview" data-testid="dataset-preview">
      <figcaption>
        <strong>{dataset.name}</strong> · {task}
      </figcaption>
      {dataset.target ? (
        <DateExamples />
      ) : (
        <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('preview')}>
          <title>{t('preview')}</title>
          <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} />
        </svg>
      )}
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
      {dataset.target && (
        <p className="note" data-testid="dataset-about-model">
          {t('dsAbout_datesModel')}
        </p>
      )}
    </figure>
  );
});

/** A translation set's first training pairs, human date → ISO date (a one-hot sparkline says nothing). */
function DateExamples() {
  const t = useT();
  const config = usePlayground((s) => s.config);
  const examples = useMemo(() => datesExamples(config.dataset, config.seed), [config.dataset, config.seed]);
  if (!examples || examples.length === 0) return null;
  return (
    <div className="date-examples">
      <p className="note">{t('datesExamples')}</p>
      <ul data-testid="date-examples">
        {examples.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the examples are the split's first rows, in order
          <li key={i}>
            <span lang="und">{e.input}</span> → <code>{e.output}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
