import { collectErrors, expect, expectNoStructuralLongTask, test, tiny, trainToEnd } from './helpers';

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload=window.__xss=1>',
];

test('script and HTML in every string parameter appear as text and run nothing', async ({
  page,
}, testInfo) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  for (const payload of PAYLOADS) {
    const p = encodeURIComponent(payload);
    // d=custom comes first and stays: the payload then also reaches the custom dataset's name.
    const keys = ['custom', 'preset', 'lang', 'hide', 'lr', 'u', 'o', 'es', 'v', p];
    const query = `d=custom&${keys.map((k) => `${k}=${p}`).join('&')}`;
    await page.goto(`./?${query}`);
    await expect(page.getByTestId('link-problems')).toBeVisible();
    // The custom name is shown, as text, in the "data is not in the link" notice.
    await expect(page.getByTestId('custom-missing')).toContainText(payload.slice(0, 20));
    await expect(page.getByTestId('link-problems')).toContainText(payload.slice(0, 12));
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('#root img, #root script').count()).toBe(0);
    // The dataset key itself, holding the payload, is one more problem shown as text.
    await page.goto(`./?d=${p}`);
    await expect(page.getByTestId('link-problems')).toContainText(payload.slice(0, 12));
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  }
  await page.screenshot({ path: testInfo.outputPath('05-xss-as-text.png'), fullPage: true });
  expect(dialogs).toEqual([]);
});

test('no request leaves the page origin, and no long task during training', async ({ page, baseURL }) => {
  const errors = collectErrors(page);
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== new URL(baseURL!).origin) foreign.push(req.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(`./?${tiny({ e: '15' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  // Count only what happens while training: the page's own start-up is not the subject.
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks.length = 0;
  });
  await trainToEnd(page);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  expectNoStructuralLongTask(longTasks, 'while training');
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});
