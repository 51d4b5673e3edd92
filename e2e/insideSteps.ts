import { expect, type Page, type TestInfo } from '@playwright/test';
import { collectErrors, expectEngine, expectNoStructuralLongTask, queryOf } from './helpers';

/** The long-range preset, small: 128 windows of 30 steps, LSTM(32), 3 epochs. */
const LONG_RANGE = 'preset=long-range&n=160&t=30&e=3&view=gates&win=2&layer=1&unit=5';

/** Counts long tasks (over 50 ms) on the page from `reset` on. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}
const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);

/** The inside panel as it looks, into the test's output. */
const panelShot = (page: Page, testInfo: TestInfo, name: string) =>
  page.getByTestId('inside-panel').screenshot({ path: testInfo.outputPath(name) });

/** Parses the numbers a readout line prints (4 decimals, real minus signs). */
const numbersOf = (text: string) =>
  (
    text
      .split('=')
      .slice(2)
      .join('=')
      .match(/[−-]?\d+\.\d+/g) ?? []
  ).map((s) => Number(s.replace('−', '-')));

/**
 * An equation's text as the page holds it: typeset MathML (each subscript its own element, so f
 * with subscript t reads "ft"), without the invisible "times" and "applied to" operators.
 */
const mathText = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').replace(/[\u2061\u2062]/g, '');

/** How much of a canvas is drawn: distinct colours among its pixels. */
const coloursOf = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });

/** `engine` names the screenshots; the engine itself is the one the Playwright project promises. */
export async function insideStory(page: Page, testInfo: TestInfo, engine: 'webgpu' | 'wasm'): Promise<void> {
  const errors = collectErrors(page);
  await watchLongTasks(page);
  await page.goto(`./?${LONG_RANGE}`);
  await expect(page.getByTestId('inside-waiting')).toBeVisible();
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks.length = 0;
  });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 90_000 });
  const training = await longTasks(page);
  expectNoStructuralLongTask(training, 'while training with the views open');
  await expectEngine(page);
  await expect(page.getByTestId('inside-epoch')).toHaveText('after epoch 3');

  // The heatmaps: 32 units × 30 steps each, drawn in many colours.
  for (const q of ['i', 'f', 'g', 'o', 'c', 'h']) {
    const map = page.getByTestId(`heatmap-${q}`);
    await expect(map).toHaveAttribute('data-rows', '32');
    await expect(map).toHaveAttribute('data-steps', '30');
    expect(await coloursOf(page, `heatmap-${q}`)).toBeGreaterThan(20);
  }
  // The link's unit 5 is the pinned one; hovering another cell shows its equations.
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-unit', '5');
  const c = page.getByTestId('heatmap-c');
  await c.scrollIntoViewIfNeeded();
  const box = (await c.boundingBox())!;
  await page.mouse.move(box.x + box.width * (20.5 / 30), box.y + box.height * (9.5 / 32));
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-t', '20');
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-unit', '9');
  const cLine = await mathText(page, 'equation-c');
  expect(cLine).toMatch(/^ct=ft⊙ct−1\+it⊙gt=/);
  const [f, cPrev, i, g, cNow] = numbersOf(cLine);
  expect(Math.abs(f * cPrev + i * g - cNow), cLine).toBeLessThan(5e-4);
  const [o, c2, h] = numbersOf(await mathText(page, 'equation-h'));
  expect(Math.abs(o * Math.tanh(c2) - h)).toBeLessThan(5e-4);
  expect(await mathText(page, 'equation-f')).toContain('ft=σ(Wfxt+Ufht−1+bf)=σ(');
  // Typeset: h's subscript t−1 is a subscript element, not the text "h_t-1".
  await expect(
    page
      .getByTestId('equation-f')
      .locator('msub')
      .filter({ hasText: /^ht−1$/ }),
  ).toHaveCount(1);
  await expect(page.getByTestId('equation-f').locator('math').first()).toBeVisible();
  await panelShot(page, testInfo, `inside-gates-${engine}.png`);

  // The keyboard moves the pinned cell and the readout is announced.
  await page.mouse.move(0, 0);
  await page.getByTestId('heatmaps').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-unit', '6');
  await expect(page.getByTestId('inside-announce')).toContainText('unit 6, step 1: i ');
  await expect.poll(() => queryOf(page).get('unit')).toBe('6');

  await page.getByTestId('inside-tab-units').click();
  await expect(page.getByTestId('active-units').locator('button')).toHaveCount(8);
  await expect(page.getByTestId('unit-chart').locator('path.plot-line')).toHaveCount(3);
  await panelShot(page, testInfo, `inside-units-${engine}.png`);

  await page.getByTestId('inside-tab-gradients').click();
  await expect(page.getByTestId('gradient-chart')).toHaveAttribute('data-points', '30');
  // Epoch 1's lines (dashed) beside epoch 3's, for ∂L/∂c_t and ∂L/∂h_t.
  await expect(page.getByTestId('gradient-chart').locator('path.plot-line')).toHaveCount(4);
  await expect(page.getByTestId('gradient-chart')).toContainText('marked value 1');
  await panelShot(page, testInfo, `inside-gradients-${engine}.png`);
  await expect.poll(() => queryOf(page).get('view')).toBe('gradients');
  expect(errors).toEqual([]);
}

export async function ownSentence(page: Page, testInfo: TestInfo): Promise<void> {
  const errors = collectErrors(page);
  await page.goto('./?d=sentiment&n=256&t=8&u=16&b=32&e=4&s=2&view=words');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 60_000 });
  // The last epoch's probe comes with the run's end, not a throttled second later.
  await expect(page.getByTestId('inside-epoch')).toHaveText('after epoch 4', { timeout: 500 });
  await expect(page.getByTestId('window-words').getByTestId('word').first()).toBeVisible();
  await page.getByTestId('sentence-input').fill('honestly not bad at all, dude');
  await page.getByTestId('sentence-run').click();
  const words = page.getByTestId('sentence-words');
  await expect(words.getByTestId('word')).toHaveCount(5);
  await expect(words.getByTestId('word-unread')).toHaveText(/dude/);
  await expect(words.getByTestId('word-unread')).toHaveAttribute('title', /not in the vocabulary/);
  const colours = await words
    .getByTestId('word')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(new Set(colours).size).toBeGreaterThan(1);
  await panelShot(page, testInfo, 'inside-words.png');
  // Bad input: a clear message, and the last answer stays.
  for (const [text, message] of [
    ['', 'Type a sentence first'],
    ['😀🎬👍', 'No words found'],
    ['good '.repeat(2000), 'That is 10000 characters'],
  ]) {
    await page.getByTestId('sentence-input').fill(text);
    await page.getByTestId('sentence-run').click();
    await expect(page.getByTestId('sentence-refusal')).toContainText(message);
    await expect(words.getByTestId('word')).toHaveCount(5);
  }
  expect(errors).toEqual([]);
}

/**
 * The largest model a link allows: 512 units × 200 steps. Training is paused after its first steps
 * and the views are moved to another window, so the worker probes the current weights at once;
 * the six heatmaps then draw 102,400 cells each. No task on the page may pass 50 ms from the probe's
 * arrival until all six are drawn (the test only waits meanwhile: its clicks and key presses, with
 * their own layout checks, come after). The views switch and the keyboard moves the cursor after.
 */
export async function largestHeatmaps(page: Page, testInfo: TestInfo): Promise<void> {
  const errors = collectErrors(page);
  await watchLongTasks(page);
  await page.goto('./?d=adding&n=8&t=200&u=512&b=1&e=1&view=gates&win=0');
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running/, { timeout: 60_000 });
  await page.getByTestId('play').click(); // now Pause
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-paused/, { timeout: 60_000 });
  await page.getByTestId('inside-window').fill('3');
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks.length = 0;
  });
  // Each heatmap counts its draws (data-drawn): wait for all six to draw window 3, not for the
  // draws of the window before (which already set the attribute).
  const drawCounts = () =>
    page.evaluate(() =>
      ['i', 'f', 'g', 'o', 'c', 'h'].map((q) =>
        Number(document.querySelector(`[data-testid="heatmap-${q}"]`)?.getAttribute('data-drawn') ?? 0),
      ),
    );
  const before = await drawCounts();
  await page.getByTestId('inside-window').press('Enter');
  await expect(page.getByTestId('inside-body')).toHaveAttribute('data-window', '3', { timeout: 60_000 });
  await expect
    .poll(async () => (await drawCounts()).every((n, k) => n > before[k]), { timeout: 60_000 })
    .toBe(true);
  const tasks = await longTasks(page);
  expectNoStructuralLongTask(tasks, 'drawing 512 units × 200 steps');
  await expect(page.getByTestId('inside-body')).toHaveAttribute('data-window', '3');
  await expect(page.getByTestId('heatmap-c')).toHaveAttribute('data-rows', '512');
  await expect(page.getByTestId('heatmap-c')).toHaveAttribute('data-steps', '200');
  expect(await coloursOf(page, 'heatmap-h')).toBeGreaterThan(20);
  await page.getByTestId('inside-tab-units').click();
  await expect(page.getByTestId('active-units').locator('button')).toHaveCount(8);
  await page.getByTestId('inside-tab-gates').click();
  await page.getByTestId('heatmaps').focus();
  for (const key of ['ArrowRight', 'ArrowDown', 'PageDown', 'End']) await page.keyboard.press(key);
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-t', '199');
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-unit', '11');
  await panelShot(page, testInfo, 'inside-512x200.png');
  expect(errors).toEqual([]);
}

/**
 * The views follow the cell: a Bidirectional GRU shows z, r, h̃ and h (no LSTM gate, no cell
 * state), both directions stacked (the reverse one's previous step is t+1), and its gradient has
 * ‖∂L/∂h_t‖ only; a SimpleRNN shows h alone. Screenshots of each GRU view.
 */
export async function otherCells(page: Page, testInfo: TestInfo): Promise<void> {
  const errors = collectErrors(page);
  await page.goto('./?preset=long-range&n=160&t=30&e=2&cell=gru&bi=1&view=gates&win=2&layer=1&unit=40');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 90_000 });
  await expect(page.getByTestId('inside-epoch')).toHaveText('after epoch 2');
  for (const q of ['z', 'r', 'hh', 'h']) {
    await expect(page.getByTestId(`heatmap-${q}`)).toHaveAttribute('data-rows', '64');
    expect(await coloursOf(page, `heatmap-${q}`)).toBeGreaterThan(20);
  }
  for (const q of ['i', 'f', 'g', 'o', 'c']) await expect(page.getByTestId(`heatmap-${q}`)).toHaveCount(0);
  // Unit 40 is the reverse direction's unit 8: its previous step is t+1, and h adds up.
  await expect(page.getByTestId('step-readout')).toHaveAttribute('data-unit', '40');
  expect(await mathText(page, 'equation-hh')).toContain('tanh(Whxt+rt⊙(Uhht+1');
  const hLine = await mathText(page, 'equation-h');
  expect(hLine).toMatch(/^ht=zt⊙ht\+1\+\(1−zt\)⊙h~t=/);
  const [z, hPrev, oneMinusZ, hh, h] = numbersOf(hLine);
  expect(Math.abs(z * hPrev + oneMinusZ * hh - h), hLine).toBeLessThan(5e-4);
  await expect(page.getByTestId('cell-diagram')).toContainText('h̃');
  await panelShot(page, testInfo, 'inside-gates-gru.png');

  await page.getByTestId('inside-tab-units').click();
  // The input behind h, and no c: a GRU has no cell state.
  await expect(page.getByTestId('unit-chart').locator('path.plot-line')).toHaveCount(2);
  await panelShot(page, testInfo, 'inside-units-gru.png');
  await page.getByTestId('inside-tab-gradients').click();
  await expect(page.getByTestId('gradient-chart')).toHaveAttribute('data-points', '30');
  await expect(page.getByTestId('gradient-chart')).toContainText('reverse');
  await expect(page.getByTestId('gradient-chart').locator('path.plot-line')).toHaveCount(2);
  await panelShot(page, testInfo, 'inside-gradients-gru.png');

  await page.goto('./?preset=long-range&n=64&t=30&e=1&cell=simple_rnn&view=gates&win=0');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 90_000 });
  await expect(page.getByTestId('heatmap-h')).toHaveAttribute('data-rows', '32');
  await expect(page.getByTestId('heatmaps').locator('canvas')).toHaveCount(1);
  const rnn = await mathText(page, 'equation-h');
  expect(rnn).toMatch(/^ht=tanh\(Wxt\+Uht−1\+b\)=tanh\(/);
  const [pre, out] = numbersOf(rnn);
  expect(Math.abs(Math.tanh(pre) - out), rnn).toBeLessThan(5e-4);
  await panelShot(page, testInfo, 'inside-gates-simple_rnn.png');
  expect(errors).toEqual([]);
}
