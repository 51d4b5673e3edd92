import type { Page } from '@playwright/test';
import { collectErrors, expect, test, trainToEnd } from './helpers';

/**
 * The attention view (issue 22) on the CPU engine (no GPU): a link with an attention layer trains,
 * the view shows a strip of the weights over the window's T steps under its input, the first
 * epoch's beside the last, hover and the keyboard give a step's numbers, the table gives them all;
 * on text each word is shaded by its weight. Screenshots at 1280 and 390 px go to test-results/.
 */
const ADDING = 'd=adding&n=512&t=20&u=16&b=32&e=30&s=3&att=additive&view=attention&win=1&lang=en';
const SENTIMENT = 'd=sentiment&n=200&u=16&b=32&e=3&s=2&att=dot&view=attention&win=0&lang=en';

const alphasOf = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('.attention-bar')
    .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-alpha'))));

const shot = (page: Page, name: string) =>
  page.getByTestId('inside-panel').screenshot({ path: test.info().outputPath(name) });

test('attention on the adding problem: the strip, epoch 1 beside the last, the numbers', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`./?${ADDING}`);
  await expect(page.getByTestId('inside-tab-attention')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inside-waiting')).toBeVisible();
  await trainToEnd(page, 90_000);

  // This epoch's strip and epoch 1's: 20 bars each, weights summing to 1.
  const now = page.getByTestId('attention-strip-now');
  await expect(now).toHaveAttribute('data-epoch', '30');
  await expect(now).toHaveAttribute('data-steps', '20');
  await expect(page.getByTestId('attention-hint')).toHaveAttribute('data-even', String(1 / 20));
  await expect(page.getByTestId('attention-strip-first')).toHaveAttribute('data-epoch', '1');
  for (const id of ['attention-strip-now', 'attention-strip-first']) {
    const alphas = await alphasOf(page, id);
    expect(alphas).toHaveLength(20);
    expect(alphas.every((a) => a >= 0 && a <= 1)).toBe(true);
    expect(Math.abs(alphas.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
  }
  // The strip's columns are the input strip's: same left edge, same width.
  await now.scrollIntoViewIfNeeded();
  const [strip, input] = [await now.boundingBox(), await page.getByTestId('input-strip').boundingBox()];
  expect(Math.abs(strip!.x - input!.x)).toBeLessThan(1);
  expect(Math.abs(strip!.width - input!.width)).toBeLessThan(1);
  // The adding problem's measure: the weight on its two marked steps against 2/T.
  const marked = page.getByTestId('attention-marked');
  await expect(marked).toHaveAttribute('data-uniform', '0.1');
  await expect(marked).toContainText('an even spread would give them 10%');

  // Hover step 13: its score, weight and share.
  const alphas = await alphasOf(page, 'attention-strip-now');
  await page.mouse.move(strip!.x + strip!.width * (13.5 / 20), strip!.y + strip!.height / 2);
  const readout = page.getByTestId('attention-readout');
  await expect(readout).toHaveAttribute('data-t', '13');
  expect(Number(await readout.getAttribute('data-alpha'))).toBe(alphas[13]);
  await expect(readout).toContainText(
    /^Step 13 \(value [−\d.]+, marker [01]\.0000\): score e_t [−\d.]+, weight α_t [<\d.]+%, share of the context [<\d.]+%\. After epoch 1: α_t [<\d.]+%\.$/,
  );
  await shot(page, 'attention-adding-1280.png');

  // The keyboard: the strips are one slider over the steps.
  await page.mouse.move(0, 0);
  const slider = page.getByTestId('attention-strips');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '1');
  await expect(readout).toHaveAttribute('data-t', '1');
  await expect(slider).toHaveAttribute('aria-valuetext', /^Step 1 \(/);

  // The table: every step, the weights summing to 100%.
  await page.getByTestId('attention-table').locator('summary').click();
  const rows = page.getByTestId('attention-table').locator('tbody tr');
  await expect(rows).toHaveCount(20);
  const heads = await page.getByTestId('attention-table').locator('thead th').allTextContents();
  expect(heads.slice(0, 3)).toEqual(['step t', 'value', 'marker']);
  const column = heads.indexOf('weight α_t');
  const weights = await rows.evaluateAll(
    (trs, c) => trs.map((tr) => Number.parseFloat((tr.children[c].textContent ?? '').replace('<', ''))),
    column,
  );
  expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(1);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('attention-strip-now')).toBeVisible();
  const narrow = await page.getByTestId('attention-strip-now').boundingBox();
  const panel = await page.getByTestId('inside-panel').boundingBox();
  expect(narrow!.x + narrow!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
  await shot(page, 'attention-adding-390.png');
  expect(errors).toEqual([]);
});

test('attention on text: each word shaded by its weight; the words view says why there is no belief per word', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`./?${SENTIMENT}`);
  await trainToEnd(page, 90_000);
  const words = page.getByTestId('attention-words-now').getByTestId('attention-word');
  expect(await words.count()).toBeGreaterThan(1);
  // The even spread dashed across is over the words alone: the padding is masked out.
  const even = Number(await page.getByTestId('attention-hint').getAttribute('data-even'));
  expect(even).toBeCloseTo(1 / (await words.count()), 6);
  await expect(page.getByTestId('attention-hint')).toContainText(`over the ${await words.count()} steps`);
  const alphas = await words.evaluateAll((ws) => ws.map((w) => Number(w.getAttribute('data-alpha'))));
  // The words' weights and the padding's sum to 1.
  const steps = await alphasOf(page, 'attention-strip-now');
  expect(Math.abs(steps.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
  // The padding is masked: the words alone hold all the weight, and the view says so.
  expect(Math.abs(alphas.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
  await expect(page.getByTestId('attention-padding-masked')).toContainText('masked');
  await shot(page, 'attention-text-1280.png');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'attention-text-390.png');

  await page.getByTestId('inside-tab-words').click();
  await expect(page.getByTestId('words-attention')).toBeVisible();
  await page.getByTestId('sentence-input').fill('not bad at all');
  await page.getByTestId('sentence-run').click();
  const own = page.getByTestId('sentence-attention-word');
  await expect(own.first()).toBeVisible();
  expect(await own.count()).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test('without attention the view says how to get one', async ({ page }) => {
  await page.goto('./?d=adding&n=64&t=10&u=4&e=1&view=attention&lang=en');
  await expect(page.getByTestId('attention-none')).toContainText('no attention layer');
  await trainToEnd(page, 90_000);
  await expect(page.getByTestId('attention-none')).toBeVisible();
  await expect(page.getByTestId('attention-view')).toHaveCount(0);
  // Another view picked, the attention tab goes: there is nothing to show in it.
  await page.getByTestId('inside-tab-gates').click();
  await expect(page.getByTestId('inside-tab-attention')).toHaveCount(0);
});

test('the attention story opens the Attention view, where its evidence is', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?lang=en');
  await page.getByTestId('preset-attention').click();
  await expect(page.getByTestId('preset-story')).toContainText('the weights gather on the two marked steps');
  await expect(page.getByTestId('inside-tab-attention')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/att=additive/);
  // It reads the last layer's states whole: no layer or unit to pick, as on Gates & state.
  await expect(page.getByTestId('inside-window')).toBeVisible();
  await expect(page.getByTestId('inside-layer')).toHaveCount(0);
  await expect(page.getByTestId('inside-unit')).toHaveCount(0);
  await page.getByTestId('inside-tab-gates').click();
  await expect(page.getByTestId('inside-layer')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the e-mail story opens the Attention view on a validation e-mail that says “click here”', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('./?lang=en');
  await page.getByTestId('preset-which-words').click();
  await expect(page.getByTestId('preset-story')).toContainText(
    '“here” is among the ten words it weighs most',
  );
  await expect(page.getByTestId('inside-tab-attention')).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/d=spam/);
  await expect(page).toHaveURL(/win=[1-9]\d*/);
  // The story's 8 epochs: a few seconds on the WebAssembly engine.
  await trainToEnd(page, 120_000);
  const words = page.getByTestId('attention-words-now').getByTestId('attention-word');
  await expect(words.first()).toBeVisible();
  // Each word shows its weight beside it ("click11% here88%").
  const text = (await words.allTextContents()).join(' ');
  expect(text).toMatch(/click[<\d.]+% here[<\d.]+%/);
  await page.getByTestId('inside-panel').screenshot({ path: test.info().outputPath('which-words-1280.png') });
  expect(errors).toEqual([]);
});
