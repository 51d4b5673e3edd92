import { collectErrors, expect, queryOf, test, tiny, trainToEnd } from './helpers';

/**
 * Why an LSTM, in the page: the same small run as an LSTM, a SimpleRNN and a Bidirectional GRU,
 * chosen with the layer-type control and the Bidirectional toggle, each trained a few epochs on
 * WebGPU; compare runs overlays them, each labelled by what differs.
 */
test('each cell type trains, and compare runs overlays them by name', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ e: '3', u: '6' })}`);
  await expect(page.getByTestId('model-line')).toHaveText('LSTM(6) → Dense(1)');
  await trainToEnd(page);
  await expect(page.getByTestId('backend-badge')).toBeVisible();

  await page.getByTestId('cell').selectOption('simple_rnn');
  await expect.poll(() => queryOf(page).get('cell')).toBe('simple_rnn');
  await expect(page.getByTestId('model-line')).toHaveText('SimpleRNN(6) → Dense(1)');
  await trainToEnd(page);

  await page.getByTestId('cell').selectOption('gru');
  await page.getByTestId('bidirectional').check();
  await expect.poll(() => queryOf(page).get('bi')).toBe('1');
  await expect(page.getByTestId('model-line')).toHaveText('Bidirectional(GRU(6)) → Dense(1)');
  await trainToEnd(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 3 / 3');

  // The two earlier runs, each named by what differs from the current Bidirectional GRU.
  const compare = page.getByTestId('compare-runs');
  await expect(compare).toContainText('LSTM');
  await expect(compare).toContainText('SimpleRNN');
  await expect(compare).toContainText('one direction');
  await expect(compare.locator('path.plot-line')).toHaveCount(3, { timeout: 10_000 });
  await page.screenshot({ path: testInfo.outputPath('cell-types-compare.png'), fullPage: true });
  expect(errors).toEqual([]);
});
