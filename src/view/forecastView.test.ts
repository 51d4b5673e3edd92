import { describe, expect, it } from 'vitest';
import { forecastPlotPoints, forecastView } from './forecastView';

describe('forecast view', () => {
  it('independent synthetic windows are a scatter; consecutive real windows a line', () => {
    expect(forecastView('sine')).toBe('scatter');
    expect(forecastView('adding')).toBe('scatter');
    for (const name of ['seattle-temp', 'sp500', 'co2', 'custom']) expect(forecastView(name)).toBe('line');
    expect(forecastView(undefined)).toBe('line');
  });

  it('a scatter pairs each window’s truth (x) with its forecast (y)', () => {
    const { predicted } = forecastPlotPoints({ truth: [1, 2, 3], predicted: [1.1, 1.9, 3.2] }, 'scatter');
    expect(predicted).toEqual([
      { x: 1, y: 1.1 },
      { x: 2, y: 1.9 },
      { x: 3, y: 3.2 },
    ]);
  });

  it('a line aligns a shorter forecast with the end of the truth', () => {
    const { truth, predicted } = forecastPlotPoints({ truth: [1, 2, 3, 4], predicted: [4.5] }, 'line');
    expect(truth).toHaveLength(4);
    expect(predicted).toEqual([{ x: 4, y: 4.5 }]);
  });

  it('with truths that are not the window numbers: a scatter is (truth, forecast) and draws no truth line', () => {
    // Truth 10, 20, 30, 40; a forecast of the last two windows only.
    const scatter = forecastPlotPoints({ truth: [10, 20, 30, 40], predicted: [31, 39] }, 'scatter');
    expect(scatter).toEqual({
      truth: [],
      predicted: [
        { x: 30, y: 31 },
        { x: 40, y: 39 },
      ],
    });
    const line = forecastPlotPoints({ truth: [10, 20, 30, 40], predicted: [31, 39] }, 'line');
    expect(line).toEqual({
      truth: [
        { x: 1, y: 10 },
        { x: 2, y: 20 },
        { x: 3, y: 30 },
        { x: 4, y: 40 },
      ],
      predicted: [
        { x: 3, y: 31 },
        { x: 4, y: 39 },
      ],
    });
  });
});
