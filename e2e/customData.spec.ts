import { expect, test } from '@playwright/test';
import { chartPoints, collectErrors, queryOf, tiny, trainToEnd } from './helpers';

/** A small series to forecast: a time column and a sine, 120 rows. */
function seriesCsv(): string {
  const rows = ['time,value'];
  for (let i = 0; i < 120; i++) rows.push(`${i},${Math.sin(i / 4).toFixed(4)}`);
  return rows.join('\n');
}

test('own CSV: a broken row is refused by row and column and the old data stays; a good one trains', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ e: '3' })}`);
  const preview = page.getByTestId('dataset-preview');
  await expect(preview.locator('figcaption strong')).toHaveText('sine');

  await page.locator('details.custom summary').click();
  await page.getByTestId('custom-text').fill('time,value\n0,0.1\n1,five\n2,0.3\n');
  await page.getByTestId('custom-use').click();
  const error = page.getByTestId('custom-error');
  await expect(error).toContainText('Row 3');
  await expect(error).toContainText('"value"');
  await expect(preview.locator('figcaption strong')).toHaveText('sine');
  expect(queryOf(page).get('d')).toBe('sine');
  await page.screenshot({ path: testInfo.outputPath('07-csv-error.png'), fullPage: true });

  await page.getByTestId('custom-text').fill(seriesCsv());
  await page.getByTestId('custom-column').selectOption('value');
  await page.getByTestId('custom-use').click();
  await expect(error).toHaveCount(0);
  await expect(preview.locator('figcaption strong')).not.toHaveText('sine');
  expect(queryOf(page).get('d')).toBe('custom');

  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: testInfo.outputPath('08-csv-trained.png'), fullPage: true });
  expect(errors).toEqual([]);
});
