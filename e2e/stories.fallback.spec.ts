import { collectErrors, expect, expectEngine, test } from './helpers';

/**
 * The stories point at their evidence, on the model the class trains (here on the WebAssembly
 * engine, as in a browser without WebGPU): a story's figures come from the config on screen, and
 * picking it opens the inside view where its claim can be seen.
 */

const trainStory = async (page: import('@playwright/test').Page, timeout: number) => {
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout });
  await expectEngine(page);
};

test('overfitting: the story counts the parameters per training value that model.summary() shows', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await page.getByTestId('preset-overfit').click();
  // The summary and the story count against the described dataset: wait for the preset's own
  // (16 steps; the default's has 20), or both show the default dataset's ratio for a moment.
  await expect(page.getByTestId('dataset-preview')).toContainText('16 steps × 1 features');
  const ratio = page.getByTestId('summary-ratio');
  // LSTM(96) → Dense(1) on one feature: 4·(96·(1 + 96) + 96) + 97 = 37,729 parameters.
  await expect(ratio).toContainText('37,729 parameters');
  const shown = /: ([\d,.]+) per value/.exec((await ratio.textContent()) ?? '')?.[1];
  expect(shown).toBeTruthy();
  await expect(page.getByTestId('preset-story')).toContainText(
    `counts ${shown} parameters per training value`,
  );
  // The story opens Units, where its claim about h is.
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'units');
  // The same figure in Chinese.
  await page.getByTestId('lang').selectOption('zh-CN');
  await expect(page.getByTestId('preset-story')).toContainText(`每个训练数值对应 ${shown} 个参数`);
  expect(errors).toEqual([]);
});

test('long-range memory: the forget gates that latch between the markers are outlined', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await page.getByTestId('preset-long-range').click();
  await expect(page.getByTestId('preset-story')).toContainText('a sequence of 100 steps');
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'gates');
  await trainStory(page, 120_000);
  await expect(page.getByTestId('inside-epoch')).toHaveText('after epoch 40');
  const note = page.getByTestId('latch-note');
  const units = ((await note.getAttribute('data-units')) ?? '').split(',').filter(Boolean);
  // Measured on the preset's seed: ≥ 2 units latch in every one of the first 40 windows (npm run stories).
  expect(units.length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('heatmap-outline')).toHaveCount(units.length);
  const first = Number(await note.getAttribute('data-first'));
  const second = Number(await note.getAttribute('data-second'));
  expect(second).toBeGreaterThan(first);
  await expect(note).toContainText(`from the first marked step (t = ${first}) to the second (t = ${second})`);
  // The outline spans the steps the forget gate must hold: first + 1 … second, on the f heatmap's rows.
  const map = await page.getByTestId('heatmap-f').boundingBox();
  const box = await page.getByTestId('heatmap-outline').first().boundingBox();
  if (!map || !box) throw new Error('no heatmap or outline box');
  const stepWidth = map.width / 100;
  expect(Math.abs(box.x + 1 - (map.x + (first + 1) * stepWidth))).toBeLessThan(2);
  expect(Math.abs(box.width - 2 - (second - first) * stepWidth)).toBeLessThan(2);
  await page
    .getByTestId('inside-panel')
    .screenshot({ path: testInfo.outputPath('story-long-range-latch.png') });
  expect(errors).toEqual([]);
});

test('word order: the story opens word by word on a review with “not bad”, and reviews are found by their words', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await page.getByTestId('preset-sentiment').click();
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'words');
  // The worker found the example: the window box moved off 0 before any training.
  await expect(page.getByTestId('inside-window')).not.toHaveValue('0');
  const window = await page.getByTestId('inside-window').inputValue();
  await trainStory(page, 60_000);
  await expect(page.getByTestId('inside-body')).toHaveAttribute('data-window', window);
  const words = await page
    .getByTestId('window-words')
    .getByTestId('word')
    .evaluateAll((spans) => spans.map((span) => span.firstChild?.textContent ?? ''));
  expect(words.join(' ')).toContain('not bad');
  await page
    .getByTestId('inside-panel')
    .screenshot({ path: testInfo.outputPath('story-sentiment-words.png') });

  // Finding another review by its words moves the views there.
  await page.getByTestId('window-find-input').fill('boring but');
  await page.getByTestId('window-find-run').click();
  await expect(page.getByTestId('window-find-result')).toContainText('contains “boring but”');
  const found = /Window (\d+)/.exec((await page.getByTestId('window-find-result').textContent()) ?? '')?.[1];
  await expect(page.getByTestId('inside-window')).toHaveValue(found ?? 'none');
  // Words no review has: said, and the window stays.
  await page.getByTestId('window-find-input').fill('xylophone');
  await page.getByTestId('window-find-run').click();
  await expect(page.getByTestId('window-find-result')).toContainText(
    'No validation review contains “xylophone”',
  );
  await expect(page.getByTestId('inside-window')).toHaveValue(found ?? 'none');
  expect(errors).toEqual([]);
});

test('translation: the story opens the Translation view on its long English date, in both languages', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await page.getByTestId('preset-translation').click();
  await expect(page.getByTestId('preset-story')).toContainText(
    'the year’s four output characters put more than three quarters of their attention on the characters that write the year',
  );
  await expect(page.getByTestId('preset-story')).toContainText('up to 30');
  // Validation window 274 of the preset's seed is "Wednesday, 31 July 1991" (src/cli/storyClaims.test.ts).
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'translation');
  await expect(page.getByTestId('inside-window')).toHaveValue('274');
  // Set once the dates are described: never clamped to the previous dataset's 128 windows.
  await expect(page.getByTestId('dataset-preview')).toContainText('444 validation windows');
  await expect(page.getByTestId('inside-window')).toHaveValue('274');
  await expect(page.getByTestId('link-problem')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('story-translation-1280.png'), fullPage: true });
  await page.getByTestId('lang').selectOption('zh-CN');
  await expect(page.getByTestId('preset-story')).toContainText('翻译');
  await expect(page.getByTestId('preset-story')).toContainText('最多 30 个');
  expect(errors).toEqual([]);
});
