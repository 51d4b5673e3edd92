import type { Page } from '@playwright/test';
import { chartPoints, collectErrors, expect, test, tiny, trainToEnd } from './helpers';
import { hostDist, type StaticHost } from './staticServer';

/**
 * The built app as a teacher hosts it (a plain static server, under a sub-path) and as a
 * classroom uses it (the Wi-Fi gone after the first visit; a new version deployed mid-lesson).
 */
const SUB_PATH = '/course/lstm/';
/** A shipped real dataset: its CSV must come from the service worker's cache when offline. */
const CO2_RUN = tiny({ d: 'co2', t: '12', e: '3' });

let host: StaticHost;
test.beforeEach(async () => {
  host = await hostDist(SUB_PATH);
});
test.afterEach(async () => {
  await host.close();
});

/** Waits until this page's service worker is active, and returns its scope. */
const activeWorkerScope = (page: Page) =>
  page.evaluate(async () => (await navigator.serviceWorker.ready).scope);

test('served from a sub-path of a plain static host, it trains there under its service worker', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const foreign: string[] = [];
  page.context().on('request', (req) => {
    if (!req.url().startsWith(host.url)) foreign.push(req.url());
  });
  await page.goto(`${host.url}?${CO2_RUN}`);
  expect(await activeWorkerScope(page)).toBe(host.url);
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await expect(page.getByTestId('dataset-preview')).toContainText('CO');
  await trainToEnd(page);
  expect(await chartPoints(page)).toBe(3);
  // Every file came from under the sub-path: nothing assumes the app sits at the server's root.
  expect(host.requests.filter((path) => !path.startsWith(SUB_PATH))).toEqual([]);
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

test('after one visit, it loads and trains with the network off', async ({ page, context }) => {
  await page.goto(`${host.url}?${CO2_RUN}`);
  await activeWorkerScope(page);
  await expect(page.getByTestId('dataset-preview')).toContainText('CO');
  // The Wi-Fi drops, and the server is gone too: whatever loads now comes from the browser's cache.
  await context.setOffline(true);
  await host.close();
  const served = host.requests.length;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'LSTM Playground' })).toBeVisible();
  await expect(page.getByTestId('dataset-preview')).toContainText('CO');
  await trainToEnd(page);
  expect(await chartPoints(page)).toBe(3);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'webgpu');
  expect(host.requests.length).toBe(served);
});

test('a new version waits for the user: the running model is never swapped mid-run', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${host.url}?${tiny({ e: '400' })}`);
  await activeWorkerScope(page);
  await page.reload(); // now the service worker controls the page
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.getByTestId('speed').fill('100');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running/);
  await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });

  // A redeploy: the service worker script changes; the browser's next update check finds it.
  host.changeFile('sw.js', (text) => `${text}\n// next version\n`);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect(page.getByTestId('update-ready')).toContainText('reloading now would end the current run');
  const epochAtNotice = await chartPoints(page);
  await expect.poll(() => chartPoints(page)).toBeGreaterThan(epochAtNotice);
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running/);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
    true,
  );
  expect(
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null),
  ).toBe(true);

  // Only the user's click swaps the new version in, and reloads.
  await page.getByTestId('update-reload').click();
  await page.waitForFunction(() => !(window as unknown as { sameDocument?: boolean }).sameDocument);
  await expect(page.getByRole('heading', { name: 'LSTM Playground' })).toBeVisible();
  expect(
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting),
  ).toBeNull();
  await expect(page.getByTestId('update-ready')).toHaveCount(0);
  expect(errors).toEqual([]);
});
