import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { collectErrors, expect, test, trainToEnd } from './helpers';

/**
 * The Translation view (issue 23): a dates link trains an encoder–decoder (the WebAssembly engine:
 * the link names it, and WebGPU has no decoder kernels yet); the inside panel opens on the
 * Translation tab; the matrix has a row per output character and a column per input character;
 * hover and the keyboard give a cell's weight; the decoded ISO date stands beside the true one;
 * one's own date is translated, or refused by name. Screenshots at 1280 and 390 px.
 */
const DATES = 'd=dates&t=30&n=2000&vf=0.1&u=32&b=32&o=adam&lr=0.005&e=6&engine=wasm&lang=en';

const shot = (page: Page, name: string) =>
  page.getByTestId('inside-panel').screenshot({ path: test.info().outputPath(name) });

const CELL_TEXT =
  /^Output character (\d+) \((.)\) → input character (\d+) \((.+)\): weight (\d\.\d\d|<0\.01)$/;

async function ownDate(page: Page, text: string) {
  await page.getByTestId('translation-own-input').fill(text);
  await page.getByTestId('translation-own-run').click();
}

test('the translation view: the alignment matrix, the decoded date, one’s own date', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`./?${DATES}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.getByTestId('inside-open').click();
  // A translation dataset opens on its own view.
  await expect(page.getByTestId('inside-tab-translation')).toHaveAttribute('aria-selected', 'true');
  await trainToEnd(page, 200_000);

  // The probed validation date: its input, the decoded string, the truth.
  const input = (await page.getByTestId('translation-input').textContent()) ?? '';
  const length = [...input].length;
  expect(length).toBeGreaterThan(5);
  const predicted = page.getByTestId('translation-predicted');
  await expect(predicted).toHaveAttribute('data-text', /^[0-9-]{10}$/);
  await expect(page.getByTestId('translation-truth')).toHaveText(/^\d{4}-\d\d-\d\d$/);
  const wrong = Number(await predicted.getAttribute('data-wrong'));
  await expect(page.getByTestId('translation-wrong')).toHaveCount(wrong);
  await expect(page.getByTestId('translation-accuracy')).toContainText('(sequence accuracy)');
  await expect(page.getByTestId('translation-accuracy')).toContainText('(character accuracy)');

  // The matrix after the last epoch, and after epoch 1 beside it: 10 rows × the input's characters.
  const grid = page.getByTestId('translation-now-grid');
  await expect(page.getByTestId('translation-now')).toHaveAttribute('data-epoch', '6');
  await expect(page.getByTestId('translation-first')).toHaveAttribute('data-epoch', '1');
  await expect(grid).toHaveAttribute('data-rows', '10');
  await expect(grid).toHaveAttribute('data-cols', String(length));
  const cells = grid.locator('rect.translation-cell');
  await expect(cells).toHaveCount(10 * length);
  // Each row's weights over the shown (real) characters sum to 1: the padding is masked out.
  const sums = await cells.evaluateAll((rects) => {
    const rows = new Map<string, number>();
    for (const r of rects)
      rows.set(
        r.getAttribute('data-i')!,
        (rows.get(r.getAttribute('data-i')!) ?? 0) + Number(r.getAttribute('data-alpha')),
      );
    return [...rows.values()];
  });
  expect(sums).toHaveLength(10);
  for (const s of sums) expect(Math.abs(s - 1)).toBeLessThan(1e-4);
  await expect(page.getByTestId('translation-padding')).toContainText(`The ${30 - length} padding steps`);

  // Hover a cell: its output and input characters and its weight.
  const readout = page.getByTestId('translation-now-readout');
  const cell = grid.locator('rect[data-i="3"][data-j="2"]');
  await cell.hover();
  await expect(readout).toHaveAttribute('data-i', '3');
  await expect(readout).toHaveAttribute('data-j', '2');
  await expect(readout).toHaveText(CELL_TEXT);
  const [, i, , j, inChar] = CELL_TEXT.exec((await readout.textContent()) ?? '')!;
  expect([i, j]).toEqual(['4', '3']);
  expect(inChar === 'space' ? ' ' : inChar).toBe([...input][2]);
  await shot(page, 'translation-1280.png');

  // The keyboard: the matrix is one grid; arrows move the active cell.
  await page.mouse.move(0, 0);
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(readout).toHaveAttribute('data-i', '1');
  await expect(readout).toHaveAttribute('data-j', '1');
  await expect(readout).toHaveText(/^Output character 2 \(.\) → input character 2 \(.+\): weight /);
  const active = await grid.getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-label', CELL_TEXT);

  // The table gives every weight.
  await page.getByTestId('translation-table').locator('summary').click();
  await expect(page.getByTestId('translation-table').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('translation-table').locator('thead th')).toHaveCount(length + 1);

  // One's own date.
  await ownDate(page, '25 March 2020');
  await expect(page.getByTestId('translation-own-iso')).toHaveText(/^Predicted ISO date: [0-9-]{10}$/);
  const own = page.getByTestId('translation-own-matrix-grid');
  await expect(own).toHaveAttribute('data-rows', '10');
  await expect(own).toHaveAttribute('data-cols', '13');
  await expect(page.getByTestId('translation-own-refusal')).toHaveCount(0);
  await page.getByTestId('translation-own').scrollIntoViewIfNeeded();
  await shot(page, 'translation-own-1280.png');

  // Screen readers: axe finds nothing serious in the panel (the grid, its cells' names, the table).
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="inside-panel"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);

  // Refused by name: empty, too long (the limit said), an unknown character (named).
  const refusal = page.getByTestId('translation-own-refusal');
  await ownDate(page, '');
  await expect(refusal).toHaveText('Type a date first: the box is empty.');
  await ownDate(page, '25 Marchh 2020x, a Wednesday long ago');
  await expect(refusal).toHaveText('That is 37 characters; the model reads at most 30 (T = 30).');
  await ownDate(page, '25 Mär 2020');
  await expect(refusal).toContainText('The character “ä” is not one the model knows');
  // The last answer stays while a date is refused.
  await expect(page.getByTestId('translation-own-iso')).toBeVisible();
  // … and in Chinese.
  await page.getByTestId('lang').selectOption('zh-CN');
  await expect(refusal).toContainText('字符“ä”不是模型认识的');
  await ownDate(page, '');
  await expect(refusal).toHaveText('请先输入日期：输入框是空的。');
  await page.getByTestId('lang').selectOption('en');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('translation-view').scrollIntoViewIfNeeded();
  const narrow = await page.getByTestId('translation-now').boundingBox();
  const panel = await page.getByTestId('inside-panel').boundingBox();
  expect(narrow!.x + narrow!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 0.5);
  await shot(page, 'translation-390.png');
  await page.setViewportSize({ width: 1280, height: 900 });

  // A validation date the model gets wrong: each wrong character marked by more than colour.
  const windowField = page.getByTestId('inside-window');
  let found = false;
  for (let w = 1; w <= 40 && !found; w++) {
    await windowField.fill(String(w));
    await windowField.press('Enter');
    await expect(page.getByTestId('inside-body')).toHaveAttribute('data-window', String(w));
    found = Number(await predicted.getAttribute('data-wrong')) > 0;
  }
  if (found) {
    const marked = page.getByTestId('translation-wrong').first();
    await expect(marked).toHaveCSS('text-decoration-line', 'underline');
    await expect(marked.locator('.sr-only')).toHaveText(/^ \(wrong, should be [0-9-]\)$/);
    await expect(page.getByTestId('translation-view')).toContainText(
      /characters wrong \(marked ✗, underlined\)/,
    );
    await page.getByTestId('translation-view').scrollIntoViewIfNeeded();
    await shot(page, 'translation-wrong-1280.png');
  } else test.info().annotations.push({ type: 'note', description: 'no wrong date in windows 1–40' });

  // The other views open on an encoder–decoder without error (Word by word says why it has no readout).
  for (const view of ['gates', 'units', 'gradients', 'words']) {
    await page.getByTestId(`inside-tab-${view}`).click();
    await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', view);
    await expect(page.getByTestId('inside-body')).toBeVisible();
  }
  await expect(page.getByTestId('words-translation')).toContainText('Translation tab');
  await expect(page.getByTestId('inside-tab-attention')).toHaveCount(0);
  expect(errors).toEqual([]);
});
