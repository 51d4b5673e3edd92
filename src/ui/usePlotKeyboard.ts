import { type KeyboardEvent, useMemo, useState } from 'react';
import type { Scale } from '../view/plotGeometry';
import type { PlotSeries } from './plotTypes';

/**
 * The chart read by keyboard: focused, the arrow keys walk the readout along the data (each epoch,
 * or each dot of a scatter), Home and End jump to the ends, Escape hides it. Returns the pointer
 * position the readout is drawn at, as a mouse would give it.
 */
export function usePlotKeyboard(series: readonly PlotSeries[], mode: 'x' | 'plane', sx: Scale, sy: Scale) {
  const stops = useMemo(() => {
    if (mode === 'plane') {
      const dots = series.find((s) => s.mode === 'dots');
      return (dots?.points ?? []).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    }
    const xs = new Set<number>();
    for (const s of series) for (const p of s.points) if (Number.isFinite(p.x)) xs.add(p.x);
    return [...xs].sort((a, b) => a - b).map((x) => ({ x, y: Number.NaN }));
  }, [series, mode]);
  const [index, setIndex] = useState<number | null>(null);
  const at = index === null || stops.length === 0 ? null : stops[Math.min(index, stops.length - 1)];

  const onKeyDown = (e: KeyboardEvent) => {
    if (stops.length === 0) return;
    const last = stops.length - 1;
    const current = index === null ? last : Math.min(index, last);
    const next: Record<string, number | null> = {
      ArrowLeft: Math.max(0, current - 1),
      ArrowDown: Math.max(0, current - 1),
      ArrowRight: Math.min(last, current + 1),
      ArrowUp: Math.min(last, current + 1),
      Home: 0,
      End: last,
      Escape: null,
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    setIndex(next[e.key]);
  };

  return {
    /** Where the readout is, in the chart's pixels; null when the keyboard is not reading. */
    pointer: at ? { px: sx(at.x), py: Number.isNaN(at.y) ? 0 : sy(at.y) } : null,
    onKeyDown,
    onFocus: () => setIndex(stops.length - 1),
    onBlur: () => setIndex(null),
  };
}
