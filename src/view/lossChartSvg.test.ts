import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/training/report';
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

describe('lossChartSvg, every element worked out by hand', () => {
  // 960 × 540: the plot box is x 72..932 (960 − 28), y 64..484 (540 − 56). Epochs 1..4 span the
  // width, 860/3 px an epoch: x = 72.0, 358.7, 645.3, 932.0. The losses (train 1, 1/2, 1/3, 1/4;
  // validation 0.9, 0.6, 0.7, 0.8) get the domain 0..1 (from zero, steps of 0.2), 420 px, so
  // y = 484 − 420·loss: train 64, 274, 344, 379; validation 106, 232, 190, 148. Ticks: every epoch
  // (integers; 860/90 ≈ 9.6 asked for), and 0..1 by 0.1 (420/56 = 7.5 asked for), at y = 484 − 42·i.
  const gridY = [484, 442, 400, 358, 316, 274, 232, 190, 148, 106, 64];
  const tickLabels = ['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1'];
  const gridX = ['72.0', '358.7', '645.3', '932.0'];
  const stopped = {
    done: true,
    reason: 'early-stopping',
    stoppedEarly: true,
    bestEpoch: 2,
    bestValLoss: 0.6,
  } as const;

  it('draws exactly this SVG: legend, grid, axes, ticks, both markers, both lines, the best loss', () => {
    const expected = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540" viewBox="0 0 960 540" font-family="system-ui, sans-serif" font-size="13" fill="#1f2937">',
      '<rect width="960" height="540" fill="#ffffff"/>',
      '<text x="72.0" y="26.0" font-size="17" font-weight="600">Loss &lt;of&gt; &quot;run&quot; &amp; more</text>',
      // The legend: training at the box's left, validation 220 px on.
      '<line x1="72" x2="96" y1="46" y2="46" stroke="#2563eb" stroke-width="3"/><text x="102.0" y="50.0">training loss</text>' +
        '<line x1="292" x2="316" y1="46" y2="46" stroke="#ea580c" stroke-width="3"/><text x="322.0" y="50.0">validation loss</text>',
      '<g stroke="#e5e7eb">',
      ...gridX.map((x) => `<line x1="${x}" x2="${x}" y1="64" y2="484"/>`),
      ...gridY.map((y) => `<line x1="72" x2="932" y1="${y}.0" y2="${y}.0"/>`),
      '</g>',
      '<path d="M72,64V484H932" stroke="#6b7280" fill="none"/>',
      ...gridX.map((x, i) => `<text x="${x}" y="502.0" text-anchor="middle">${i + 1}</text>`),
      ...gridY.map((y, i) => `<text x="64.0" y="${y + 4}.0" text-anchor="end">${tickLabels[i]}</text>`),
      '<text x="502.0" y="524.0" text-anchor="middle">epoch</text>',
      '<text x="0.0" y="0.0" text-anchor="middle" transform="translate(16 274) rotate(-90)">loss</text>',
      // Best epoch 2, dashed, its label right of the line (x < 502 + 215) on the first row.
      '<line x1="358.7" x2="358.7" y1="64" y2="484" stroke="#15803d" stroke-dasharray="4 3"/>' +
        '<text x="363.7" y="78.0" fill="#15803d" text-anchor="start">best epoch 2</text>',
      // Stopped at epoch 4, solid, at the right edge: its label left of the line, on the second row.
      '<line x1="932.0" x2="932.0" y1="64" y2="484" stroke="#4b5563"/>' +
        '<text x="927.0" y="94.0" fill="#4b5563" text-anchor="end">stopped at epoch 4</text>',
      '<path data-series="train" d="M72.0,64.0L358.7,274.0L645.3,344.0L932.0,379.0" stroke="#2563eb" stroke-width="2" fill="none"/>',
      '<path data-series="val" d="M72.0,106.0L358.7,232.0L645.3,190.0L932.0,148.0" stroke="#ea580c" stroke-width="2" fill="none"/>',
      '<text x="932.0" y="26.0" text-anchor="end">best epoch 2: validation loss 0.600</text>',
      '</svg>',
    ];
    expect(lossChartSvg(reports, stopped, labels, 4).split('\n')).toEqual(expected);
  });

  it('the x axis runs to the planned epochs while training is short of them, and to the last epoch past them', () => {
    const lineXs = (svg: string) =>
      (svg.match(/data-series="train" d="([^"]+)"/)?.[1] ?? '').match(/[ML][\d.]+/g);
    // 10 epochs planned, 4 run: 860/9 px an epoch, so epoch 4 is at 72 + 3·95.6 = 358.7.
    expect(lineXs(lossChartSvg(reports, null, labels, 10))).toEqual(['M72.0', 'L167.6', 'L263.1', 'L358.7']);
    // 2 planned, 4 run (a resumed run): the last epoch sets the width.
    expect(lineXs(lossChartSvg(reports, null, labels, 2))).toEqual(['M72.0', 'L358.7', 'L645.3', 'L932.0']);
    // One epoch run of one planned: the axis still spans 1..2, so the one point sits at the left.
    expect(lineXs(lossChartSvg(reports.slice(0, 1), null, labels, 1))).toEqual(['M72.0']);
    expect(lossChartSvg(reports.slice(0, 1), null, labels, 1)).toContain(
      '<line x1="932.0" x2="932.0" y1="64" y2="484"/>',
    );
  });

  it('a label right of the middle and a quarter goes left of its line; before it, right', () => {
    // 10 epochs: 860/9 px an epoch; the switch is at x = 502 + 215 = 717, between epoch 7 (645.3)
    // and 8 (740.9).
    const at = (best: number) =>
      lossChartSvg(
        reports.map((r) => ({ ...r, bestEpoch: best })),
        null,
        labels,
        10,
      ).match(/<text[^>]*>best epoch \d+<\/text>/)?.[0];
    expect(at(7)).toBe('<text x="650.3" y="78.0" fill="#15803d" text-anchor="start">best epoch 7</text>');
    expect(at(8)).toBe('<text x="735.9" y="78.0" fill="#15803d" text-anchor="end">best epoch 8</text>');
    // 5 epochs: 215 px an epoch, so epoch 4 is exactly at 717, and its label goes left.
    const atSwitch = lossChartSvg(
      reports.map((r) => ({ ...r, bestEpoch: 4 })),
      null,
      labels,
      5,
    );
    expect(atSwitch).toContain(
      '<text x="712.0" y="78.0" fill="#15803d" text-anchor="end">best epoch 4</text>',
    );
  });

  it('no reports: no markers, no best loss, empty lines, and the axis still spans 1..2 epochs', () => {
    const svg = lossChartSvg([], null, labels, 0);
    expect(svg).not.toContain('best epoch');
    expect(svg).not.toContain('stopped');
    expect(svg).toContain('<path data-series="train" d="" stroke="#2563eb" stroke-width="2" fill="none"/>');
    expect(svg).toContain('<line x1="932.0" x2="932.0" y1="64" y2="484"/>');
  });
});

describe('lossChartSvg: the ticks and the best loss', () => {
  /** Reports at these [train, val] losses, each carrying best epoch `best` at `bestLoss`. */
  const at = (losses: [number, number][], best = 1, bestLoss = losses[0][1]): EpochReport[] =>
    losses.map(([trainLoss, valLoss], k) => ({
      ...reports[0],
      epoch: k + 1,
      step: k + 1,
      trainLoss,
      valLoss,
      bestEpoch: best,
      bestValLoss: bestLoss,
    }));
  /** The tick labels: x under the plot (y 484 + 18), y left of it (x 72 − 8). */
  const xTicks = (svg: string) =>
    [...svg.matchAll(/y="502\.0" text-anchor="middle">([^<]*)</g)].map((m) => m[1]);
  const yTicks = (svg: string) =>
    [...svg.matchAll(/<text x="64\.0" y="[^"]*" text-anchor="end">([^<]*)</g)].map((m) => m[1]);

  it('x: about one tick per 90 px of the 860 px plot, at 1, 2 or 5 × 10ⁿ epochs', () => {
    // 71 epochs planned: span 70 over 860 / 90 = 9.56 ticks is 7.33 an interval, past √50 = 7.07:
    // steps of 10.
    const svg = lossChartSvg(at([[1, 1]]), null, labels, 71);
    expect(xTicks(svg)).toEqual(['10', '20', '30', '40', '50', '60', '70']);
  });

  it('y: from 0 over the losses, about one tick per 56 px of the 420 px plot', () => {
    // Losses up to 3: the domain's step for 5 ticks is 0.6 → 0.5, so [0, 3]; 420 / 56 = 7.5 ticks,
    // 0.4 an interval, between √10 / 10 and √50 / 10: steps of 0.5.
    const svg = lossChartSvg(
      at(
        [
          [3, 2.5],
          [2, 2],
          [1, 2.2],
        ],
        2,
        2,
      ),
      null,
      labels,
      3,
    );
    expect(yTicks(svg)).toEqual(['0', '0.5', '1', '1.5', '2', '2.5', '3']);
    expect(svg).toContain('best epoch 2: validation loss 2');
  });

  it('every line of the file is an element, with or without markers', () => {
    for (const svg of [lossChartSvg([], null, labels, 0), lossChartSvg(reports, null, labels, 4)])
      for (const line of svg.split('\n')) expect(line).toMatch(/^</);
  });

  it('a best epoch without a finite best loss is marked, with no best loss written; neither without a best epoch', () => {
    const diverged = {
      done: true as const,
      reason: 'diverged' as const,
      stoppedEarly: false,
      bestEpoch: 3,
      bestValLoss: Number.NaN,
    };
    const svg = lossChartSvg(reports, diverged, labels, 4);
    expect(svg).toContain('>best epoch 3</text>');
    expect(svg).not.toContain('validation loss NaN');
    expect(svg).not.toContain('best epoch 3:');
    // Reports before any best epoch (0): no marker and no best loss, though the loss is known.
    const before = lossChartSvg(
      at(
        [
          [1, 0.5],
          [0.8, 0.6],
        ],
        0,
        0.5,
      ),
      null,
      labels,
      4,
    );
    expect(before).not.toContain('best epoch');
    expect(before).not.toContain(': validation loss');
  });
});
