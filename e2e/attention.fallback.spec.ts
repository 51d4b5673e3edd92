import type { Page } from '@playwright/test';
import { collectErrors, expect, queryOf, test, tiny, trainToEnd } from './helpers';

/**
 * Attention in the page (issue 22): the control beside the layer type and Bidirectional, the model
 * line and model.summary() with the attention row, a few epochs trained, a change that asks for a
 * new run. On the CPU project: the WebAssembly engine trains attention (WebGPU does not yet).
 */

/** The summary's rows as the table shows them: "name (type)", output shape, parameters. */
async function summaryRows(page: Page): Promise<string[][]> {
  const rows = page.getByTestId('model-summary').locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
  );
}

test('attention: picked by keyboard-reachable control, shown in the model line and summary, trained', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`./?${tiny({ e: '3' })}`);
  await expect(page.getByTestId('model-line')).toHaveText('LSTM(8) → Dense(1)');
  await expect(page.getByTestId('dataset-preview')).toContainText('8 steps × 1 features');

  // Reached by Tab from Bidirectional, named by its label, described by its help text.
  const attention = page.getByTestId('attention');
  await page.getByTestId('bidirectional').focus();
  await page.keyboard.press('Tab');
  await expect(attention).toBeFocused();
  await expect(page.getByRole('combobox', { name: 'attention' })).toHaveValue('none');
  await expect(attention).toHaveAccessibleDescription(/weighted sum of every step’s state/);
  await expect(attention.locator('option')).toHaveText([
    'none (the head reads the last state)',
    'additive (Bahdanau)',
    'dot product, learned query',
  ]);

  await attention.selectOption('additive');
  await expect.poll(() => queryOf(page).get('att')).toBe('additive');
  await expect(page.getByTestId('model-line')).toHaveText(
    'LSTM(8, return_sequences) → Attention(additive) → Dense(1)',
  );
  // By hand, F = 1, H = 8, T = 8: LSTM 4·(1·8 + 8·8 + 8) = 320, its 8 states go on;
  // additive W [8, 8] + b [8] + v [8] = 80; Dense (8 + 1)·1 = 9; 409 in all.
  expect(await summaryRows(page)).toEqual([
    ['lstm (LSTM)', '(None, 8, 8)', '320'],
    ['additive_attention (Attention(additive))', '(None, 8)', '80'],
    ['dense (Dense)', '(None, 1)', '9'],
  ]);
  await expect(page.getByTestId('summary-total')).toHaveText('409');
  await trainToEnd(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 3 / 3');
  await page.screenshot({ path: testInfo.outputPath('attention-1280.png'), fullPage: true });

  // A running model cannot gain or lose a layer: the change asks for a new run first.
  await page.getByTestId('speed').fill('500');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running/);
  await attention.selectOption('dot');
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await page.getByTestId('confirm-cancel').click();
  await expect(attention).toHaveValue('additive');
  await expect(page.getByTestId('model-line')).toContainText('Attention(additive)');
  await page.getByTestId('reset').click();
  await page.getByTestId('speed').fill('0');

  await attention.selectOption('dot');
  await expect.poll(() => queryOf(page).get('att')).toBe('dot');
  await expect(page.getByTestId('model-line')).toHaveText(
    'LSTM(8, return_sequences) → Attention(dot) → Dense(1)',
  );
  // The learned query q [8]: 320 + 8 + 9 = 337.
  expect((await summaryRows(page))[1]).toEqual(['dot_attention (Attention(dot))', '(None, 8)', '8']);
  await expect(page.getByTestId('summary-total')).toHaveText('337');
  await trainToEnd(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 3 / 3');
  // The additive run, named by what differs from the current settings.
  await expect(page.getByTestId('compare-runs')).toContainText('Attention(additive)');
  expect(errors).toEqual([]);
});

test('390 px: the attention control, its help and the summary fit the page; in Chinese too', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`./?${tiny({ e: '3', att: 'dot' })}`);
  const attention = page.getByTestId('attention');
  await expect(attention).toHaveValue('dot');
  await expect(page.getByTestId('model-line')).toHaveText(
    'LSTM(8, return_sequences) → Attention(dot) → Dense(1)',
  );
  await expect(page.getByTestId('summary-total')).toHaveText('337');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Centred: the training bar sticks to the bottom of a phone's screen.
  await page.getByTestId('model-summary').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: testInfo.outputPath('attention-390.png') });

  await page.goto(`./?${tiny({ e: '3', att: 'dot', lang: 'zh-CN' })}`);
  const zh = page.getByRole('combobox', { name: 'attention 注意力' });
  await expect(zh).toHaveValue('dot');
  await expect(zh.locator('option:checked')).toHaveText('点积，可学习的查询向量');
  await expect(zh).toHaveAccessibleDescription(/加权和/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
});

test('hide=attention takes the control away; the link’s attention still builds the model', async ({
  page,
}) => {
  await page.goto(`./?${tiny({ att: 'additive', hide: 'attention' })}`);
  await expect(page.getByTestId('cell')).toBeVisible();
  await expect(page.getByTestId('bidirectional')).toBeVisible();
  await expect(page.getByTestId('attention')).toHaveCount(0);
  await expect(page.getByTestId('attention-help')).toHaveCount(0);
  await expect(page.getByTestId('model-line')).toHaveText(
    'LSTM(8, return_sequences) → Attention(additive) → Dense(1)',
  );
});
