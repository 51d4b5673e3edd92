import { memo, useMemo } from 'react';
import { confusionCellStyle, confusionShares } from '../view/chartData';
import { useT } from './useT';

/** Rows are true classes, columns predicted; each cell shaded by its share of the row. */
export const ConfusionMatrix = memo(function ConfusionMatrix(props: {
  confusion: number[][];
  classNames?: string[];
  /** A translation model's matrix: over its output characters, not classes. */
  overSymbols?: boolean;
}) {
  const t = useT();
  const shares = useMemo(() => confusionShares(props.confusion), [props.confusion]);
  const name = (i: number) => props.classNames?.[i] ?? String(i);
  return (
    <figure className="confusion">
      <figcaption className="note">{t(props.overSymbols ? 'confusionSymbols' : 'confusion')}</figcaption>
      <table data-testid="confusion-matrix">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">
                {t(props.overSymbols ? 'confusionCornerSymbols' : 'confusionCorner')}
              </span>
            </th>
            {props.confusion.map((_, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are class indices
              <th key={j} scope="col">
                {name(j)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.confusion.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are class indices
            <tr key={i}>
              <th scope="row">{name(i)}</th>
              {row.map((count, j) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are class indices
                  key={j}
                  title={`${name(i)} → ${name(j)}: ${count}`}
                  className={i === j ? 'diag' : undefined}
                  style={confusionCellStyle(shares[i][j], i === j)}
                >
                  {count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
