import {
  chartPoints,
  collectErrors,
  expect,
  expectEngine,
  lossesAt,
  queryOf,
  test,
  tiny,
  trainToEnd,
} from './helpers';

test('the page loads with no console error and previews the dataset', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'LSTM Playground' })).toBeVisible();
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await expect(page.getByTestId('dataset-preview').locator('path')).toHaveAttribute('d', /^M/);
  await page.screenshot({ path: testInfo.outputPath('01-initial.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a small preset trains: both curves grow and the training loss falls', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?preset=overfit&${tiny({ e: '12' })}`);
  await expect(page.getByTestId('preset-story')).toContainText('Overfitting');
  // Slow enough to see the curves between two looks, even where an epoch takes a millisecond.
  await page.getByTestId('speed').fill('200');
  await page.getByTestId('play').click();
  await expect.poll(() => chartPoints(page), { timeout: 45_000 }).toBeGreaterThanOrEqual(2);
  const early = await chartPoints(page);
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 60_000 });
  expect(await chartPoints(page)).toBeGreaterThan(early);
  // Two lines, each drawn through every epoch.
  const lines = page.getByTestId('loss-chart-plot').locator('path.plot-line');
  await expect(lines).toHaveCount(2);
  for (const d of await lines.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) {
    expect(d.split('L').length).toBeGreaterThanOrEqual(12);
  }
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 12 / 12');
  await expect(page.getByTestId('metric-mae')).toBeVisible();
  // Sine windows are independent of each other: their forecasts show as a scatter, not a line.
  await expect(page.getByTestId('forecast-chart')).toHaveAttribute('data-view', 'scatter');
  await expect(page.getByTestId('forecast-chart').locator('path.plot-dots')).toHaveAttribute('d', /^M/);
  await expectEngine(page);
  // It learns: the training loss the chart reads out falls by half or more from the first epoch
  // to the last (measured 0.86 → 0.231 on SwiftShader, 2026-11).
  const [first, last] = [await lossesAt(page, 1, 12), await lossesAt(page, 12, 12)];
  expect(last.train).toBeLessThan(0.5 * first.train);
  // Hovering the chart reads both losses at the epoch under the pointer.
  const box = await page.getByTestId('loss-chart-plot').boundingBox();
  if (!box) throw new Error('the loss chart has no box');
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  const readout = page.getByTestId('loss-chart-plot').getByTestId('plot-readout');
  await expect(readout).toContainText(/epoch \d+/);
  await expect(readout).toContainText(/training loss: \d/);
  await expect(readout).toContainText(/validation loss: \d/);
  await page.screenshot({ path: testInfo.outputPath('02-trained.png'), fullPage: true });
  await page.mouse.move(0, 0);

  // A second run shows up in the comparison, labelled by what differs.
  await page.getByTestId('speed').fill('0');
  await page.getByTestId('toggle-dropout').click();
  await trainToEnd(page);
  await expect(page.getByTestId('compare-runs')).toContainText('no dropout');
  await page.screenshot({ path: testInfo.outputPath('03-compare.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the overfit preset at full size: training loss keeps falling, validation loss turns and climbs', async ({
  page,
}, testInfo) => {
  // 60 epochs of LSTM(96): ~25 s on SwiftShader here; the margin is for a loaded machine.
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.goto('./?preset=overfit');
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 0 / 60');
  await trainToEnd(page, 150_000);
  const marker = page.getByTestId('loss-chart-plot').locator('.plot-marker text', { hasText: /^best epoch/ });
  const best = Number(/(\d+)$/.exec((await marker.textContent()) ?? '')?.[1]);
  const [first, atBest, last] = [
    await lossesAt(page, 1, 60),
    await lossesAt(page, best, 60),
    await lossesAt(page, 60, 60),
  ];
  // Measured (SwiftShader, 2026-11; the CPU runner draws the same curve, README): best epoch 8;
  // training 0.575 → 0.284 → 0.016 and validation 0.304 → 0.194 → 0.398 at epochs 1, 8, 60.
  expect(best).toBeLessThanOrEqual(30);
  expect(atBest.val).toBeLessThan(first.val);
  expect(last.val, 'validation loss climbs past its best epoch').toBeGreaterThan(1.5 * atBest.val);
  expect(last.train, 'training loss keeps falling').toBeLessThan(0.25 * first.train);
  expect(last.train).toBeLessThan(atBest.train);
  await page.screenshot({ path: testInfo.outputPath('09-overfit-full.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('toggling dropout changes the link', async ({ page }) => {
  await page.goto(`./?${tiny()}`);
  await expect.poll(() => queryOf(page).get('dr')).toBe('0');
  await page.getByTestId('toggle-dropout').click();
  await expect.poll(() => queryOf(page).get('dr')).toBe('0.2');
  await expect(page.getByTestId('toggle-dropout')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('toggle-dropout').click();
  await expect.poll(() => queryOf(page).get('dr')).toBe('0');
});

test('a copied link opened in a new page shows the same config', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`./?${tiny()}`);
  await page.getByTestId('toggle-l2').click();
  const lr = page.getByTestId('learning-rate');
  await lr.fill('0.003');
  await lr.press('Enter');
  await page.getByTestId('units-1').fill('24');
  await page.getByTestId('units-1').press('Tab');
  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByTestId('copy-link').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('learning-rate')).toHaveValue('0.003');
  await expect(other.getByTestId('units-1')).toHaveValue('24');
  await expect(other.getByTestId('l2')).toHaveValue('0.001');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('LSTM 训练场');
  expect(queryOf(other).toString()).toBe(new URL(link).searchParams.toString());
});

test('a garbage link shows its problems and still trains', async ({ page }, testInfo) => {
  await page.goto(`./?${tiny({ lr: 'banana', u: 'lots', b: '99999', zzz: '1', o: 'nesterov' })}`);
  const problems = page.getByTestId('link-problem');
  await expect(problems.first()).toBeVisible();
  expect(await problems.count()).toBeGreaterThanOrEqual(4);
  await page.screenshot({ path: testInfo.outputPath('04-garbage-link.png'), fullPage: true });
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(2);
  await page.getByTestId('link-problems').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('link-problems')).toHaveCount(0);
});
