import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { chartPoints, expect, test, tiny, trainToEnd } from './helpers';

/**
 * Keyboard and screen readers: an axe scan of every main view finds no serious or critical
 * violation (WCAG 2.1 A/AA rules and axe's best practices), a skip link leads to the training
 * controls, every control is reached by Tab, and a chart can be read by keyboard.
 */
async function expectNoSeriousViolations(page: Page, view: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${view}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

test('axe finds no serious or critical violation on the main views', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./?${tiny({ e: '25' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await expectNoSeriousViolations(page, 'start');

  // Training, with the progress line; then trained, with markers, forecast and a second run to compare.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running|state-done/);
  await expectNoSeriousViolations(page, 'training');
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 60_000 });
  await page.getByTestId('toggle-dropout').click();
  await trainToEnd(page);
  await expect(page.getByTestId('compare-runs')).toContainText('no dropout');
  await expectNoSeriousViolations(page, 'trained, two runs');

  // A change that needs a restart asks first (a slow run, so that it is still running).
  await page.getByTestId('speed').fill('500');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running/);
  await page.getByTestId('units-1').fill('12');
  await page.getByTestId('units-1').press('Enter');
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'restart dialog');
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('units-1')).toHaveValue('8');
  await page.getByTestId('reset').click();
  await page.getByTestId('speed').fill('0');

  // Own data, refused with a message.
  await page.locator('details.custom summary').click();
  await page.getByTestId('custom-text').fill('a,b\n1,x\n');
  await page.getByTestId('custom-use').click();
  await expect(page.getByTestId('custom-error')).toBeVisible();
  await expectNoSeriousViolations(page, 'own data refused');
});

test('axe: classification with its confusion matrix, in Chinese, with link problems and a refused config', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(`./?${tiny({ d: 'tenclass', e: '3', lang: 'zh-CN', lr: 'banana' })}`);
  await expect(page.getByTestId('link-problems')).toBeVisible();
  await trainToEnd(page);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await expectNoSeriousViolations(page, 'classification, zh-CN');

  await page.goto(`./?${tiny({ u: '512-512-512-512', t: '200', b: '512', n: '20000', e: '2' })}`);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('notice-tooHeavy')).toBeVisible({ timeout: 45_000 });
  await expectNoSeriousViolations(page, 'refused config');
});

test('the skip link is the first stop and leads to the training controls', async ({ page }) => {
  await page.goto(`./?${tiny()}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await expect(page.getByTestId('skip-link')).toHaveText('Skip to the training controls');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('train-controls')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('play')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running|state-done/);
});

test('every control and chart is reached by Tab, and has a name', async ({ page }) => {
  await page.goto(`./?${tiny({ e: '3' })}`);
  await trainToEnd(page);
  await page.locator('details.custom summary').click();
  // Everything a pointer can use, that is shown and enabled.
  const controls = await page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, svg[tabindex="0"]';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.getClientRects().length > 0 && !(el as HTMLButtonElement).disabled)
      .filter((el) => !el.closest('[aria-hidden="true"]'))
      .map((el, i) => {
        el.dataset.a11yId = String(i);
        return i;
      });
  });
  const reached = new Set<number>();
  for (let tab = 0; tab < controls.length + 20; tab++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.a11yId);
    if (id !== undefined) reached.add(Number(id));
  }
  const missed = await page.evaluate(
    (ids) =>
      ids.map((i) => document.querySelector<HTMLElement>(`[data-a11y-id="${i}"]`)!.outerHTML.slice(0, 120)),
    controls.filter((i) => !reached.has(i)),
  );
  expect(missed).toEqual([]);
  expect(controls.length).toBeGreaterThan(30);
});

test('the loss chart reads out its values by keyboard', async ({ page }) => {
  await page.goto(`./?${tiny({ e: '4' })}`);
  await trainToEnd(page);
  expect(await chartPoints(page)).toBe(4);
  const chart = page.getByTestId('loss-chart-plot').locator('svg[role="img"]');
  await expect(chart).toHaveAttribute(
    'aria-label',
    'Loss. Focus it and use the arrow keys to read the values.',
  );
  await chart.focus();
  const spoken = page.getByTestId('loss-chart-plot').locator('[aria-live="polite"]');
  // The marks at an epoch are read before its values (the tiny run's best epoch is its last).
  await expect(spoken).toHaveText(/^epoch 4, best epoch 4, training loss: [\d.]+, validation loss: [\d.]+$/);
  await page.keyboard.press('ArrowLeft');
  await expect(spoken).toHaveText(/^epoch 3, /);
  await page.keyboard.press('Home');
  await expect(spoken).toHaveText(/^epoch 1, /);
  await expect(page.getByTestId('loss-chart-plot').getByTestId('plot-readout')).toContainText('epoch 1');
  await page.keyboard.press('Escape');
  await expect(spoken).toHaveText('');
});
