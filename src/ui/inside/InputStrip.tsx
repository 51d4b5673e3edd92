import { memo, useMemo } from 'react';
import type { InsideProbe } from '../../engine/host/inside';
import { inputLines } from '../../view/insideInput';
import { useT } from '../useT';

const COLORS = ['#374151', '#2563eb', '#d97706', '#059669'];
/** The strip draws this many features at most. */
const MAX_LINES = 4;

/**
 * The window's input along the same steps as the heatmaps below it: each feature as a line (each
 * scaled to its own range in the window; up to four), or, for text, the word at each step.
 */
export const InputStrip = memo(function InputStrip(props: {
  probe: InsideProbe;
  features: number;
  featureNames: string[];
  width: number;
  cursorT: number;
}) {
  const { probe, width, features } = props;
  const steps = probe.activations.steps;
  const height = probe.words ? 56 : 44;
  const lines = useMemo(
    () => (probe.words ? [] : inputLines(probe.input, steps, features, MAX_LINES)),
    [probe, steps, features],
  );
  const x = (t: number) => ((t + 0.5) / steps) * width;
  const words = useMemo(
    () => (probe.words ?? []).flatMap((word, step) => (word === null ? [] : [{ word, step }])),
    [probe.words],
  );
  return (
    <svg width={width} height={height} className="input-strip" data-testid="input-strip" aria-hidden="true">
      <rect
        className="strip-cursor"
        x={x(props.cursorT) - width / steps / 2}
        y={0}
        width={Math.max(2, width / steps)}
        height={height}
      />
      {lines.map((line, f) => (
        <path
          key={props.featureNames[f] ?? f}
          d={line
            .map((y, t) => `${t ? 'L' : 'M'}${x(t).toFixed(1)},${(4 + (1 - y) * (height - 8)).toFixed(1)}`)
            .join('')}
          stroke={COLORS[f]}
          fill="none"
          strokeWidth={1.5}
        />
      ))}
      {words.map(({ word, step }) => (
        <text
          key={step}
          x={x(step)}
          y={height - 4}
          transform={`rotate(-50 ${x(step)} ${height - 4})`}
          className="strip-word"
        >
          {word}
        </text>
      ))}
    </svg>
  );
});

/**
 * What the strip's lines are: each feature's colour and name, each line scaled to its own range
 * in the window (so lines are compared by shape, not height). Text draws words, which need none.
 */
export function InputLegend(props: { features: number; featureNames: string[] }) {
  const t = useT();
  const shown = Math.min(props.features, MAX_LINES);
  return (
    <div className="input-legend" data-testid="input-legend">
      <span>
        {props.features > MAX_LINES
          ? t('insideInputFirst', { shown, features: props.features })
          : t('insideInputLines')}
      </span>
      <ul className="legend">
        {Array.from({ length: shown }, (_, f) => (
          <li key={props.featureNames[f] ?? f} data-testid="input-legend-item">
            <span className="swatch" style={{ borderColor: COLORS[f] }} aria-hidden="true" />
            {props.featureNames[f] ?? t('insideFeature', { n: f + 1 })}
          </li>
        ))}
      </ul>
    </div>
  );
}
