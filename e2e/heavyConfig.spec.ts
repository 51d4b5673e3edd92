import { collectErrors, expect, queryOf, test, tiny } from './helpers';

/**
 * Heavy configs stay responsive: the largest config the limits allow is refused before it starts
 * (the CPU engine would be left to run it, hours a step), naming the knob to lower and a value
 * that fits; a config with long epochs shows its progress inside the epoch and pauses mid-epoch.
 */
test('the largest config is refused before it starts, with the knob to lower and a value that fits', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ u: '512-512-512-512', t: '200', b: '512', n: '20000', e: '2' })}`);
  await page.getByTestId('play').click();
  const refusal = page.getByTestId('notice-tooHeavy');
  await expect(refusal).toContainText('Not started: one training step of this config needs 4510.6 GFLOP', {
    timeout: 45_000,
  });
  await expect(refusal).toContainText('Lower units to 9');
  // Why the CPU engine was to run it: the GPU's own limits, named by the fallback notice.
  await expect(page.getByTestId('notice-fallbackNotice')).toContainText('lower');
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-idle/);
  await expect(page.getByTestId('chart-empty')).toContainText('Press Train to start');
  await refusal.getByTestId('apply-suggestion').click();
  await expect.poll(() => queryOf(page).get('u')).toBe('9-9-9-9');
  await expect(refusal).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a long epoch shows step k of N and the time left, and Pause stops it mid-epoch', async ({ page }) => {
  const errors = collectErrors(page);
  // 3,000 steps of batch 1 in an epoch: many seconds an epoch.
  await page.goto(`./?${tiny({ n: '3000', b: '1', e: '2' })}`);
  await page.getByTestId('play').click();
  const inChart = page.getByTestId('chart-progress');
  await expect(page.getByTestId('chart-empty')).toContainText(
    'Training: the curves start when the first epoch ends',
  );
  await expect(inChart).toContainText(/epoch 1: step \d+ of 3000 · about \d+ s left/, { timeout: 30_000 });
  await expect(page.getByTestId('work-progress')).toContainText(/epoch 1: step \d+ of 3000/);

  await page.getByTestId('play').click(); // Pause
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-paused/);
  // Once the last few steps in flight have come in, the count stands still, inside the epoch.
  const stepOf = async () => Number((await inChart.textContent())?.match(/step (\d+) of/)?.[1]);
  await page.waitForTimeout(1000);
  const paused = await stepOf();
  await page.waitForTimeout(1500);
  expect(await stepOf()).toBe(paused);
  expect(paused).toBeLessThan(3000);

  await page.getByTestId('play').click(); // Resume
  await expect.poll(stepOf).toBeGreaterThan(paused);
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-idle/);
  expect(errors).toEqual([]);
});
