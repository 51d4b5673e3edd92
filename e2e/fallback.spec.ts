import { expect, test } from '@playwright/test';
import { chartPoints, collectErrors, tiny, trainToEnd } from './helpers';

test('without WebGPU the CPU engine trains and says so', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny()}`);
  expect(await page.evaluate(async () => ((await navigator.gpu?.requestAdapter()) ?? null) === null)).toBe(
    true,
  );
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('notice-fallbackNotice')).toContainText('CPU engine trains');
  await page.screenshot({ path: testInfo.outputPath('06-cpu-fallback.png'), fullPage: true });
  expect(errors).toEqual([]);
});
