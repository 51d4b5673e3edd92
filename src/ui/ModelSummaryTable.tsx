import { memo, useMemo } from 'react';
import { usePlayground } from '../state/store';
import { formatRatio, modelSummary, summaryData } from '../view/modelSummary';
import { useConfig } from './useConfig';
import { useT } from './useT';

const count = (n: number) => n.toLocaleString('en-US');

/** The model as Keras's model.summary() prints it, and its parameters per training value. */
export const ModelSummaryTable = memo(function ModelSummaryTable() {
  const t = useT();
  const [config] = useConfig();
  const dataset = usePlayground((s) => s.dataset);
  // A model the builder refuses (a config the dataset's preview has not caught up with) gets its
  // reason in place of the table: never a blank page.
  const result = useMemo(() => {
    try {
      return { summary: modelSummary(config, summaryData(dataset)), error: null };
    } catch (error) {
      return { summary: null, error: (error as Error).message };
    }
  }, [config, dataset]);
  const { summary, error } = result;
  if (error !== null)
    return (
      <p className="note" data-testid="summary-refused">
        {t('summaryRefused', { message: error })}
      </p>
    );
  if (!summary) return <p className="note">{t('summaryPending')}</p>;
  return (
    <details className="model-summary" data-testid="model-summary" open>
      <summary>
        <code>{t('summaryTitle')}</code>: {t('summaryTotal')} {count(summary.total)}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('summaryLayer')}</th>
            <th scope="col">{t('summaryShape')}</th>
            <th scope="col">{t('summaryParams')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <tr key={r.name}>
              <td>
                {r.name} ({r.type})
              </td>
              <td>{r.shape}</td>
              <td className="num">{count(r.params)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('summaryTotal')}
            </th>
            <td className="num" data-testid="summary-total">
              {count(summary.total)}
            </td>
          </tr>
        </tfoot>
      </table>
      {summary.ratio !== null && summary.trainingValues !== null && (
        <p className="note" data-testid="summary-ratio">
          {t('summaryRatio', {
            params: count(summary.total),
            values: count(summary.trainingValues),
            ratio: formatRatio(summary.ratio),
          })}{' '}
          {t('summaryWhy')}
        </p>
      )}
    </details>
  );
});
