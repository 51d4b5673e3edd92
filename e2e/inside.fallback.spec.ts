import { test } from '@playwright/test';
import { insideStory } from './insideSteps';

/** The same inside views on the CPU engine, where the browser has no WebGPU. */
test('inside the LSTM on the CPU engine: the same views', async ({ page }, testInfo) => {
  await insideStory(page, testInfo, 'cpu');
});
