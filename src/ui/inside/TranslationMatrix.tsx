import { type KeyboardEvent, memo, useId, useRef, useState } from 'react';
import {
  cellColors,
  cellText,
  type TranslationMatrix as Matrix,
  weightText,
} from '../../view/translationView';
import { useElementSize } from '../useElementSize';
import { useT } from '../useT';

const ROW_HEIGHT = 22;
const HEAD_HEIGHT = 22;
const LABEL_WIDTH = 44;
const MAX_CELL = 26;

/** Arrow keys move the focused cell by [rows, columns] (Home and End: to the row's ends). */
const MOVES: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * One epoch's alignment as a matrix: a row per output character (labelled with it), a column per
 * input character (headed with it), each cell shaded by α on the sequential scale from 0 to 1.
 * Hover or the keyboard (the matrix is one focusable ARIA grid: arrows move the active cell) show
 * a cell's numbers in the line under it; each cell carries them as its label and tooltip.
 */
export const TranslationMatrix = memo(function TranslationMatrix(props: {
  matrix: Matrix;
  /** The matrix's name: after which epoch (or "your date"). */
  title: string;
  testId: string;
  epoch: number;
}) {
  const t = useT();
  const { matrix, title } = props;
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const [focused, setFocused] = useState<[number, number]>([0, 0]);
  const id = useId();
  const cellId = (i: number, j: number) => `${id}-${i}-${j}`;
  const rows = matrix.rows.length;
  const cols = matrix.columns.length;
  const cw = Math.max(6, Math.min(MAX_CELL, (Math.max(120, width) - LABEL_WIDTH - 2) / Math.max(1, cols)));
  const shown = cell ?? focused;
  const shownText =
    cols > 0 && rows > 0 ? cellText(t, matrix.rows[shown[0]], matrix.columns[shown[1]], shown[1]) : '';
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move: [number, number] | undefined =
      e.key === 'Home' ? [0, -cols] : e.key === 'End' ? [0, cols] : MOVES[e.key];
    if (!move || cols === 0) return;
    e.preventDefault();
    setCell(null);
    const i = Math.min(rows - 1, Math.max(0, focused[0] + move[0]));
    const j = Math.min(cols - 1, Math.max(0, focused[1] + move[1]));
    setFocused([i, j]);
  };
  return (
    <figure className="translation-matrix" data-testid={props.testId} data-epoch={props.epoch}>
      <figcaption>{title}</figcaption>
      {/* biome-ignore lint/a11y/useSemanticElements: a drawn grid moved through by the arrow keys; TranslationTable is the <table> */}
      <div
        ref={box}
        className="translation-matrix-box"
        role="grid"
        tabIndex={0}
        aria-label={t('trViewMatrix', { when: title })}
        aria-activedescendant={cols > 0 && rows > 0 ? cellId(focused[0], focused[1]) : undefined}
        aria-describedby={`${props.testId}-readout`}
        data-testid={`${props.testId}-grid`}
        data-rows={rows}
        data-cols={cols}
        onKeyDown={onKeyDown}
        onFocus={() => setCell(null)}
      >
        <MatrixDrawing matrix={matrix} cw={cw} shown={shown} cellId={cellId} onCell={setCell} />
      </div>
      <p
        id={`${props.testId}-readout`}
        className="attention-readout"
        aria-live="polite"
        data-testid={`${props.testId}-readout`}
        data-i={shown[0]}
        data-j={shown[1]}
        data-alpha={matrix.rows[shown[0]]?.alpha[shown[1]]}
      >
        {shownText}
      </p>
    </figure>
  );
});

/** The drawing: the input's characters across the top, the output's down the side, a shaded cell each. */
function MatrixDrawing(props: {
  matrix: Matrix;
  /** A column's width in pixels. */
  cw: number;
  /** The cell outlined (hovered, else the keyboard's). */
  shown: [number, number];
  cellId(i: number, j: number): string;
  onCell(cell: [number, number] | null): void;
}) {
  const t = useT();
  const { matrix, cw, shown, cellId, onCell } = props;
  const rows = matrix.rows.length;
  const cols = matrix.columns.length;
  const svgWidth = LABEL_WIDTH + cw * cols;
  const svgHeight = HEAD_HEIGHT + ROW_HEIGHT * rows;
  return (
    <svg
      className="translation-matrix-svg"
      width={svgWidth}
      height={svgHeight}
      role="presentation"
      onPointerLeave={() => onCell(null)}
    >
      <MatrixHeads matrix={matrix} cw={cw} />
      {matrix.rows.map((r) => (
        // biome-ignore lint/a11y/useSemanticElements: an SVG drawing's row; the table below is the <table>
        <g key={r.i} role="row">
          {r.alpha.map((a, j) => (
            // biome-ignore lint/a11y/useSemanticElements: a drawn cell; TranslationTable has the <td>s
            <rect
              key={matrix.columns[j].t}
              id={cellId(r.i, j)}
              role="gridcell"
              aria-label={cellText(t, r, matrix.columns[j], j)}
              className="translation-cell"
              x={LABEL_WIDTH + j * cw}
              y={HEAD_HEIGHT + r.i * ROW_HEIGHT}
              width={cw}
              height={ROW_HEIGHT}
              fill={cellColors(a).background}
              data-i={r.i}
              data-j={j}
              data-alpha={a}
              onPointerEnter={() => onCell([r.i, j])}
            >
              <title>{cellText(t, r, matrix.columns[j], j)}</title>
            </rect>
          ))}
        </g>
      ))}
      {cols > 0 && rows > 0 && (
        <rect
          className="translation-cursor"
          x={LABEL_WIDTH + shown[1] * cw + 1}
          y={HEAD_HEIGHT + shown[0] * ROW_HEIGHT + 1}
          width={Math.max(2, cw - 2)}
          height={ROW_HEIGHT - 2}
        />
      )}
    </svg>
  );
}

/** The input's characters over the columns, the output's beside the rows (the cells' names say them too). */
function MatrixHeads({ matrix, cw }: { matrix: Matrix; cw: number }) {
  const fontSize = Math.min(12, Math.max(8, cw * 0.7));
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG <g> takes no focus; the labels are in each cell's name
    <g aria-hidden="true">
      {matrix.columns.map((c, j) => (
        <text
          key={`c${c.t}`}
          className="translation-col-head"
          x={LABEL_WIDTH + (j + 0.5) * cw}
          y={HEAD_HEIGHT - 6}
          fontSize={fontSize}
          textAnchor="middle"
        >
          {c.char === ' ' ? '␣' : c.char}
        </text>
      ))}
      {matrix.rows.map((r) => (
        <text
          key={`r${r.i}`}
          className="translation-row-head"
          x={LABEL_WIDTH - 6}
          y={HEAD_HEIGHT + (r.i + 0.5) * ROW_HEIGHT + 4}
          textAnchor="end"
        >
          {r.char}
        </text>
      ))}
    </g>
  );
}

/** Every weight as a table (rows: output characters; columns: input characters); built when opened. */
export function TranslationTable({ matrix, caption }: { matrix: Matrix; caption: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <details
      className="attention-table"
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="translation-table"
    >
      <summary>{t('trViewTable')}</summary>
      {open && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls here, by keyboard too
        <section className="attention-table-scroll" aria-label={t('trViewTable')} tabIndex={0}>
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trViewColOut')}</th>
                {matrix.columns.map((c) => (
                  <th key={c.t} scope="col">
                    {c.char === ' ' ? t('trViewSpace') : c.char}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((r) => (
                <tr key={r.i}>
                  <th scope="row">{`${r.i + 1}: ${r.char}`}</th>
                  {r.alpha.map((a, j) => (
                    <td key={matrix.columns[j].t}>{weightText(a)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </details>
  );
}
