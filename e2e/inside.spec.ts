import { test } from './helpers';
import { insideStory, largestHeatmaps, otherCells, ownSentence } from './insideSteps';

/**
 * Inside the LSTM on WebGPU (SwiftShader): the long-range preset trains a few epochs with the
 * views open; the heatmaps draw, a hovered cell's equation adds up, the gradient chart has T
 * points, no long task on the page; the own-sentence box colours words. Screenshots of each view.
 */
test('inside the LSTM while it trains: heatmaps, equations, units, gradient through time', async ({
  page,
}, testInfo) => {
  await insideStory(page, testInfo, 'webgpu');
});

test('word by word: a validation example and one’s own sentence, unknown words marked', async ({
  page,
}, testInfo) => {
  await ownSentence(page, testInfo);
});

test('512 units × 200 steps: the heatmaps draw with no long task on the page', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await largestHeatmaps(page, testInfo);
});

test('the views follow the cell: a Bidirectional GRU’s z, r, h̃ and h in both directions; a SimpleRNN’s h', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await otherCells(page, testInfo);
});
