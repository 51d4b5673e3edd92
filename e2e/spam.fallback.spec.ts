import type { Page } from '@playwright/test';
import { chartPoints, collectErrors, expect, expectEngine, queryOf, test, trainToEnd } from './helpers';
import { hostDist } from './staticServer';

/**
 * The real text set (SpamAssassin e-mails, shipped as data/spam-assassin.json) where the browser
 * has no GPU: chosen from the list, trained an epoch on the WebAssembly engine, read word by word;
 * and built again from the service worker's cache with the network gone.
 */
const ABOUT =
  'SpamAssassin e-mails of 2002, spam or ham: 2000 messages, the first 24 words of each, 200 words known.';

const accuracy = async (page: Page) =>
  Number(await page.getByTestId('metric-accuracy').locator('.stat-value').textContent());

test('SpamAssassin: picked from the list, it trains an epoch; the words view and an own sentence read it', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('./?d=sine&n=400&t=24&u=16&b=32&e=1&s=1&view=words');
  await page.getByTestId('dataset').selectOption('spam');
  await expect(page.getByTestId('dataset-preview')).toContainText(ABOUT);
  await expect.poll(() => queryOf(page).get('d')).toBe('spam');
  await trainToEnd(page);
  await expectEngine(page);
  expect(await chartPoints(page)).toBe(1);
  // One epoch on 400 messages already reads spam better than a coin (the runner: 0.825 at seed 1).
  expect(await accuracy(page)).toBeGreaterThan(0.6);

  // The validation window's words, as the model read them (subject first).
  const window = page.getByTestId('window-words').getByTestId('word');
  await expect(window.first()).toBeVisible();
  expect(await window.count()).toBeGreaterThan(2);

  await page.getByTestId('sentence-input').fill('Click here to get FREE money now, zzyzx');
  await page.getByTestId('sentence-run').click();
  const sentence = page.getByTestId('sentence-words');
  await expect(sentence.getByTestId('word')).toHaveCount(8);
  // A word outside the 200 known ones is read as <unk> and marked so.
  await expect(sentence.getByTestId('word').last()).toHaveAttribute('title', /<unk>/);
  await page.screenshot({ path: testInfo.outputPath('spam-trained-1280.png'), fullPage: true });
  await page.getByTestId('inside-panel').screenshot({ path: testInfo.outputPath('spam-words.png') });
  expect(errors).toEqual([]);
});

test('SpamAssassin works offline: after one visit its file comes from the service worker’s cache', async ({
  page,
  context,
}) => {
  const host = await hostDist('/app/');
  try {
    await page.goto(`${host.url}?d=spam&n=200&t=16&u=8&b=32&e=1&s=2`);
    await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    await expect(page.getByTestId('dataset-preview')).toContainText('SpamAssassin e-mails of 2002');
    await context.setOffline(true);
    await host.close();
    const served = host.requests.length;
    await page.reload();
    await expect(page.getByTestId('dataset-preview')).toContainText('the first 16 words of each');
    await trainToEnd(page);
    expect(await chartPoints(page)).toBe(1);
    expect(host.requests.length).toBe(served);
  } finally {
    await host.close().catch(() => {});
  }
});
