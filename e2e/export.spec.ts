import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import {
  collectErrors,
  expect,
  expectNoStructuralLongTask,
  queryOf,
  test,
  tiny,
  trainToEnd,
} from './helpers';

/** Clicks an item of the Export menu and returns the file the browser downloaded. */
async function exportItem(
  page: Page,
  item: string,
): Promise<{ name: string; bytes: Uint8Array; download: Download }> {
  await page.getByTestId('export-menu').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${item}`).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)), download };
}

const status = (page: Page) => page.getByTestId('model-io-status');

/** A column of the downloaded history CSV at one row (1 = the first epoch, -1 = the last). */
function historyValue(csv: Uint8Array, column: string, row: number): number {
  const rows = new TextDecoder().decode(csv).trim().split('\n');
  return Number(rows.at(row)?.split(',')[rows[0].split(',').indexOf(column)]);
}
const lastValLoss = (csv: Uint8Array) => historyValue(csv, 'val_loss', -1);
const firstTrainLoss = (csv: Uint8Array) => historyValue(csv, 'loss', 1);

test('Export before training: the initial weights, said so; every format downloads after training', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny()}`);

  // Keyboard: Tab reaches the menu button, Enter opens it, Escape closes it again.
  await page.getByTestId('copy-link').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('export-menu')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-note')).toContainText('initial (untrained) weights');
  await expect(page.getByTestId('export-csv')).toBeDisabled();
  // An LSTM: TF.js loads every format of it, so no GRU note.
  await expect(page.getByTestId('export-tfjs-gru-note')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-note')).toHaveCount(0);
  await expect(page.getByTestId('export-menu')).toBeFocused();

  const onnx = await exportItem(page, 'onnx');
  expect(onnx.name).toBe('model.onnx');
  expect(onnx.bytes[0]).toBe(0x08); // field 1 (ir_version), varint: an ONNX ModelProto
  await expect(status(page)).toContainText('the initial (untrained) weights');

  await trainToEnd(page);
  const tfjs = await exportItem(page, 'tfjs');
  expect(tfjs.name).toBe('lstm-playground-tfjs.zip');
  expect(Object.keys(unzipSync(tfjs.bytes)).sort()).toEqual(['model.json', 'weights.bin']);
  await expect(status(page)).toContainText('the weights after epoch 6');
  const pytorch = await exportItem(page, 'pytorch');
  expect(Object.keys(unzipSync(pytorch.bytes)).sort()).toEqual([
    'data.npz',
    'train_pytorch.py',
    'weights.npz',
  ]);
  const keras = await exportItem(page, 'keras');
  expect(Object.keys(unzipSync(keras.bytes)).sort()).toEqual([
    'data.npz',
    'model.json',
    'train_keras.py',
    'weights.bin',
  ]);

  const csv = await exportItem(page, 'csv');
  expect(new TextDecoder().decode(csv.bytes).trim().split('\n')).toHaveLength(7);
  const svg = await exportItem(page, 'svg');
  expect(new TextDecoder().decode(svg.bytes)).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const png = await exportItem(page, 'png');
  expect([...png.bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByTestId('export-menu').click();
  await expect(page.getByTestId('export-note')).toContainText('第 6 轮');
  await page.screenshot({ path: testInfo.outputPath('09-export-menu-zh.png') });
  expect(errors).toEqual([]);
});

test('Export while training: a snapshot, and training goes on to the end, with no long task on the page', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(`./?${tiny({ e: '8' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks.length = 0;
  });
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-running/);
  await expect
    .poll(async () => Number((await page.getByTestId('epoch-counter').textContent())?.match(/\d+/)?.[0]))
    .toBeGreaterThanOrEqual(1);
  const file = await exportItem(page, 'tfjs');
  expect(Object.keys(unzipSync(file.bytes))).toContain('weights.bin');
  await expect(status(page)).toContainText('training goes on');
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout: 60_000 });
  await expect(page.getByTestId('epoch-counter')).toHaveText('epoch 8 / 8');
  // The files are made in workers: the page only hands buffers over and starts the download.
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  expectNoStructuralLongTask(longTasks, 'exporting while training');
  expect(errors).toEqual([]);
});

test('Import round trip: the exported model comes back with its run and the same validation loss; bad files are refused and the model stays', async ({
  page,
  browser,
}, testInfo) => {
  const errors = collectErrors(page);
  const runQuery = tiny({ u: '8-6', dr: '0.1', s: '5' });
  await page.goto(`./?${runQuery}`);
  await trainToEnd(page);
  const tfjs = await exportItem(page, 'tfjs');
  const csv = await exportItem(page, 'csv');
  const trainedValLoss = lastValLoss(csv.bytes);

  // A fresh page with another model: the import brings the run's config and weights.
  const fresh = await browser.newPage();
  const freshErrors = collectErrors(fresh);
  await fresh.goto(`./?${tiny({ u: '4', s: '9' })}`);
  await expect(fresh.getByTestId('dataset-preview')).toBeVisible();
  await fresh
    .getByTestId('import-file')
    .setInputFiles({ name: tfjs.name, mimeType: 'application/zip', buffer: Buffer.from(tfjs.bytes) });
  await expect(status(fresh)).toHaveAttribute('data-state', 'done');
  await expect(status(fresh)).toContainText('LSTM 8→6');
  await expect.poll(() => queryOf(fresh).get('u')).toBe('8-6');
  expect(queryOf(fresh).get('dr')).toBe('0.1');
  const importedValLoss = Number(await fresh.getByTestId('imported-model').getAttribute('data-val-loss'));
  // The run's loss came from the WebGPU engine, the import's check from the CPU one, on the same
  // weights: measured 2.6e-8 relative apart (f32 both, different summation orders).
  expect(Math.abs(importedValLoss - trainedValLoss) / trainedValLoss).toBeLessThan(1e-6);
  await fresh.screenshot({ path: testInfo.outputPath('10-imported.png'), fullPage: true });

  // Bad files: one clear message each, and the imported model and its config stay.
  const before = queryOf(fresh).toString();
  await fresh.getByTestId('import-file').setInputFiles({
    name: 'model.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"modelTopology": '),
  });
  await expect(status(fresh)).toHaveAttribute('data-state', 'failed');
  await expect(status(fresh)).toContainText('model.json is not valid JSON');
  await expect(status(fresh)).toContainText('The current model stays.');

  // TF.js's own GRU (reset_after=false) is another GRU than ours: refused by that setting.
  const gru = {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        layers: [
          {
            class_name: 'GRU',
            config: {
              name: 'gru',
              units: 4,
              activation: 'tanh',
              recurrent_activation: 'sigmoid',
              reset_after: false,
              batch_input_shape: [null, 8, 1],
            },
          },
        ],
      },
    },
    weightsManifest: [],
  };
  await fresh.getByTestId('import-file').setInputFiles({
    name: 'model.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(gru)),
  });
  await expect(status(fresh)).toContainText(
    'Layer “gru”: reset_after is false; the playground supports true.',
  );

  // 100 MB, made inside the page (refused by its size, before it is read).
  await fresh.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="import-file"]');
    if (!input) throw new Error('no import input');
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(100 * 1024 * 1024)], 'huge.bin'));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(status(fresh)).toContainText('huge.bin is 100 MB');
  expect(queryOf(fresh).toString()).toBe(before);
  await expect(fresh.getByTestId('imported-model')).toBeVisible();

  // Training continues from the imported weights: the first epoch starts near where the run ended.
  await fresh.getByTestId('speed').fill('0');
  await trainToEnd(fresh);
  // Measured: the original run's first epoch had training loss 0.48, the continued run's 0.31 (the
  // original's last epoch: 0.33); from fresh weights it would start near the original's first.
  const continued = firstTrainLoss((await exportItem(fresh, 'csv')).bytes);
  expect(continued).toBeLessThan(0.8 * firstTrainLoss(csv.bytes));
  expect(errors).toEqual([]);
  expect(freshErrors).toEqual([]);
  await fresh.close();
});

test('A Bidirectional GRU: the menu says TF.js in the browser cannot load it, and its export imports back as the same model', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ u: '5-3', cell: 'gru', bi: '1' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.getByTestId('export-menu').click();
  const note = page.getByTestId('export-tfjs-gru-note');
  await expect(note).toContainText('TensorFlow.js in the browser cannot');
  // Screen readers hear it with the TF.js item.
  await expect(page.getByTestId('export-tfjs')).toHaveAttribute('aria-describedby', 'export-tfjs-gru-note');
  await page.keyboard.press('Escape');

  const tfjs = await exportItem(page, 'tfjs');
  const modelJson = JSON.parse(new TextDecoder().decode(unzipSync(tfjs.bytes)['model.json']));
  const [first] = modelJson.modelTopology.config.layers;
  expect(first.class_name).toBe('Bidirectional');
  expect(first.config.layer).toMatchObject({ class_name: 'GRU', config: { reset_after: true } });

  await page
    .getByTestId('import-file')
    .setInputFiles({ name: tfjs.name, mimeType: 'application/zip', buffer: Buffer.from(tfjs.bytes) });
  await expect(status(page)).toHaveAttribute('data-state', 'done');
  await expect(status(page)).toContainText('Bidirectional GRU 5→3');
  expect(queryOf(page).get('cell')).toBe('gru');
  expect(queryOf(page).get('bi')).toBe('1');

  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByTestId('export-menu').click();
  await expect(note).toContainText('浏览器中的 TensorFlow.js 不能');
  expect(errors).toEqual([]);
});

test('An attention model: the TF.js export is a functional model.json, ONNX and PyTorch download, and it imports back with its attention', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ u: '5', att: 'dot' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  // TF.js builds this model (stock layers): no note against the TF.js item.
  await page.getByTestId('export-menu').click();
  await expect(page.getByTestId('export-tfjs-gru-note')).toHaveCount(0);
  await page.keyboard.press('Escape');

  const tfjs = await exportItem(page, 'tfjs');
  const modelJson = JSON.parse(new TextDecoder().decode(unzipSync(tfjs.bytes)['model.json']));
  expect(modelJson.modelTopology.class_name).toBe('Functional');
  const classes = modelJson.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name);
  expect(classes).toEqual(['InputLayer', 'LSTM', 'Dense', 'Reshape', 'Softmax', 'Dot', 'Dense']);
  for (const item of ['onnx', 'pytorch']) {
    const file = await exportItem(page, item);
    expect(file.bytes.byteLength).toBeGreaterThan(0);
  }

  await page.goto(`./?${tiny({ u: '5' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: tfjs.name, mimeType: 'application/zip', buffer: Buffer.from(tfjs.bytes) });
  await expect(status(page)).toHaveAttribute('data-state', 'done');
  expect(queryOf(page).get('att')).toBe('dot');
  expect(errors).toEqual([]);
});

test('A text model with attention: TF.js and Keras are off with the reason (en, zh), and All holds ONNX and PyTorch', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`./?${tiny({ d: 'sentiment', t: '8', u: '5', att: 'additive' })}`);
  await expect(page.getByTestId('dataset-preview')).toBeVisible();
  await page.getByTestId('export-menu').click();
  const note = page.getByTestId('export-masked-note');
  await expect(note).toContainText('cannot express that mask');
  for (const item of ['tfjs', 'keras']) {
    await expect(page.getByTestId(`export-${item}`)).toBeDisabled();
    // Screen readers hear why with the item.
    await expect(page.getByTestId(`export-${item}`)).toHaveAttribute(
      'aria-describedby',
      'export-masked-note',
    );
  }
  await expect(page.getByTestId('export-onnx')).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('export-masked-text-1280.png') });
  await page.keyboard.press('Escape');
  const all = await exportItem(page, 'all');
  expect(Object.keys(unzipSync(all.bytes)).sort()).toEqual([
    'data.npz',
    'model.onnx',
    'train_pytorch.py',
    'weights.npz',
  ]);
  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByTestId('export-menu').click();
  await expect(note).toContainText('无法在不使用自定义层的情况下表达这种掩码');
  expect(errors).toEqual([]);
});
