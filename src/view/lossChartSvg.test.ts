import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/report';
import { escapeXml, LOSS_COLORS, lossChartSvg } from './lossChartSvg';

const reports: EpochReport[] = [1, 2, 3, 4].map((epoch) => ({
  epoch,
  step: epoch,
  trainLoss: 1 / epoch,
  valLoss: [0.9, 0.6, 0.7, 0.8][epoch - 1],
  metrics: { task: 'regression', mae: 0, rmse: 0 },
  stepsPerSec: 1,
  elapsedMs: epoch,
  bestEpoch: 2,
  bestValLoss: 0.6,
}));

const labels = {
  title: 'Loss <of> "run" & more',
  epoch: 'epoch',
  loss: 'loss',
  train: 'training loss',
  val: 'validation loss',
  best: (e: number) => `best epoch ${e}`,
  stopped: (e: number) => `stopped at epoch ${e}`,
};

describe('lossChartSvg', () => {
  it('draws both losses through every epoch, in the live chart colours, with the best epoch marked', () => {
    const svg = lossChartSvg(reports, null, labels, 4);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const key of ['train', 'val'] as const) {
      const d =
        svg.match(new RegExp(`data-series="${key}" d="([^"]+)" stroke="${LOSS_COLORS[key]}"`))?.[1] ?? '';
      expect(d.split(/[ML]/).filter(Boolean), key).toHaveLength(4);
    }
    expect(svg).toContain('best epoch 2: validation loss 0.6');
    expect(svg).not.toContain('stopped at epoch');
  });

  it('the training line is drawn through the training losses and the validation line through the validation losses', () => {
    const svg = lossChartSvg(reports, null, labels, 4);
    const ys = (key: 'train' | 'val') =>
      (svg.match(new RegExp(`data-series="${key}" d="([^"]+)"`))?.[1] ?? '')
        .split(/[ML]/)
        .filter(Boolean)
        .map((point) => Number(point.split(',')[1]));
    const [train, val] = [ys('train'), ys('val')];
    // Losses: train 1, 0.5, 0.333, 0.25; validation 0.9, 0.6, 0.7, 0.8. The y axis points down in
    // SVG, so the higher loss has the smaller y: training above validation at epoch 1 only.
    expect(train.map((y, i) => Math.sign(val[i] - y))).toEqual([1, -1, -1, -1]);
    // Training falls every epoch (its y grows); validation rises after epoch 2 (its y shrinks).
    expect(train[0] < train[1] && train[1] < train[2] && train[2] < train[3]).toBe(true);
    expect(val[1] > val[2] && val[2] > val[3]).toBe(true);
  });

  it('escapes the labels (a translation or a run name cannot break the file)', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(lossChartSvg(reports, null, labels, 4)).toContain('Loss &lt;of&gt; &quot;run&quot; &amp; more');
  });

  it('marks an early stop', () => {
    const summary = {
      done: true,
      reason: 'early-stopping',
      stoppedEarly: true,
      bestEpoch: 2,
      bestValLoss: 0.6,
    } as const;
    expect(lossChartSvg(reports, summary, labels, 10)).toContain('stopped at epoch 4');
  });
});
