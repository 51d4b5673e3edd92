import type { EpochReport, RunSummary } from '../engine/training/report';
import { formatMetric, lossRows, runMarkers } from './chartData';
import { formatTick, linearScale, linePath, niceDomain, niceTicks, type Scale } from './plotGeometry';

/**
 * The loss chart as a standalone SVG document, for slides: the live chart's lines, colours and
 * markers on a white background with the styles written inline (the page's stylesheet does not
 * travel with a downloaded file). The PNG is this SVG drawn onto a canvas.
 */

export const LOSS_COLORS = {
  train: '#2563eb',
  val: '#ea580c',
  best: '#15803d',
  stop: '#4b5563',
  /** A change made to the running model (live: dropout, L1/L2, early stopping). */
  change: '#7c3aed',
} as const;

export interface LossChartLabels {
  title: string;
  epoch: string;
  loss: string;
  train: string;
  val: string;
  /** "best epoch {epoch}", filled here. */
  best: (epoch: number) => string;
  stopped: (epoch: number) => string;
}

export const CHART_SIZE = { width: 960, height: 540 } as const;

/** Text for SVG: the five characters XML reserves, escaped. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

/** An SVG text element at (x, y), its text escaped. */
const svgText = (x: number, y: number, s: string, extra = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${extra}>${escapeXml(s)}</text>`;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where the plot sits and how epochs and losses map onto it. */
interface Frame {
  box: Box;
  sx: Scale;
  sy: Scale;
  xTicks: number[];
  yTicks: number[];
}

/** A vertical marker (best epoch, stopped) with its label on the side that has room. */
function markerSvg(
  frame: Frame,
  epoch: number,
  label: string,
  color: string,
  dashed: boolean,
  row: number,
): string {
  const { box, sx } = frame;
  const x = sx(epoch);
  const right = x < (box.left + box.right) / 2 + (box.right - box.left) * 0.25;
  return [
    `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${box.top}" y2="${box.bottom}" stroke="${color}"${dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    svgText(
      right ? x + 5 : x - 5,
      box.top + 14 + 16 * row,
      label,
      ` fill="${color}" text-anchor="${right ? 'start' : 'end'}"`,
    ),
  ].join('');
}

/** The two series' swatches and names above the plot. */
function legendSvg(box: Box, labels: LossChartLabels): string {
  return [
    { label: labels.train, color: LOSS_COLORS.train },
    { label: labels.val, color: LOSS_COLORS.val },
  ]
    .map(
      (item, i) =>
        `<line x1="${box.left + 220 * i}" x2="${box.left + 220 * i + 24}" y1="46" y2="46" stroke="${item.color}" stroke-width="3"/>` +
        svgText(box.left + 220 * i + 30, 50, item.label),
    )
    .join('');
}

/** Grid lines, the axes, their tick labels and titles. */
function gridAndAxesSvg(frame: Frame, labels: LossChartLabels): string[] {
  const { box, sx, sy, xTicks, yTicks } = frame;
  return [
    `<g stroke="#e5e7eb">`,
    ...xTicks.map(
      (v) => `<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${box.top}" y2="${box.bottom}"/>`,
    ),
    ...yTicks.map(
      (v) => `<line x1="${box.left}" x2="${box.right}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}"/>`,
    ),
    '</g>',
    `<path d="M${box.left},${box.top}V${box.bottom}H${box.right}" stroke="#6b7280" fill="none"/>`,
    ...xTicks.map((v) => svgText(sx(v), box.bottom + 18, String(v), ' text-anchor="middle"')),
    ...yTicks.map((v) => svgText(box.left - 8, sy(v) + 4, formatTick(v), ' text-anchor="end"')),
    svgText((box.left + box.right) / 2, box.bottom + 40, labels.epoch, ' text-anchor="middle"'),
    svgText(
      0,
      0,
      labels.loss,
      ` text-anchor="middle" transform="translate(16 ${(box.top + box.bottom) / 2}) rotate(-90)"`,
    ),
  ];
}

/** The loss chart as a standalone SVG (a slide, a report): the same series and marks as on screen. */
export function lossChartSvg(
  reports: readonly EpochReport[],
  summary: RunSummary | null,
  labels: LossChartLabels,
  epochs: number,
  size: { width: number; height: number } = CHART_SIZE,
): string {
  const { width, height } = size;
  const box = { left: 72, top: 64, right: width - 28, bottom: height - 56 };
  const rows = lossRows(reports);
  const xMax = Math.max(epochs, reports.at(-1)?.epoch ?? 0, 2);
  const sx = linearScale([1, xMax], [box.left, box.right]);
  const sy = linearScale(
    niceDomain(
      rows.flatMap((r) => [r.train, r.val]),
      5,
      true,
    ),
    [box.bottom, box.top],
  );
  const xTicks = niceTicks(1, xMax, (box.right - box.left) / 90, true);
  const yTicks = niceTicks(sy.invert(box.bottom), sy.invert(box.top), (box.bottom - box.top) / 56);
  const frame: Frame = { box, sx, sy, xTicks, yTicks };
  const markers = runMarkers(reports, summary);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" fill="#1f2937">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    svgText(box.left, 26, labels.title, ' font-size="17" font-weight="600"'),
    legendSvg(box, labels),
    ...gridAndAxesSvg(frame, labels),
    ...(markers.bestEpoch !== null
      ? [markerSvg(frame, markers.bestEpoch, labels.best(markers.bestEpoch), LOSS_COLORS.best, true, 0)]
      : []),
    ...(markers.stoppedEpoch !== null
      ? [
          markerSvg(
            frame,
            markers.stoppedEpoch,
            labels.stopped(markers.stoppedEpoch),
            LOSS_COLORS.stop,
            false,
            1,
          ),
        ]
      : []),
    ...(['train', 'val'] as const).map((key) => {
      const d = linePath(
        rows.map((r) => ({ x: r.epoch, y: r[key] })),
        sx,
        sy,
      );
      return `<path data-series="${key}" d="${d}" stroke="${LOSS_COLORS[key]}" stroke-width="2" fill="none"/>`;
    }),
    ...(markers.bestValLoss !== null && markers.bestEpoch !== null
      ? [
          svgText(
            box.right,
            26,
            `${labels.best(markers.bestEpoch)}: ${labels.val} ${formatMetric(markers.bestValLoss)}`,
            ' text-anchor="end"',
          ),
        ]
      : []),
    '</svg>',
  ];
  return parts.join('\n');
}
