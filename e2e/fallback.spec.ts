import { chartPoints, collectErrors, expect, test, tiny, trainToEnd } from './helpers';

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
    threads === 1
      ? 'Trains on the CPU: WebAssembly, 1 thread'
      : `Trains on the CPU: WebAssembly, ${threads} threads`,
  );
  // True and calm: where it runs and why, the same math; no claim that it is slower.
  const notice = page.getByTestId('notice-fallbackNotice');
  await expect(notice).toContainText('Training runs on the CPU here, because: WebGPU is not available');
  await expect(notice).toContainText('runs the same math');
  await expect(notice).not.toContainText('slower');
  await expect(page.getByTestId('engine-why')).toContainText('This browser offers no WebGPU here');
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
    await expect(notice).toContainText('Training runs on the CPU here');
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
  await expect(page.getByTestId('backend-label')).toHaveText('Trains on the CPU: WebAssembly, 1 thread');
  await expect(page.getByTestId('engine-why')).toContainText(
    'One thread only: the page is not cross-origin isolated',
  );
  expect(errors).toEqual([]);
});

test("the link's hidden engine=ref trains on the reference engine, the oracle", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ engine: 'ref', lang: 'zh-CN' })}`);
  await trainToEnd(page);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('backend-label')).toHaveText('在 CPU 上训练：参考引擎（纯 TypeScript）');
  // Asked for, not fallen back to: no notice.
  await expect(page.getByTestId('notice-fallbackNotice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('engine=webgpu where there is no WebGPU: the badge says so before Train, and Train starts nothing, saying why', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ engine: 'webgpu' })}`);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'none');
  await expect(page.getByTestId('backend-label')).toHaveText('WebGPU asked for, not available here');
  await page.getByTestId('play').click();
  const refusal = page.getByTestId('notice-webgpuRequired');
  await expect(refusal).toContainText('Not started: this link asks for the WebGPU engine (engine=webgpu)');
  await expect(refusal).toContainText('Remove engine=webgpu from the link to train on the CPU.');
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-failed/);
  await expect(page.getByTestId('chart-empty')).toBeVisible();
  await expect(badge).toHaveAttribute('data-kind', 'none');
  expect(errors).toEqual([]);
});
