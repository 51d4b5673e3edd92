import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { collectErrors, expect, test, tiny, trainToEnd } from './helpers';

/**
 * The page's layout at the widths a class uses: a phone (390 px), a laptop (1366, 1440) and a
 * projector (1920), with the inside views open. Run on the CPU project (no WebGPU): layout does not
 * depend on the engine, and the WebAssembly engine trains the tiny run fastest here.
 */

type Box = { x: number; y: number; width: number; height: number };

/** A box in the page's coordinates (boundingBox is in the viewport's). */
async function pageBox(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} has no box`);
  const scrollY = await locator.page().evaluate(() => window.scrollY);
  return { ...box, y: box.y + scrollY };
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Inside the viewport, to the pixel (a box's edges are fractional). */
async function expectInsideViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(width + 0.5);
  expect(box!.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what}: bottom edge`).toBeLessThanOrEqual(height + 0.5);
}

for (const width of [1366, 1440]) {
  test(`${width} px: Look inside leaves the settings column where it was, level with the chart column`, async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`./?${tiny()}`);
    await expect(page.getByTestId('dataset-preview')).toBeVisible();
    const side = page.locator('aside.side');
    const before = await pageBox(side);
    const toolbar = await pageBox(page.locator('.toolbar'));
    expect(Math.abs(before.y - toolbar.y)).toBeLessThan(1);
    await page.getByTestId('inside-open').click();
    await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'gates');
    // Opening the views scrolls them into sight: the column must not come along.
    await page.getByTestId('inside-panel').scrollIntoViewIfNeeded();
    const after = await pageBox(side);
    expect(after.y).toBeCloseTo(before.y, 0);
    expect(after.x).toBeCloseTo(before.x, 0);
    expect(errors).toEqual([]);
  });
}

for (const width of [1366, 1920]) {
  test(`${width} px: the trained views open, nothing wider than the page (screenshot)`, async ({
    page,
  }, testInfo) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height: width === 1920 ? 1080 : 768 });
    await page.goto(`./?${tiny({ e: '3' })}&view=gates`);
    await trainToEnd(page);
    await expect(page.getByTestId('inside-epoch')).toHaveText('after epoch 3');
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: testInfo.outputPath(`layout-${width}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('390 px (a phone): Train stays on screen, menus open inside it, nothing is wider than the page', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`./?${tiny({ e: '3' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await expectInsideViewport(page, page.getByTestId('play'), 'Train at the start');

  // At the bottom of the page (the inside views, below every setting) the bar is still there.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);
  await expectInsideViewport(page, page.getByTestId('play'), 'Train scrolled to the bottom');
  await expectInsideViewport(page, page.getByTestId('run-state'), 'the run state scrolled to the bottom');
  const bar = await page.locator('.toolbar').boundingBox();
  expect(bar!.height, 'the bar takes at most a fifth of the screen').toBeLessThanOrEqual(844 / 5);
  await page.screenshot({ path: testInfo.outputPath('phone-bottom.png') });
  await trainToEnd(page);

  // Trained, the engine's badge is in the header too: it pushed Export to the left, and its menu,
  // hung from the button's right edge, opened 109 px off the screen (237 px in Chinese).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('export-menu').click();
  await expectInsideViewport(page, page.locator('#export-panel'), 'the Export menu');
  await page.screenshot({ path: testInfo.outputPath('phone-export-menu.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('copy-link').click();
  await expectInsideViewport(page, page.locator('.copy-popover'), 'the Copy link popover');
  await page.keyboard.press('Escape');
  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByTestId('export-menu').click();
  await expectInsideViewport(page, page.locator('#export-panel'), 'the Export menu in Chinese');
  await page.keyboard.press('Escape');
  await page.getByTestId('lang').selectOption('en');
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);

  // The inside views open, trained; the page is still no wider than the phone.
  await page.getByTestId('inside-open').click();
  await expect(page.getByTestId('inside-epoch')).toHaveText('after epoch 3');
  await expectInsideViewport(page, page.getByTestId('play'), 'Train with the views open');
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('phone-inside.png'), fullPage: true });
  expect(errors).toEqual([]);
});

for (const width of [1440, 390]) {
  test(`${width} px: after a model import the header keeps its items apart and no message lies over the training controls`, async ({
    page,
  }, testInfo) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height: width > 900 ? 1000 : 844 });
    await page.goto(`./?${tiny()}`);
    await expect(page.getByTestId('dataset-preview')).toBeVisible();
    // The untrained model is a valid export: bring it back in through the same menu.
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-tfjs').click(),
    ]);
    const bytes = readFileSync(await download.path());
    await page.getByTestId('import-file').setInputFiles({
      name: download.suggestedFilename(),
      mimeType: 'application/zip',
      buffer: bytes,
    });
    await expect(page.getByTestId('model-io-status')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('imported-model')).toBeVisible();

    const items = page.locator('.app-header .brand, .app-header .header-tools > *');
    const boxes: Box[] = [];
    for (const item of await items.all()) boxes.push(await pageBox(item));
    expect(boxes.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(overlap(boxes[i], boxes[j]), `header items ${i} and ${j} overlap`).toBe(false);
    // Export keeps its own height: a note beside it no longer stretches or lifts it.
    const exportButton = await pageBox(page.getByTestId('export-menu'));
    const copyButton = await pageBox(page.getByTestId('copy-link'));
    expect(Math.abs(exportButton.y - copyButton.y)).toBeLessThan(2);

    const controls = page.getByTestId('train-controls');
    for (const message of ['model-io-status', 'imported-model']) {
      const box = await pageBox(page.getByTestId(message));
      for (const part of [controls, controls.locator('progress'), page.getByTestId('epoch-counter')])
        expect(overlap(box, await pageBox(part)), `${message} over the training controls`).toBe(false);
    }
    await page.screenshot({ path: testInfo.outputPath(`after-import-${width}.png`) });
    expect(errors).toEqual([]);
  });
}

test('in Chinese the dataset is described in Chinese, with its figures', async ({ page }) => {
  await page.goto(`./?${tiny({ d: 'adding', t: '30' })}&lang=zh-CN`);
  await expect(page.getByTestId('dataset-about')).toHaveText(
    '加法问题：把 30 步里前后两半各一个被标记的值相加。',
  );
  await page.getByTestId('lang').selectOption('en');
  await expect(page.getByTestId('dataset-about')).toHaveText(
    'The adding problem: sum the two marked values, one in each half of 30 steps.',
  );
});
