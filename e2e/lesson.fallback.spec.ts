import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { collectErrors, expect, expectEngine, test } from './helpers';

/**
 * Lesson mode in front of a class (issue 21): a lesson runs start to end from a story's "Teach
 * this as a lesson", in large type at 1920×1080 and on a phone; the keys of a presentation clicker
 * step through it; the step lives in the link. Word order trains here: its run is the lesson runs'
 * shortest (15 epochs, well inside a minute on the CPU engine); the other two lessons open and
 * step through without training.
 */

const progress = (page: Page) => page.getByTestId('lesson-progress');
const stepIs = async (page: Page, n: number, of: number) => {
  await expect(progress(page)).toHaveText(`Step ${n} of ${of}`);
  await expect(page).toHaveURL(new RegExp(`lstep=${n}(&|$)`));
};
const px = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => Number.parseFloat(getComputedStyle(el).getPropertyValue(p)), property);
/**
 * Nothing wider than the window: the page scrolls down, never sideways, and no element of the
 * lesson reaches past either edge (cut off by a panel), except inside a box that scrolls by design.
 */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push('the page');
    for (const el of document.querySelectorAll('[data-testid="lesson"] *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || el.closest('.sr-only')) continue;
      let scroller = el.parentElement;
      while (scroller && !/auto|scroll/.test(getComputedStyle(scroller).overflowX))
        scroller = scroller.parentElement;
      if (scroller) continue;
      if (box.right > window.innerWidth + 1 || box.left < -1)
        out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.slice(0, 30)}"`);
    }
    return out.slice(0, 5);
  });

async function trainLessonRun(page: Page, which = 0) {
  const state = page.getByTestId('run-state');
  const run = Number((await state.getAttribute('data-run')) ?? 0) + 1;
  await page.getByTestId(`lesson-run-${which}`).click();
  await expect(state).toHaveAttribute('data-run', String(run));
  await expect(state).toHaveAttribute('class', /state-done/, { timeout: 90_000 });
  await expectEngine(page);
}

test('word order, start to end at 1920×1080: predict, train, look, answer, in large type', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./');
  await page.getByTestId('preset-sentiment').click();
  await page.getByTestId('teach-lesson').click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'word-order');
  await stepIs(page, 1, 7);
  // Only the step: no settings, no header.
  await expect(page.getByTestId('preset-overfit')).toHaveCount(0);
  await expect(page.getByTestId('lesson-panels')).toHaveCount(0);
  expect(await px(page, '.lesson-body', 'font-size')).toBeGreaterThanOrEqual(20);
  // The step is a labelled region, its heading focused.
  await expect(page.getByRole('region', { name: 'What we ask' })).toBeVisible();
  await expect(page.locator('#lesson-step-title')).toBeFocused();

  // Step 2: the class predicts. ArrowRight on a focused choice moves the pick, not the lesson.
  await page.keyboard.press('ArrowRight');
  await stepIs(page, 2, 7);
  await expect(page.getByTestId('lesson-announce')).toHaveText('Step 2 of 7: Predict first');
  await page.getByTestId('lesson-choice-1').click();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('lesson-choice-0').locator('input')).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await stepIs(page, 2, 7);
  await expect(page.getByTestId('lesson-choice-1').locator('input')).toBeChecked();
  await page.getByTestId('lesson-choice-0').click();
  await expect(page.getByTestId('lesson-picked')).toContainText('Picked');

  // Step 3: the run, trained in the lesson (a clicker's PageDown from the choices goes on).
  await page.keyboard.press('PageDown');
  await stepIs(page, 3, 7);
  await expect(page.getByTestId('lesson-panels')).toHaveAttribute('data-panels', 'loss');
  await trainLessonRun(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 15 / 15');
  expect(await px(page, '.plot-line', 'stroke-width')).toBeGreaterThanOrEqual(4);
  expect(await px(page, '.plot-axes text', 'font-size')).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: testInfo.outputPath('lesson-1920-run.png') });

  // Step 4: the evidence, word by word on a review with "not bad". The arrows go on from a
  // focused button too (Train keeps only Space, which presses it).
  await page.getByTestId('play').focus();
  await page.keyboard.press('ArrowRight');
  await stepIs(page, 4, 7);
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'words');
  await expect(page.getByTestId('loss-chart')).toHaveCount(0);
  const words = page.getByTestId('window-words').getByTestId('word');
  await expect(words.first()).toBeVisible();
  expect((await words.allTextContents()).join(' ')).toContain('not');

  // Step 5: the answer beside the class's pick, in the words of the story's claim.
  await page.keyboard.press(' ');
  await stepIs(page, 5, 7);
  await expect(page.getByTestId('lesson-answer')).toHaveAttribute('data-right', 'true');
  await expect(page.getByTestId('lesson-answer')).toContainText('The class predicted: Positive.');
  await expect(page.getByTestId('lesson-answer')).toContainText('The answer: Positive');
  await expect(page.getByTestId('lesson-facts').locator('li')).toHaveAttribute('data-claims', 'not-flips');
  await page.screenshot({ path: testInfo.outputPath('lesson-1920-answer.png') });

  // A reload returns to the step; PageUp goes back; the last step has no Next; Escape leaves.
  await page.reload();
  await stepIs(page, 5, 7);
  await page.keyboard.press('PageUp');
  await stepIs(page, 4, 7);
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-next').click();
  await page.getByTestId('lesson-next').click();
  await stepIs(page, 7, 7);
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson')).toHaveCount(0);
  await expect(page.getByTestId('preset-story')).toBeVisible();
  await expect(page.getByTestId('teach-lesson')).toBeFocused();
  expect(page.url()).not.toContain('lesson=');
  expect(errors).toEqual([]);
});

test('word order at 390 px: trains, nothing overflows sideways, Next always in reach', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?preset=sentiment&lesson=word-order');
  await stepIs(page, 1, 7);
  for (let n = 1; n <= 7; n++) {
    await stepIs(page, n, 7);
    if (n === 2) await page.getByTestId('lesson-choice-2').click();
    if (n === 3) await trainLessonRun(page);
    if (n === 4) {
      await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'words');
      await expect(page.getByTestId('window-words').getByTestId('word').first()).toBeVisible();
    }
    if (n === 3 || n === 5)
      await page.screenshot({ path: testInfo.outputPath(`lesson-390-step${n}.png`), fullPage: true });
    expect(await sidewaysOverflow(page), `step ${n}`).toEqual([]);
    // The bar sticks to the bottom of the screen: Next is in view without scrolling.
    await expect(page.getByTestId('lesson-next')).toBeInViewport();
    if (n < 7) await page.getByTestId('lesson-next').click();
  }
  await expect(page.getByTestId('lesson-answer').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('every lesson opens from its link and steps through to its last step without training, at 1920 and 390 px', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const lessons = [
    { name: 'overfitting', preset: 'overfit', steps: 8 },
    { name: 'memory', preset: 'why-lstm', steps: 9 },
    { name: 'word-order', preset: 'sentiment', steps: 7 },
    { name: 'translation', preset: 'translation', steps: 7 },
  ];
  for (const width of [1920, 390]) {
    await page.setViewportSize(width === 1920 ? { width, height: 1080 } : { width, height: 844 });
    for (const { name, preset, steps } of lessons) {
      await page.goto(`./?preset=${preset}&lesson=${name}&lstep=1`);
      for (let n = 1; n <= steps; n++) {
        await stepIs(page, n, steps);
        const region = page.getByTestId('lesson-step');
        await expect(region).toBeVisible();
        const kind = await region.getAttribute('data-kind');
        if (kind === 'predict')
          await expect(page.getByTestId('lesson-choices').locator('input')).not.toHaveCount(0);
        if (kind === 'run') await expect(page.getByTestId('lesson-run-0')).toBeVisible();
        if (kind === 'look')
          await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', /\w/);
        if (kind === 'reveal') {
          await expect(page.getByTestId('lesson-answer')).toContainText('No prediction was picked');
          await expect(page.getByTestId('lesson-facts').locator('li').first()).toBeVisible();
        }
        expect(await sidewaysOverflow(page), `${name} step ${n} at ${width} px`).toEqual([]);
        await expect(page.getByTestId('lesson-next')).toBeInViewport();
        if (n < steps) await page.keyboard.press('ArrowRight');
      }
      await expect(page.getByTestId('lesson-next')).toBeDisabled();
    }
  }
  // In Chinese too.
  await page.goto('./?preset=overfit&lesson=overfitting&lstep=2&lang=zh-CN');
  await expect(progress(page)).toHaveText('第 2 步，共 8 步');
  await expect(page.getByTestId('lesson-choice-1')).toContainText('它很早就触底，然后上升');
  await page.screenshot({ path: test.info().outputPath('lesson-1920-zh-predict.png') });
  expect(errors).toEqual([]);
});

test('overfitting: the lesson trains the overfit run and a remedy, and Compare runs shows both', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./?preset=overfit&lesson=overfitting&lstep=3');
  await trainLessonRun(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 60 / 60');
  // On through the evidence and the answer (a reload would lose the run) to the remedy.
  for (const n of [4, 5, 6]) {
    await page.keyboard.press('PageDown');
    await stepIs(page, n, 8);
    if (n === 4) {
      await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'units');
      await page.screenshot({ path: testInfo.outputPath('lesson-1920-units.png') });
    }
  }
  await page.getByTestId('lesson-choice-1').click();
  await page.keyboard.press('PageDown');
  await stepIs(page, 7, 8);
  await expect(page.getByTestId('lesson-panels')).toHaveAttribute('data-panels', 'loss compare');
  await trainLessonRun(page);
  await page.keyboard.press('PageDown');
  await stepIs(page, 8, 8);
  await expect(page.getByTestId('lesson-answer')).toHaveAttribute('data-right', 'true');
  const compare = page.getByTestId('compare-runs');
  await expect(compare).toContainText('run 1');
  await expect(compare).toContainText('dropout');
  await expect(page.getByTestId('lesson-facts').locator('li')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('lesson-1920-remedies.png') });
  expect(errors).toEqual([]);
});

test('memory: the lesson trains the three layer types, then the adding problem, and opens the latch', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./?preset=why-lstm&lesson=memory&lstep=2');
  await page.getByTestId('lesson-choice-1').click();
  await page.keyboard.press('PageDown');
  await stepIs(page, 3, 9);
  // LSTM, GRU, SimpleRNN in turn: Compare runs overlays the first two under the third.
  for (const i of [0, 1, 2]) await trainLessonRun(page, i);
  await expect(page.getByTestId('compare-runs')).toContainText('run 2');
  await page.keyboard.press('PageDown');
  await stepIs(page, 4, 9);
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'gradients');
  await expect(page.getByTestId('gradient-chart')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('lesson-1920-gradients.png') });
  await page.keyboard.press('PageDown');
  await stepIs(page, 5, 9);
  await expect(page.getByTestId('lesson-answer')).toHaveAttribute('data-right', 'true');
  for (const n of [6, 7]) {
    await page.keyboard.press('PageDown');
    await stepIs(page, n, 9);
  }
  await trainLessonRun(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 40 / 40');
  await page.keyboard.press('PageDown');
  await stepIs(page, 8, 9);
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', 'gates');
  // The story's latch, on the run the lesson trained (the preset's seed: npm run stories).
  await expect(page.getByTestId('latch-note')).toBeVisible();
  await page.keyboard.press('PageDown');
  await stepIs(page, 9, 9);
  await expect(page.getByTestId('lesson-answer')).toHaveAttribute('data-right', 'none');
  await page.screenshot({ path: testInfo.outputPath('lesson-1920-latch.png') });
  expect(errors).toEqual([]);
});

test('a bad lesson link says what was wrong and opens the normal page, or the lesson’s last step', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('./?preset=overfit&lesson=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&lstep=2');
  await expect(page.getByTestId('link-problem')).toContainText(
    'is not a lesson (overfitting, memory, word-order, translation)',
  );
  await expect(page.getByTestId('lesson')).toHaveCount(0);
  await expect(page.getByTestId('preset-story')).toBeVisible();
  await expect(page.locator('img')).toHaveCount(0);

  await page.goto('./?preset=overfit&lesson=overfitting&lstep=17');
  await stepIs(page, 8, 8);
  await expect(page.getByTestId('link-problem')).toContainText("lstep=17 is past this lesson's last step 8");

  await page.goto('./?lesson=memory&lstep=abc');
  await stepIs(page, 1, 9);
  await expect(page.getByTestId('link-problem')).toContainText('lstep=abc is not a number; opened step 1');
  expect(errors).toEqual([]);
});

test('axe finds no serious or critical violation in lesson mode, on every kind of step', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Word order: ask, predict (a pick made), run, look (the words view), reveal.
  await page.goto('./?preset=sentiment&lesson=word-order&lstep=1');
  for (let n = 1; n <= 5; n++) {
    await stepIs(page, n, 7);
    if (n === 2) await page.getByTestId('lesson-choice-0').click();
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `step ${n}: ${v.id} (${v.impact}) at ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    await page.getByTestId('lesson-next').click();
  }
});
