import { useState } from 'react';
import type { DatasetSummary } from '../../data/types';
import type { InsideProbe } from '../../engine/host/inside';
import type { Translate } from '../../i18n';
import type { FirstAttention } from '../../state/workerMessages';
import { type AttentionStep, percent } from '../../view/attentionView';
import { fmt4 } from '../../view/cellEquations';
import { useT } from '../useT';

/** The table's input columns: the word, or each of the first four features in a column of its own. */
function inputColumns(probe: InsideProbe, dataset: DatasetSummary, t: Translate) {
  if (probe.words) {
    const words = probe.words;
    return { names: [t('insideInput')], at: (step: number) => [words[step] ?? t('attViewPadding')] };
  }
  const F = dataset.features;
  const shown = Math.min(F, 4);
  return {
    names: Array.from({ length: shown }, (_, f) => dataset.featureNames[f] ?? `x${f + 1}`),
    at: (step: number) => Array.from({ length: shown }, (_, f) => fmt4(probe.input[step * F + f])),
  };
}

/** Every step's numbers as a table (for screen readers, and to copy); built when opened. */
export function AttentionTable({
  probe,
  dataset,
  first,
  steps,
}: {
  probe: InsideProbe;
  dataset: DatasetSummary;
  first: FirstAttention | null;
  steps: AttentionStep[];
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const inputs = inputColumns(probe, dataset, t);
  return (
    <details
      className="attention-table"
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="attention-table"
    >
      <summary>{t('attViewTable')}</summary>
      {open && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls here, by keyboard too
        <section className="attention-table-scroll" aria-label={t('attViewTable')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('attViewColStep')}</th>
                {inputs.names.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
                <th scope="col">{t('attViewColScore')}</th>
                <th scope="col">{t('attViewColAlpha')}</th>
                <th scope="col">{t('attViewColShare')}</th>
                {first && <th scope="col">{t('attViewColFirst', { epoch: first.epoch })}</th>}
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.t}>
                  <th scope="row">{s.t}</th>
                  {inputs.at(s.t).map((value, f) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a column is its feature
                    <td key={f}>{value}</td>
                  ))}
                  <td>{fmt4(s.score)}</td>
                  <td>{percent(s.alpha)}</td>
                  <td>{percent(s.share)}</td>
                  {first && <td>{s.firstAlpha === null ? '—' : percent(s.firstAlpha)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </details>
  );
}
