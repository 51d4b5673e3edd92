import type { Page } from '@playwright/test';
import { collectErrors, expect, queryOf, test, tiny, trainToEnd } from './helpers';

/**
 * The translation model's controls and words (issue 23): picking the dates dataset puts the
 * decoder's attention in place of the encoder's (turning that off, with a notice), the model line
 * and summary show both halves, the metrics say exact match and character accuracy over the
 * output characters, and the Export menu refuses the formats with the reason. A link asking for
 * the dates dataset with encoder attention opens a usable page with a clear message.
 * WebGPU refuses the decoder, so these runs take `auto` (the WebAssembly engine) on either project.
 */
test.use({ linkEngine: null });

/** The summary's rows as the table shows them: "name (type)", output shape, parameters. */
async function summaryRows(page: Page): Promise<string[][]> {
  const rows = page.getByTestId('model-summary').locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
  );
}

const SHOTS = 'test-results';

test('picking the dates dataset: decoder attention, both halves, exact match, exports refused', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`./?${tiny({ att: 'additive', t: '30', n: '64', e: '1' })}`);
  await expect(page.getByTestId('model-line')).toHaveText(
    'LSTM(8, return_sequences) → Attention(additive) → Dense(1)',
  );

  await expect(page.getByTestId('noise')).toBeVisible();
  await page.getByTestId('dataset').selectOption('dates');
  // The dates are what they are: no noise knob that would change nothing.
  await expect(page.getByTestId('noise')).toHaveCount(0);
  await expect(page.getByTestId('notice-encoderAttentionOff')).toContainText(
    'Attention (additive) on the recurrent layers is off',
  );
  await expect.poll(() => queryOf(page).get('d')).toBe('dates');
  await expect.poll(() => queryOf(page).get('att')).toBe('none');

  // The encoder's attention select is gone; the decoder's is there, labelled and described.
  await expect(page.getByTestId('attention')).toHaveCount(0);
  await expect(page.getByTestId('encoder-attention-none')).toBeVisible();
  // The decoder's head has no Dropout before it: no knob for one.
  await expect(page.getByTestId('output-dropout')).toHaveCount(0);
  await expect(page.getByTestId('recurrent-dropout')).toBeVisible();
  const decoder = page.getByRole('combobox', { name: 'decoder attention' });
  await expect(decoder).toHaveValue('general');
  await expect(decoder).toHaveAccessibleDescription(/scores every encoder state h/);
  await expect(decoder.locator('option')).toHaveText([
    'Luong dot: score = s·h',
    'Luong general: score = (s·Wa)·h',
  ]);

  await expect(page.getByTestId('model-line')).toHaveText(
    'Encoder: LSTM(8, return_sequences) → Decoder: LSTM(8) + Attention(general) → TimeDistributed(Dense(11, softmax))',
  );
  // By hand, 63 input characters, H = 8, 11 output symbols: LSTM 4·(63·8 + 8·8 + 8) = 2,304;
  // decoder (11 + 1)·32 + 8·32 + 32 + Wa 8·8 + Wc 16·8 + 8 = 872; Dense (8 + 1)·11 = 99.
  expect(await summaryRows(page)).toEqual([
    ['lstm (LSTM)', '(None, 30, 8)', '2,304'],
    ['decoder (LSTM decoder + Attention(general))', '(None, 10, 8)', '872'],
    ['dense (TimeDistributed(Dense))', '(None, 10, 11)', '99'],
  ]);
  await expect(page.getByTestId('summary-total')).toHaveText('3,275');
  await expect(page.getByTestId('dataset-preview')).toContainText(
    'translation (10 output characters, each one of 11)',
  );
  await expect(page.getByTestId('dataset-about-model')).toContainText('encoder–decoder');
  const examples = page.getByTestId('date-examples').locator('li');
  await expect(examples).toHaveCount(3);
  for (const text of await examples.allTextContents()) expect(text).toMatch(/^.+ → \d{4}-\d{2}-\d{2}$/);

  await decoder.selectOption('dot');
  await expect.poll(() => queryOf(page).get('da')).toBe('dot');
  await expect(page.getByTestId('model-line')).toContainText('Decoder: LSTM(8) + Attention(dot)');
  await expect(page.getByTestId('summary-total')).toHaveText('3,211'); // no Wa: 64 fewer

  // TF.js and Keras are off, each described by the reason; ONNX and PyTorch write the model.
  await page.getByTestId('export-menu').click();
  for (const item of ['tfjs', 'keras']) {
    const button = page.getByTestId(`export-${item}`);
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(/cannot write a translation model/);
  }
  for (const item of ['onnx', 'pytorch', 'all'])
    await expect(page.getByTestId(`export-${item}`)).toBeEnabled();
  await page.keyboard.press('Escape');

  await trainToEnd(page);
  await expect(page.getByTestId('metric-accuracy')).toContainText('exact match');
  await expect(page.getByTestId('metric-character-accuracy')).toContainText(/character accuracy\s*\d/);
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix.locator('thead th[scope="col"]').nth(1)).toHaveText('0');
  await expect(matrix.locator('thead th[scope="col"]').last()).toHaveText('-');
  await expect(matrix.locator('tbody th[scope="row"]')).toHaveCount(11);
  await expect(page.getByText('Confusion over the output characters')).toBeVisible();
  await page.getByTestId('export-menu').click();
  await expect(page.getByTestId('export-csv')).toBeEnabled();
  await expect(page.getByTestId('export-seq2seq-note')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/translation-controls-1280.png`, fullPage: true });
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 390, height: 844 });
  // The Model group at phone width: the decoder select, its help, the line and the summary.
  await page
    .getByTestId('decoder-attention')
    .evaluate((el) => (el.closest('.field') ?? el).scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SHOTS}/translation-controls-390.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('a link with d=dates&att=additive: a clear message and a usable page', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?d=dates&t=30&n=64&u=8&att=additive');
  await expect(page.getByTestId('link-problems')).toContainText(
    "att=additive does not apply to d=dates: a translation model's decoder attends over its encoder (da=general); set to none",
  );
  await expect(page.getByTestId('decoder-attention')).toBeVisible();
  await expect(page.getByTestId('model-line')).toContainText('Encoder: LSTM(8, return_sequences) → Decoder:');
  await expect(page.getByTestId('summary-total')).toHaveText('3,275');
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(queryOf(page).get('att')).toBe('none');
  expect(errors).toEqual([]);
});

test('in Chinese: the halves, the decoder attention and the metrics in the page’s language', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('./?d=dates&t=30&n=64&u=8&lang=zh-CN');
  await expect(page.getByRole('combobox', { name: '解码器注意力' })).toHaveValue('general');
  await expect(page.getByTestId('model-line')).toHaveText(
    '编码器: LSTM(8, return_sequences) → 解码器: LSTM(8) + Attention(general) → TimeDistributed(Dense(11, softmax))',
  );
  await expect(page.getByTestId('metric-accuracy')).toContainText('完全匹配率');
  await expect(page.getByTestId('metric-character-accuracy')).toContainText('字符准确率');
  await expect(page.getByTestId('dataset-about')).toContainText('1950-01-01 至 2049-12-31 的日期');
  await page.screenshot({ path: `${SHOTS}/translation-controls-zh-1280.png` });
});

test('the translation demo loads the translation model and its story', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await page.getByTestId('preset-translation').click();
  await expect(page.getByTestId('preset-story')).toContainText(
    'exact-match accuracy on validation passes 95%',
  );
  await expect(page.getByTestId('model-line')).toHaveText(
    'Encoder: LSTM(64, return_sequences) → Decoder: LSTM(64) + Attention(general) → TimeDistributed(Dense(11, softmax))',
  );
  await expect(page.getByTestId('summary-total')).toHaveText('65,547');
  await expect.poll(() => queryOf(page).get('preset')).toBe('translation');
  expect(['d', 't', 'n', 'u', 'da', 'lr', 'e'].map((k) => queryOf(page).get(k))).toEqual([
    'dates',
    '30',
    '4000',
    '64',
    'general',
    '0.005',
    '8',
  ]);
  expect(errors).toEqual([]);
});
