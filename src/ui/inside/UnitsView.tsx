import { memo, useMemo } from 'react';
import type { DatasetSummary } from '../../data/types';
import type { InsideProbe } from '../../engine/host/inside';
import { fmt4 } from '../../view/cellEquations';
import { inputLines } from '../../view/insideInput';
import { mostActiveUnits, unitSeries } from '../../view/insideView';
import { type Domain, formatTick, niceDomain } from '../../view/plotGeometry';
import { ChartLegend } from '../ChartLegend';
import { Plot } from '../Plot';
import type { PlotSeries } from '../plotTypes';
import { useT } from '../useT';

const C_COLOR = '#d97706';
const H_COLOR = '#2563eb';
const INPUT_COLOR = '#6b7280';

/**
 * One unit's c and h over the window, with the input drawn behind them, and the units whose h
 * moves most over the window (a list to click), so a student finds the interesting ones.
 */
export const UnitsView = memo(function UnitsView(props: {
  probe: InsideProbe;
  dataset: DatasetSummary;
  layer: number;
  unit: number;
  onUnit(unit: number): void;
}) {
  const t = useT();
  const { probe, dataset, unit } = props;
  const layer = probe.activations.layers[props.layer];
  const steps = probe.activations.steps;
  const active = useMemo(() => mostActiveUnits(layer, steps), [layer, steps]);
  const { c, h } = useMemo(() => unitSeries(layer, unit, steps), [layer, unit, steps]);
  const series = useMemo<PlotSeries[]>(() => {
    const list: PlotSeries[] = [];
    if (c) list.push({ id: 'c', label: 'c', color: C_COLOR, points: c });
    list.push({ id: 'h', label: 'h', color: H_COLOR, points: h });
    // The first input feature behind the states, stretched over their range (a series, not words).
    if (!probe.words) {
      const [line] = inputLines(probe.input, steps, dataset.features, 1);
      const ys = list.flatMap((s) => s.points.map((p) => p.y));
      const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
      const input = line.map((y, x) => ({ x, y: lo + y * (hi - lo || 1) }));
      const label = `${dataset.featureNames[0] ?? t('insideInput')} (${t('unitsScaled')})`;
      list.unshift({ id: 'input', label, color: INPUT_COLOR, points: input, width: 1, dashed: true });
    }
    return list;
  }, [c, h, probe, steps, dataset, t]);
  const yDomain = useMemo<Domain>(
    () =>
      niceDomain(
        series.flatMap((s) => s.points.map((p) => p.y)),
        4,
      ),
    [series],
  );
  const title = c ? t('unitsPlot', { unit }) : t('unitsHOnly', { unit });
  return (
    <div className="units-view" data-testid="units-view">
      <p className="note">{t('unitsActive')}</p>
      <ul className="active-units" data-testid="active-units">
        {active.map((a) => (
          <li key={a.unit}>
            <button type="button" aria-pressed={a.unit === unit} onClick={() => props.onUnit(a.unit)}>
              {t('unitsVariance', { unit: a.unit, v: fmt4(a.variance) })}
            </button>
          </li>
        ))}
      </ul>
      <figure className="unit-plot">
        <figcaption className="note">{title}</figcaption>
        <ChartLegend items={series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))} />
        <div className="small-chart" data-testid="unit-chart">
          <Plot
            series={series}
            xDomain={[0, Math.max(1, steps - 1)]}
            yDomain={yDomain}
            xLabel={t('insideStep')}
            yLabel=""
            formatX={String}
            formatY={formatTick}
            formatValue={fmt4}
            integerX
            hover="x"
            compact
            ariaLabel={title}
          />
        </div>
      </figure>
    </div>
  );
});
