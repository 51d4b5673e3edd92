import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { collectErrors, expect, expectEngine, test, tiny, trainToEnd } from './helpers';

/**
 * The engine that is faster on this device, named before Train (WebGPU project: Chromium on
 * SwiftShader, a software adapter). A link without the engine key (auto) trains on the WebAssembly
 * engine, and the badge and a notice say why; engine=webgpu trains on WebGPU. The badge is there
 * from page load, and the header does not move when training starts.
 */
test.use({ linkEngine: null }); // these links mean what they say: no engine key is auto

/** The header and each of its tools, as boxes rounded to whole pixels. */
async function headerBoxes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const header = document.querySelector('.app-header');
    if (!header) throw new Error('no header');
    return [header, ...header.querySelectorAll('.header-tools > *')].map((el) => {
      const r = el.getBoundingClientRect();
      return `${el.className}: ${[r.x, r.y, r.width, r.height].map(Math.round).join(',')}`;
    });
  });
}

/** The page settled before Train: its engine named, the header's offline mark shown. */
async function settled(page: Page) {
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-kind', 'none');
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 30_000 });
}

test('auto on a software adapter trains on the WebAssembly engine, named with its reason before Train', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  const kernelFiles: string[] = [];
  page.on('request', (r) => {
    const file = /\/(kernels[\w-]*?)-[\w-]{8}\.wasm$/.exec(r.url())?.[1];
    if (file) kernelFiles.push(file);
  });
  await page.goto(`./?${tiny({ e: '3' })}`);
  const badge = page.getByTestId('backend-badge');
  await settled(page);
  // Before any run: the worker's plan.
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-idle/);
  await expect(badge).toHaveAttribute('data-kind', 'wasm');
  await expect(page.getByTestId('backend-label')).toHaveText(
    /^Trains on the CPU: WebAssembly, \d+ threads?$/,
  );
  const why = page.getByTestId('engine-why');
  await expect(why).toContainText('Graphics adapter: google swiftshader');
  await expect(why).toContainText('WebAssembly engine is faster on this device');
  await expect(badge).toHaveAttribute('title', /runs in software here/);
  await expect(badge).not.toHaveAttribute('title', /matmul|lstm_cell/);
  // Chromium has relaxed SIMD: the tooltip names that build, before Train (the plan) and after.
  const relaxed = /WebAssembly SIMD with fused multiply-add \(relaxed SIMD\)/;
  await expect(badge).toHaveAttribute('title', relaxed);
  const before = await headerBoxes(page);

  await trainToEnd(page);
  await expectEngine(page); // no engine key in the link: auto, the WebAssembly engine here
  await expect(badge).toHaveAttribute('title', relaxed);
  // ... and the engine trained on it: the page fetched the relaxed kernels and not the plain ones.
  expect(kernelFiles.length).toBeGreaterThan(0);
  expect(kernelFiles.filter((f) => !f.endsWith('-relaxed'))).toEqual([]);
  await expect(page.getByTestId('steps-per-sec')).toHaveText(/\d+(\.\d)? steps\/s/);
  expect(await headerBoxes(page)).toEqual(before);
  await expect(page.getByTestId('notice-softwareGpuNotice')).toContainText(
    'WebGPU runs in software here (google swiftshader)',
  );
  await expect(page.getByTestId('notice-softwareGpuNotice')).not.toContainText('slower');

  // The reason in words, for keyboards and touch screens too: the badge opens it, Escape closes.
  await badge.focus();
  await page.keyboard.press('Enter');
  const note = page.getByTestId('engine-why-note');
  await expect(note).toContainText('faster on this device');
  await page.screenshot({ path: testInfo.outputPath('engine-why-1440.png') });
  await page.keyboard.press('Escape');
  await expect(note).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('engine=webgpu trains on WebGPU on the same software adapter, named before Train', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ e: '3', engine: 'webgpu' })}`);
  const badge = page.getByTestId('backend-badge');
  await settled(page);
  await expect(badge).toHaveAttribute('data-kind', 'webgpu');
  await expect(page.getByTestId('backend-label')).toHaveText('Trains on your GPU');
  await expect(page.getByTestId('engine-why')).toContainText('The link asks for WebGPU (engine=webgpu).');
  const before = await headerBoxes(page);
  await trainToEnd(page);
  await expectEngine(page);
  await expect(page.getByTestId('steps-per-sec')).toHaveText(/steps\/s/);
  expect(await headerBoxes(page)).toEqual(before);
  // The kernels the autotuner picked stay reachable for tests, not in the visible tooltip.
  await expect(badge).toHaveAttribute('data-kernels', /\w+: \w+/);
  await expect(badge).not.toHaveAttribute('title', /matmul/);
  await expect(page.getByTestId('notice-softwareGpuNotice')).toHaveCount(0);
  await expect(page.getByTestId('notice-fallbackNotice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('on a phone (390 px) the badge opens its reason inside the screen', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`./?${tiny({ e: '3' })}`);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'wasm');
  await badge.click();
  const note = page.getByTestId('engine-why-note');
  await expect(note).toContainText('faster on this device');
  const box = await note.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('engine-why-390.png') });
});

test("every spec takes `test` from e2e/helpers.ts, so the WebGPU project's links ask for WebGPU", () => {
  const dir = new URL('.', import.meta.url).pathname;
  const direct = readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .filter((f) =>
      /import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'@playwright\/test'/.test(readFileSync(`${dir}${f}`, 'utf8')),
    );
  expect(direct, 'import test from ./helpers instead').toEqual([]);
});
