import type { ForecastSample } from '../engine/training/report';
import type { XY } from './plotGeometry';

/**
 * How to show forecast against truth. The worker sends one value per validation window (the next
 * step of each window). For a real series the windows follow each other in time, so the values
 * form the series itself and a line reads right. The synthetic sets draw every window on its own
 * (a random phase, random markers): joined, those values are noise. There a scatter of predicted
 * against truth, with the diagonal where a perfect model would put every point, shows at a glance
 * how well the model does, and it keeps working for a few hundred windows where small multiples
 * of the first windows would show only a handful.
 */
export type ForecastView = 'line' | 'scatter';

const INDEPENDENT_WINDOWS = new Set(['sine', 'adding']);

export function forecastView(datasetName: string | undefined): ForecastView {
  return datasetName !== undefined && INDEPENDENT_WINDOWS.has(datasetName) ? 'scatter' : 'line';
}

export interface ForecastPlotPoints {
  /** line: (window number from 1, true value); scatter: unused. */
  truth: XY[];
  /** line: (window number from 1, forecast); scatter: (true value, forecast) per window. */
  predicted: XY[];
}

/** The sample as plot points; the predicted part aligns with the end of the truth if shorter. */
export function forecastPlotPoints(sample: ForecastSample, view: ForecastView): ForecastPlotPoints {
  const offset = sample.truth.length - sample.predicted.length;
  if (view === 'scatter') {
    return {
      truth: [],
      predicted: sample.predicted.map((y, i) => ({ x: sample.truth[i + offset], y })),
    };
  }
  return {
    truth: sample.truth.map((y, i) => ({ x: i + 1, y })),
    predicted: sample.predicted.map((y, i) => ({ x: i + offset + 1, y })),
  };
}
