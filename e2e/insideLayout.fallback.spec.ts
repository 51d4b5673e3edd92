import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { collectErrors, expect, test, trainToEnd } from './helpers';

/**
 * The inside panel's layout at a phone's width (390), a laptop's (1366) and a projector's (1920):
 * in every view no box in the panel is drawn over another, nothing spills out of the page sideways,
 * the diagram sits above the equations where they are stacked, the diagram's labels stay inside
 * their boxes, and the equations keep each term on one line. Screenshots of each view at each width
 * go into the test's output (test-results/) to be looked at.
 *
 * On the CPU project (no GPU): a tiny run trains in seconds, and layout does not depend on the engine.
 */
const WIDTHS = [390, 1366, 1920];

// A phone's and a projector's pixels are dense: screenshots at 2× show the math's subscripts.
test.use({ deviceScaleFactor: 2 });

/** Boxes that scroll sideways on purpose: an equation too wide for a phone scrolls in its own line. */
const SCROLLS_ON_PURPOSE = ['.equation'];

/** The panel's named parts: the diagram, each equation, the heatmaps' rows, legends, controls, charts. */
const PARTS = [
  '.tabs',
  '.inside-place .field',
  '.inside-epoch',
  '.heatmap-name',
  '.heatmap-canvas',
  '.heatmap-legend',
  '.input-strip',
  '.input-legend',
  '.strip-target',
  '.readout-title',
  '.equation',
  '.cell-diagram',
  '.active-units',
  '.small-chart',
  '.words',
  '.word-scale',
  '.window-finder',
  '.sentence-box',
  '.attention-strip',
  '.attention-legend',
  '.attention-readout',
  '.attention-words',
  '.attention-table',
];

/**
 * Pairs of the panel's parts drawn over each other (by more than a pixel), a part's extent being
 * its box together with its text wherever that text is painted (text overflowing its box counts),
 * and the parts' sibling boxes overlapping anywhere in the panel (overlays placed on purpose with
 * position: absolute, e.g. a heatmap's cursor, and the insides of drawings are not walked).
 */
const overlapsIn = (page: Page) =>
  page.getByTestId('inside-panel').evaluate((panel, parts: string[]): string[] => {
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}.${[...e.classList].join('.')}`;
    const shown = (e: Element) => {
      const style = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return (
        style.display !== 'none' &&
        style.visibility !== 'hidden' &&
        !e.closest('.sr-only') &&
        r.width > 0 &&
        r.height > 0
      );
    };
    const extent = (e: Element) => {
      const box = e.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(e);
      const text = range.getBoundingClientRect();
      if (text.width === 0 || text.height === 0) return box;
      return new DOMRect(
        Math.min(box.left, text.left),
        Math.min(box.top, text.top),
        Math.max(box.right, text.right) - Math.min(box.left, text.left),
        Math.max(box.bottom, text.bottom) - Math.min(box.top, text.top),
      );
    };
    const cross = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const found: string[] = [];
    const named = [...panel.querySelectorAll(parts.join(','))].filter(shown);
    for (let i = 0; i < named.length; i++)
      for (let j = i + 1; j < named.length; j++) {
        if (named[i].contains(named[j]) || named[j].contains(named[i])) continue;
        if (cross(extent(named[i]), extent(named[j]))) found.push(`${name(named[i])} × ${name(named[j])}`);
      }
    const walk = (parent: Element) => {
      const kids = [...parent.children].filter(
        (e) =>
          shown(e) &&
          !['inline', 'contents'].includes(getComputedStyle(e).display) &&
          getComputedStyle(e).position !== 'absolute',
      );
      for (let i = 0; i < kids.length; i++)
        for (let j = i + 1; j < kids.length; j++)
          if (cross(kids[i].getBoundingClientRect(), kids[j].getBoundingClientRect()))
            found.push(`${name(kids[i])} × ${name(kids[j])} (siblings)`);
      for (const k of kids) if (!['svg', 'canvas', 'math'].includes(k.tagName.toLowerCase())) walk(k);
    };
    walk(panel);
    return found;
  }, PARTS);

/** Boxes in the panel wider than their own box (content cut or spilling), minus the named scrollers. */
const spillsIn = (page: Page) =>
  page.getByTestId('inside-panel').evaluate((panel, allowed: string[]) => {
    const right = panel.getBoundingClientRect().right;
    const out: string[] = [];
    for (const e of panel.querySelectorAll('*')) {
      if (e.closest('svg, math, .sr-only') && e.tagName.toLowerCase() !== 'svg') continue;
      if (allowed.some((s) => e.matches(s))) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0) continue;
      const cls = `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
      if (r.right > right + 1) out.push(`${cls} ends at ${Math.round(r.right)} > panel ${Math.round(right)}`);
      // Content wider than its box: scrolled (a hidden scroller) or painted over its neighbours.
      const inline = getComputedStyle(e).display === 'inline';
      if (e instanceof HTMLElement && !inline && e.scrollWidth > e.clientWidth + 1)
        out.push(`${cls} content wider than its box (${e.scrollWidth} > ${e.clientWidth})`);
    }
    return out;
  }, SCROLLS_ON_PURPOSE);

/** The diagram's valve labels that do not fit inside their box with a margin (1/25 of its width each side). */
const valveSpills = (page: Page) =>
  page.locator('.cell-diagram .valve').evaluateAll((valves) =>
    valves.flatMap((v) => {
      const box = v.querySelector('rect')!.getBoundingClientRect();
      const margin = box.width / 25;
      return [...v.querySelectorAll('text')].flatMap((text) => {
        const r = text.getBoundingClientRect();
        const fits = r.left >= box.left + margin && r.right <= box.right - margin;
        return fits ? [] : [`"${text.textContent}" ${r.width.toFixed(1)} of ${box.width.toFixed(1)}px`];
      });
    }),
  );

async function checkLayout(page: Page, testInfo: TestInfo, view: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: width < 600 ? 844 : 1080 });
  await expect(page.getByTestId('inside-panel')).toHaveAttribute('data-view', view);
  // Let the views measure their new width and redraw.
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page
    .getByTestId('inside-panel')
    .screenshot({ path: testInfo.outputPath(`inside-${view}-${width}.png`) });
  const where = `${view} at ${width}px`;
  expect(await overlapsIn(page), `${where}: boxes drawn over each other`).toEqual([]);
  expect(await spillsIn(page), `${where}: boxes spilling out`).toEqual([]);
  const page_ = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(page_[0], `${where}: the page scrolls sideways`).toBeLessThanOrEqual(page_[1]);
}

/** The gates view's extras: labels inside the diagram's boxes; the diagram above the equations when stacked. */
async function checkReadout(page: Page, width: number): Promise<void> {
  expect(await valveSpills(page), `the diagram's labels at ${width}px`).toEqual([]);
  const diagram = (await page.getByTestId('cell-diagram').boundingBox())!;
  const equations = (await page.getByTestId('equations').boundingBox())!;
  const stacked = diagram.x < equations.x + equations.width && equations.x < diagram.x + diagram.width;
  if (stacked)
    expect(diagram.y + diagram.height, 'the diagram above the equations').toBeLessThanOrEqual(equations.y);
  // An equation may scroll in its own line on a screen narrower than these, but here each has the
  // readout's width, not a sliver beside the diagram, and needs no scrolling.
  const widths = await page
    .getByTestId('equations')
    .locator('.equation')
    .evaluateAll((ls) =>
      ls.map((l) => [l.clientWidth, l.scrollWidth, l.closest('.step-readout')!.clientWidth]),
    );
  for (const [client, scroll, readout] of widths) {
    expect(client, `an equation's width at ${width}px`).toBeGreaterThan(readout / 2);
    expect(scroll, `an equation scrolls at ${width}px`).toBeLessThanOrEqual(client);
  }
  // Each term of an equation on one line: a term's box is no taller than about one line of math.
  const terms = await page
    .getByTestId('equations')
    .locator('.equation-term')
    .evaluateAll((ts) => ts.map((e) => e.getBoundingClientRect().height));
  expect(terms.length).toBeGreaterThan(0);
  for (const h of terms) expect(h, `a term wrapped at ${width}px`).toBeLessThan(40);
  if (width === 390) expect(stacked, 'stacked on a phone').toBe(true);
}

test('the inside views at 390, 1366 and 1920 px: nothing drawn over anything, nothing spills', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./?preset=long-range&n=64&t=20&u=12&e=1&view=gates&win=1&unit=3');
  await trainToEnd(page, 90_000);
  await expect(page.getByTestId('step-readout')).toBeVisible();
  // The input strip's two lines say what they are.
  await expect(page.getByTestId('input-legend-item')).toHaveText(['value', 'marker']);
  await expect(page.getByTestId('input-legend')).toContainText('scaled to its own range');
  for (const view of ['gates', 'units', 'gradients']) {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId(`inside-tab-${view}`).click();
    if (view === 'gradients') {
      // After one epoch there is no earlier epoch's dashed line, and the caption does not promise one.
      await expect(page.getByTestId('gradient-chart').locator('path.plot-line')).toHaveCount(2);
      await expect(page.getByTestId('gradient-chart')).not.toContainText('Dashed');
    }
    for (const width of WIDTHS) {
      await checkLayout(page, testInfo, view, width);
      if (view === 'gates') await checkReadout(page, width);
    }
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('inside-tab-gates').click();
  // The widest valve label, a negative candidate ("tanh g" over "−0.0024"): move down the units
  // until g is negative, then its label must still sit inside its box at every width.
  await page.getByTestId('heatmaps').focus();
  const g = () => page.getByTestId('equation-g').getAttribute('data-numbers');
  for (let k = 0; k < 12 && Number((await g())?.split(',')[1]) >= 0; k++)
    await page.keyboard.press('ArrowDown');
  expect(Number((await g())?.split(',')[1]), 'a unit with a negative g').toBeLessThan(0);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForFunction(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    expect(await valveSpills(page), `a negative g's label at ${width}px`).toEqual([]);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('cell-diagram').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('inside-gates-390-screen.png') });
  // The typeset math and the legend keep the panel clean for screen readers (axe, as accessibility.spec).
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="inside-panel"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the words view and the GRU readout at 390, 1366 and 1920 px', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./?d=sentiment&n=64&t=8&u=8&b=32&e=1&s=2&cell=gru&view=words');
  await trainToEnd(page, 90_000);
  await expect(page.getByTestId('window-words').getByTestId('word').first()).toBeVisible();
  for (const width of WIDTHS) await checkLayout(page, testInfo, 'words', width);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByTestId('inside-tab-gates').click();
  await expect(page.getByTestId('equations')).toBeVisible();
  for (const width of WIDTHS) {
    await checkLayout(page, testInfo, 'gates', width);
    await checkReadout(page, width);
  }
  expect(errors).toEqual([]);
});

test('in Chinese at 390 px: the input legend speaks Chinese and the gates view still fits', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?preset=long-range&n=64&t=20&u=12&e=1&view=gates&win=1&lang=zh-CN');
  await trainToEnd(page, 90_000);
  await expect(page.getByTestId('input-legend')).toContainText('每条线是一个输入特征');
  await expect(page.getByTestId('equations')).toBeVisible();
  await checkLayout(page, testInfo, 'gates', 390);
  await checkReadout(page, 390);
  expect(errors).toEqual([]);
});

test('the attention view at 390, 1366 and 1920 px, its table open, in English and Chinese', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./?d=sentiment&n=64&u=8&b=32&e=2&s=2&att=additive&view=attention');
  await trainToEnd(page, 90_000);
  await expect(page.getByTestId('attention-words-first').getByTestId('attention-word').first()).toBeVisible();
  await page.getByTestId('attention-table').locator('summary').click();
  for (const width of WIDTHS) await checkLayout(page, testInfo, 'attention', width);
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="inside-panel"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // In Chinese on a phone: the same view, its words in Chinese.
  await page.goto('./?d=adding&n=64&t=20&u=8&e=1&att=dot&view=attention&lang=zh-CN');
  await page.setViewportSize({ width: 390, height: 844 });
  await trainToEnd(page, 90_000);
  await expect(page.getByTestId('attention-readout')).toContainText('得分 e_t');
  await expect(page.getByTestId('attention-marked')).toContainText('平均分配时');
  await page
    .getByTestId('inside-panel')
    .screenshot({ path: testInfo.outputPath('inside-attention-390-zh.png') });
  await checkLayout(page, testInfo, 'attention', 390);
  expect(errors).toEqual([]);
});
