import { test } from './helpers';
import { insideStory } from './insideSteps';

/** The same inside views where the browser has no WebGPU: on the WebAssembly engine. */
test('inside the LSTM on the WebAssembly engine (no WebGPU): the same views', async ({ page }, testInfo) => {
  await insideStory(page, testInfo, 'wasm');
});
