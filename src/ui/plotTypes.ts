import type { Domain, XY } from '../view/plotGeometry';

/** What a Plot draws: its series, bands, markers and props (shared by Plot and its readout). */

export interface PlotSeries {
  id: string;
  label: string;
  color: string;
  points: readonly XY[];
  /** 'line' joins the points (x sorted); 'dots' draws each point alone (a scatter). */
  mode?: 'line' | 'dots';
  width?: number;
  dashed?: boolean;
}

/** A shaded stretch of x with a label above it (the overfitting stretch). */
export interface PlotBand {
  from: number;
  to: number;
  label: string;
}

/** A vertical line at x with a label at its top (best epoch, early stop, a change to the run). */
export interface PlotMarker {
  x: number;
  /** What the mark says: drawn at its top, and read with the values at its x. */
  label: string;
  /** A shorter text to draw instead, where the label is too long for the chart (listed beside it). */
  chartLabel?: string;
  color: string;
  dashed?: boolean;
}

export interface PlotProps {
  series: readonly PlotSeries[];
  xDomain: Domain;
  yDomain: Domain;
  xLabel: string;
  yLabel: string;
  formatX: (v: number) => string;
  formatY: (v: number) => string;
  /** Values in the hover readout (ticks are round numbers, values are not); default formatY. */
  formatValue?: (v: number) => string;
  /** Hover readout: 'x' reads every series at the nearest x; 'plane' reads the nearest dot. */
  hover: 'x' | 'plane';
  /** The readout's first line for an x (e.g. "epoch 7"); in 'plane' mode the axis titles name the values. */
  readoutTitle?: (x: number) => string;
  integerX?: boolean;
  bands?: readonly PlotBand[];
  markers?: readonly PlotMarker[];
  /** The line y = x, where a perfect forecast puts every dot. */
  diagonal?: boolean;
  compact?: boolean;
  ariaLabel: string;
}
