import { expect, test } from '@playwright/test';
import { chartPoints, collectErrors, tiny, trainToEnd } from './helpers';

// Chromium with --disable-gpu (playwright.config.ts, project cpu-fallback): no WebGPU adapter.

test('without WebGPU the WebAssembly engine trains on every core and says so', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny()}`);
  expect(await page.evaluate(async () => ((await navigator.gpu?.requestAdapter()) ?? null) === null)).toBe(
    true,
  );
  // The preview server sends COOP/COEP: the page may share memory between workers.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(6);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'wasm');
  await expect(badge).toContainText('CPU');
  const threads = Math.min(cores, 8);
  await expect(page.getByTestId('backend-label')).toHaveText(
    threads === 1 ? 'WebAssembly SIMD · 1 thread' : `WebAssembly SIMD · ${threads} threads`,
  );
  await expect(page.getByTestId('notice-fallbackNotice')).toContainText('CPU engine trains');
  await page.screenshot({ path: testInfo.outputPath('06-cpu-fallback.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a Bidirectional GRU and a SimpleRNN train on the WebAssembly engine too, not the reference', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const runs: { query: Record<string, string>; model: string }[] = [
    // Recurrent dropout too: each direction draws its own masks.
    { query: { cell: 'gru', bi: '1', rd: '0.2', e: '3' }, model: 'Bidirectional(GRU(8)) → Dense(1)' },
    { query: { cell: 'simple_rnn', e: '3' }, model: 'SimpleRNN(8) → Dense(1)' },
  ];
  for (const { query, model } of runs) {
    await page.goto(`./?${tiny(query)}`);
    await expect(page.getByTestId('model-line')).toHaveText(model);
    await trainToEnd(page);
    await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 3 / 3');
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'wasm');
    // Only WebGPU is missing: the notice says so, and nothing of the WebAssembly engine refusing.
    const notice = page.getByTestId('notice-fallbackNotice');
    await expect(notice).toContainText('CPU engine trains');
    await expect(notice).not.toContainText('WebAssembly engine cannot run');
  }
  expect(errors).toEqual([]);
});

test('a page that cannot share memory (no COOP/COEP) still trains, on one thread', async ({ page }) => {
  const errors = collectErrors(page);
  // The same build served without the isolation headers, as a plain static host would.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await page.goto(`./?${tiny()}`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('undefined');
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'wasm');
  await expect(page.getByTestId('backend-label')).toHaveText('WebAssembly SIMD · 1 thread');
  expect(errors).toEqual([]);
});

test("the link's hidden engine=ref trains on the reference engine, the oracle", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ engine: 'ref', lang: 'zh-CN' })}`);
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('backend-label')).toHaveText('参考引擎（纯 TypeScript）');
  // Asked for, not fallen back to: no notice.
  await expect(page.getByTestId('notice-fallbackNotice')).toHaveCount(0);
  expect(errors).toEqual([]);
});
