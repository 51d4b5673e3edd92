import { HeapProbe, hook, trainingWorker } from './devtools';
import { chartPoints, collectErrors, expect, test, tiny, trainToEnd } from './helpers';

/**
 * Long runs lose nothing in the real page: GPU buffers counted in the training worker, heaps read
 * through the debugging protocol. The suite runs SOAK_STEPS steps (default 400) and SOAK_CYCLES
 * reset cycles (default 50); the figures come from
 *   SOAK_STEPS=2000 npx playwright test e2e/gpuLifetime.spec.ts
 */
const STEPS = Number(process.env.SOAK_STEPS ?? 400);
const CYCLES = Number(process.env.SOAK_CYCLES ?? 50);
/** 12 steps an epoch (about 200 training windows, batch 16), as in src/engine/training/soak.test.ts. */
const SOAK = { n: '200', vf: '0.2', t: '8', u: '8', b: '16', dr: '0.1', s: '3' };
const STEPS_PER_EPOCH = 12;

test(`a long WebGPU run: flat buffer count after the first epoch, heaps grow < 10 MB over ${STEPS} steps`, async ({
  page,
}) => {
  test.setTimeout(60_000 + STEPS * 100);
  const errors = collectErrors(page);
  const epochs = Math.ceil(STEPS / STEPS_PER_EPOCH);
  await page.goto(`./?${tiny({ ...SOAK, e: String(epochs) })}`);
  const worker = await trainingWorker(page);
  const heaps = await HeapProbe.attach(page);
  await hook(worker, 'recordBuffersPerEpoch');
  // The first epoch alone (Step), then the rest: the baseline is taken after the first epoch.
  await page.getByTestId('step').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-paused/, { timeout: 30_000 });
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  const after1 = { worker: await heaps.workerBytes(), page: await heaps.pageBytes() };
  await trainToEnd(page, 60_000 + STEPS * 100);
  const end = { worker: await heaps.workerBytes(), page: await heaps.pageBytes() };
  const buffers = (await hook(worker, 'buffersPerEpoch'))!;
  expect(buffers).toHaveLength(epochs);
  expect(new Set(buffers)).toEqual(new Set([buffers[0]]));
  expect(await hook(worker, 'liveGpuBuffers')).toBe(buffers[0]);
  console.info(
    `browser soak: ${epochs * STEPS_PER_EPOCH} steps, ${epochs} epochs; live GPU buffers ${buffers[0]} at every epoch's end; ` +
      `worker heap ${(after1.worker / 1e6).toFixed(2)} → ${(end.worker / 1e6).toFixed(2)} MB, ` +
      `page heap ${(after1.page / 1e6).toFixed(2)} → ${(end.page / 1e6).toFixed(2)} MB`,
  );
  expect(end.worker - after1.worker).toBeLessThan(10e6);
  expect(end.page - after1.page).toBeLessThan(10e6);
  expect(errors).toEqual([]);
});

test(`${CYCLES} new-run / reset cycles give back every GPU buffer of the old run`, async ({ page }) => {
  test.setTimeout(60_000 + CYCLES * 3_000);
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ e: '200' })}`);
  const worker = await trainingWorker(page);
  const start = await hook(worker, 'liveGpuBuffers');
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    await page.getByTestId('play').click();
    // Some cycles reset while the engine is still being built, the rest mid-run.
    if (cycle % 2 === 1) await expect.poll(() => chartPoints(page)).toBeGreaterThanOrEqual(1);
    await page.getByTestId('reset').click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-idle/);
    await expect.poll(() => hook(worker, 'liveGpuBuffers')).toBe(start);
  }
  // And the page still trains after all that.
  await page.getByTestId('play').click();
  await expect.poll(() => chartPoints(page)).toBeGreaterThanOrEqual(1);
  expect(await hook(worker, 'liveGpuBuffers')).toBeGreaterThan(start);
  expect(errors).toEqual([]);
});

test('a GPU lost mid-run: the run goes on with the CPU engine from the last epoch, no epoch missing, a notice', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ e: '8' })}`);
  const worker = await trainingWorker(page);
  await page.getByTestId('speed').fill('300'); // slow enough to lose the GPU between epochs 2 and 4
  await page.getByTestId('play').click();
  await expect.poll(() => chartPoints(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  expect(await hook(worker, 'loseGpuDevice')).toBe(true);
  await page.getByTestId('speed').fill('0');
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 30_000 });
  await expect(page.getByTestId('notice-deviceLost')).toContainText('Training goes on with the CPU engine');
  // The CPU engine it goes on with is the WebAssembly one (the preview server isolates the page).
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'wasm');
  // Every epoch is on the chart, one point each: none lost, none counted twice.
  expect(await chartPoints(page)).toBe(8);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 8 / 8');
  expect(errors).toEqual([]);
});
