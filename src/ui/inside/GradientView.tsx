import { memo, useMemo } from 'react';
import type { DatasetSummary } from '../../data/types';
import type { GradNorms } from '../../engine/contracts/probe';
import type { InsideProbe } from '../../engine/host/inside';
import type { Translate } from '../../i18n';
import { insideMarkers } from '../../view/insideInput';
import { gradientSeries } from '../../view/insideView';
import { type Domain, niceDomain } from '../../view/plotGeometry';
import { ChartLegend } from '../ChartLegend';
import { Plot } from '../Plot';
import type { PlotMarker, PlotSeries } from '../plotTypes';
import { useT } from '../useT';

const C_COLOR = '#d97706';
const H_COLOR = '#7c3aed';
const MARK_COLOR = '#059669';

/** 10^v as a tick: 10⁻³, 0.1, 1, 10. */
const powerOfTen = (v: number) => {
  if (v >= -1 && v <= 1) return String(Number((10 ** v).toPrecision(2)));
  const digits: Record<string, string> = {
    '-': '⁻',
    '0': '⁰',
    '1': '¹',
    '2': '²',
    '3': '³',
    '4': '⁴',
    '5': '⁵',
    '6': '⁶',
    '7': '⁷',
    '8': '⁸',
    '9': '⁹',
    '.': '·',
  };
  return `10${String(Number(v.toFixed(1))).replace(/[-0-9.]/g, (c) => digits[c])}`;
};
const scientific = (v: number) => (10 ** v).toExponential(2);

/**
 * The plotted lines: this epoch's ‖∂L/∂c_t‖ and ‖∂L/∂h_t‖, after the first epoch's (dashed) when
 * that is another epoch; a line the cell has not (c for a GRU) or the probe lacks is left out.
 */
function gradientPlotSeries(
  norms: GradNorms | null,
  first: { epoch: number; norms: GradNorms } | null,
  layer: number,
  direction: number,
  epoch: number,
  t: Translate,
): PlotSeries[] {
  const now = gradientSeries(norms, layer, direction);
  const then = first ? gradientSeries(first.norms, layer, direction) : null;
  const list: PlotSeries[] = [];
  const add = (
    id: string,
    label: string,
    color: string,
    points: PlotSeries['points'] | null | undefined,
    dashed = false,
  ) => {
    if (points && points.length > 0) list.push({ id, label, color, points, dashed });
  };
  if (then && first && first.epoch !== epoch) {
    add('c-first', t('gradC', { epoch: first.epoch }), C_COLOR, then.c, true);
    add('h-first', t('gradH', { epoch: first.epoch }), H_COLOR, then.h, true);
  }
  add('c', t('gradC', { epoch }), C_COLOR, now.c);
  add('h', t('gradH', { epoch }), H_COLOR, now.h);
  return list;
}

/**
 * ‖∂L/∂c_t‖ and ‖∂L/∂h_t‖ against t on a log scale, the current epoch's lines solid and the first
 * epoch's dashed beside them: how far back from the output the learning signal reaches. On the
 * adding problem the probed window's marked steps are drawn as lines (does it reach the first?).
 */
export const GradientView = memo(function GradientView(props: {
  probe: InsideProbe;
  first: { epoch: number; norms: GradNorms } | null;
  dataset: DatasetSummary;
  layer: number;
  direction: number;
}) {
  const t = useT();
  const { probe, first, layer, direction } = props;
  const norms = probe.gradNorms;
  const series = useMemo(
    () => gradientPlotSeries(norms, first, layer, direction, probe.epoch, t),
    [norms, first, layer, direction, probe.epoch, t],
  );
  const markers = useMemo<PlotMarker[]>(
    () =>
      insideMarkers(probe, props.dataset).map((x, i) => ({
        x,
        label: `${t('gradMarked')} ${i + 1}`,
        color: MARK_COLOR,
        dashed: true,
      })),
    [probe, props.dataset, t],
  );
  const yDomain = useMemo<Domain>(
    () =>
      niceDomain(
        series.flatMap((s) => s.points.map((p) => p.y)),
        4,
      ),
    [series],
  );
  const steps = probe.activations.steps;
  const points = series.find((s) => s.id === 'h')?.points.length ?? 0;
  const dirName = direction === 1 ? t('dirReverse') : t('dirForward');
  const title = t('gradTitle', { layer: layer + 1, direction: dirName });
  if (!norms)
    return (
      <p className="note" data-testid="gradient-none">
        {t('gradNone')}
      </p>
    );
  return (
    <figure className="gradient-view" data-testid="gradient-chart" data-points={points}>
      <figcaption>
        <strong>{title}</strong>
        <span className="note">
          {' '}
          {/* Dashed lines only where an earlier epoch is drawn beside this one. */}
          {series.some((s) => s.dashed)
            ? t('gradHint', { first: first?.epoch ?? probe.epoch, epoch: probe.epoch })
            : t('gradHintOne')}
        </span>
      </figcaption>
      <ChartLegend items={series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))} />
      <div className="small-chart tall">
        <Plot
          series={series}
          xDomain={[0, Math.max(1, steps - 1)]}
          yDomain={yDomain}
          xLabel={t('insideStep')}
          yLabel={t('gradNorm')}
          formatX={String}
          formatY={powerOfTen}
          formatValue={scientific}
          integerX
          hover="x"
          markers={markers}
          ariaLabel={title}
        />
      </div>
    </figure>
  );
});
