import { createServer, type Server } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Page } from '@playwright/test';
import { collectErrors, expect, test } from './helpers';

/**
 * embed=1: a course page on ANOTHER site (127.0.0.1 on its own port; the app is on localhost)
 * puts one story in an iframe, as a slide, a Moodle or Canvas page would, and the class trains it
 * there. On the CPU project: an LMS page is not cross-origin isolated, and the WebAssembly engine
 * is what trains where WebGPU is missing.
 */

const HOST_PORT = Number(process.env.E2E_EMBED_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 10);
/** The overfitting story, shortened to 8 epochs (the link's own keys on top of the preset). */
const STORY = 'preset=overfit&e=8&embed=1';

/** The README's snippet, as a teacher pastes it; `isolated` adds the headers of an isolated page. */
function hostPage(appUrl: string, width: number, height: number, query = STORY): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Week 3: overfitting</title></head>
<body>
<h1>Week 3: overfitting</h1>
<iframe src="${appUrl}?${query}" width="${width}" height="${height}"
  title="LSTM Playground: overfitting" allow="cross-origin-isolated" loading="lazy"
  style="border: 1px solid #ccc"></iframe>
</body></html>`;
}

let host: Server;
test.beforeAll(async ({ baseURL }) => {
  host = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const width = Number(url.searchParams.get('w') ?? 800);
    const height = Number(url.searchParams.get('h') ?? 600);
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
    if (url.pathname === '/isolated') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    // ?q=…: the app's query instead of the overfitting story (a lesson, say).
    res.writeHead(200, headers).end(hostPage(baseURL!, width, height, url.searchParams.get('q') ?? STORY));
  });
  await new Promise<void>((resolve) => host.listen(HOST_PORT, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  host.closeAllConnections();
  await new Promise<void>((resolve) => host.close(() => resolve()));
});

const frameOf = (page: Page): FrameLocator => page.frameLocator('iframe');

async function trainInFrame(frame: FrameLocator): Promise<void> {
  await frame.getByTestId('play').click();
  const state = frame.getByTestId('run-state');
  await expect(state).toHaveAttribute('class', /state-done/, { timeout: 60_000 });
  await expect(frame.getByTestId('epoch-counter')).toHaveText('epoch 8 / 8');
  await expect(frame.getByTestId('loss-chart-plot')).toHaveAttribute('data-points', '8');
}

test('a page of another site embeds a story (800×600): no header, Train trains it to the end there', async ({
  page,
  baseURL,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`http://127.0.0.1:${HOST_PORT}/?w=800&h=600`);
  const frame = frameOf(page);
  await expect(frame.getByTestId('embed')).toBeVisible();
  await expect(frame.locator('.app-header')).toHaveCount(0);
  await expect(frame.getByTestId('preset-story')).toContainText('Overfitting');
  // The story opens the view where its evidence is, as its button does on the full page.
  await expect(frame.getByTestId('inside-panel')).toHaveAttribute('data-view', 'units');
  // Not isolated (an ordinary course page): the engine runs on one thread, as the README says.
  const appFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
  expect(await appFrame.evaluate(() => self.crossOriginIsolated)).toBe(false);
  expect(new URL(appFrame.url()).searchParams.get('embed')).toBe('1');

  await trainInFrame(frame);
  await expect(frame.getByTestId('inside-epoch')).toHaveText('after epoch 8');
  // The link keeps embed=1 as the run's state is written back (a reload stays embedded).
  expect(new URL(appFrame.url()).searchParams.get('embed')).toBe('1');
  await page.screenshot({ path: testInfo.outputPath('embed-800x600.png') });
  // Scrolled down to the inside view in the frame, Train/Pause stay in sight.
  await frame.getByTestId('inside-panel').scrollIntoViewIfNeeded();
  await expect(frame.getByTestId('play')).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('embed-800x600-inside.png') });

  // "Open in the full playground": this origin, a new tab, the same run without embed.
  const full = frame.getByTestId('embed-full-link');
  await expect(full).toHaveAttribute('target', '_blank');
  const [tab] = await Promise.all([page.context().waitForEvent('page'), full.click()]);
  await tab.waitForLoadState();
  const opened = new URL(tab.url());
  expect(opened.origin).toBe(new URL(baseURL!).origin);
  expect(opened.searchParams.get('preset')).toBe('overfit');
  expect(opened.searchParams.get('e')).toBe('8');
  expect(opened.searchParams.has('embed')).toBe(false);
  await expect(tab.locator('.app-header')).toBeVisible();
  await tab.close();
  expect(errors).toEqual([]);
});

test('a narrow embed (400×700) fits its frame: nothing wider than it, Train in sight', async ({
  page,
  baseURL,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`http://127.0.0.1:${HOST_PORT}/?w=400&h=700`);
  const frame = frameOf(page);
  await expect(frame.getByTestId('preset-story')).toBeVisible();
  await expect(frame.getByTestId('inside-panel')).toHaveAttribute('data-view', 'units');
  const appFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
  const { width, scrollWidth } = await appFrame.evaluate(() => ({
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(width);
  await expect(frame.getByTestId('play')).toBeInViewport();
  await trainInFrame(frame);
  await page.screenshot({ path: testInfo.outputPath('embed-400x700.png') });
  // Keyboard and screen readers, in the frame as on the full page (e2e/accessibility.spec.ts).
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test('in a cross-origin isolated page the embed is isolated too (threads for the WebAssembly engine)', async ({
  page,
  baseURL,
}) => {
  const errors = collectErrors(page);
  await page.goto(`http://127.0.0.1:${HOST_PORT}/isolated?w=800&h=600`);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const frame = frameOf(page);
  await expect(frame.getByTestId('embed')).toBeVisible();
  const appFrame = page.frames().find((f) => f.url().startsWith(baseURL!))!;
  // The app answers Cross-Origin-Resource-Policy: cross-origin, so an isolated page may frame it,
  // and allow="cross-origin-isolated" hands the isolation down.
  expect(await appFrame.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await trainInFrame(frame);
  expect(errors).toEqual([]);
});

test('a lesson embeds too (800×600): its steps without a header, keys in the frame, the run trains there', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const lesson = 'preset=sentiment&lesson=word-order&lstep=2&embed=1';
  await page.goto(`http://127.0.0.1:${HOST_PORT}/?w=800&h=600&q=${encodeURIComponent(lesson)}`);
  const frame = frameOf(page);
  await expect(frame.getByTestId('lesson')).toHaveAttribute('data-lesson', 'word-order');
  await expect(frame.getByTestId('lesson-progress')).toHaveText('Step 2 of 7');
  await expect(frame.locator('.app-header')).toHaveCount(0);
  // A clicker's PageDown reaches the lesson once the frame has the focus (a click on its text).
  await frame.getByTestId('lesson-choice-0').click();
  await page.keyboard.press('PageDown');
  await expect(frame.getByTestId('lesson-progress')).toHaveText('Step 3 of 7');
  await frame.getByTestId('lesson-run-0').click();
  await expect(frame.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 90_000 });
  await expect(frame.getByTestId('epoch-counter')).toHaveText('epoch 15 / 15');
  await page.screenshot({ path: testInfo.outputPath('embed-lesson-800x600.png') });
  expect(errors).toEqual([]);
});
