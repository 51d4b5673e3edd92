import { writeFileSync } from 'node:fs';
import {
  chartPoints,
  collectErrors,
  expect,
  expectNoStructuralLongTask,
  queryOf,
  test,
  tiny,
  trainToEnd,
} from './helpers';

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

test('own file: one over the size limit is refused by its size, the old data stays', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ e: '3' })}`);
  const preview = page.getByTestId('dataset-preview');
  await expect(preview.locator('figcaption strong')).toHaveText('sine');
  await page.locator('details.custom summary').click();
  const huge = testInfo.outputPath('huge.csv');
  writeFileSync(huge, Buffer.alloc(21 * 1024 * 1024, 'a'));
  await page.getByTestId('custom-file').setInputFiles(huge);
  await expect(page.getByTestId('custom-error')).toContainText('The file is 21 MB; the limit is 20 MB');
  await expect(page.getByTestId('custom-use')).toBeDisabled();
  await expect(preview.locator('figcaption strong')).toHaveText('sine');
  expect(queryOf(page).get('d')).toBe('sine');
  expect(errors).toEqual([]);
});

test('own file: a European CSV (";" and decimal commas, BOM, CRLF) is read in the worker, the page stays free, and it trains', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(`./?${tiny({ e: '2' })}`);
  await page.locator('details.custom summary').click();
  // 20,000 rows (the row limit) of 24 columns, ~5 MB: parsing takes the worker a while.
  const rows = [`\uFEFFtag;${Array.from({ length: 24 }, (_, c) => `x${c}`).join(';')}`];
  for (let r = 0; r < 20_000; r++) {
    const cells = Array.from({ length: 24 }, (_, c) =>
      (1000 * Math.sin(r / 9 + c)).toFixed(4).replace('.', ','),
    );
    rows.push(`r${r};${cells.join(';')}`);
  }
  // From a file on disk, as a user picks one: the browser hands the page a File, and only the
  // worker reads it (a buffer would make Playwright build the file inside the page).
  const path = testInfo.outputPath('messwerte.csv');
  writeFileSync(path, rows.join('\r\n'));
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks.length = 0;
  });
  await page.getByTestId('custom-file').setInputFiles(path);
  await expect(page.getByTestId('custom-file-chosen')).toContainText('messwerte.csv (4.');
  await page.getByTestId('custom-column').selectOption('x3');
  await page.getByTestId('custom-use').click();
  const preview = page.getByTestId('dataset-preview');
  await expect(preview.locator('figcaption strong')).not.toHaveText('sine', { timeout: 30_000 });
  await expect(page.getByTestId('custom-error')).toHaveCount(0);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  expectNoStructuralLongTask(longTasks, 'while reading the file');
  expect(queryOf(page).get('d')).toBe('custom');
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
});
