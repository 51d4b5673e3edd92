import type { Config } from '../model/config';
import { correlation, gradientReach, latchUnits, markedSteps } from './storyEvidence';
import { f3, type StoryClaim, type StoryRecord } from './storyRecord';

/** The memory stories' claims: long-range memory (the adding problem) and why an LSTM. */

// --- long-range memory: the adding problem ---

const plateauThenDrop: StoryClaim = {
  id: 'plateau-then-drop',
  quote: {
    en: 'The loss sits near the variance of the sum (1 once scaled), then drops',
    'zh-CN': '损失先停在和的方差附近（缩放后为 1），然后下降',
  },
  check({ story }) {
    const { reports, summary } = story;
    const first = reports[0].valLoss;
    return {
      holds: first >= 0.7 && summary.bestValLoss < 0.1,
      figure: `validation loss ${f3(first)} after epoch 1, best ${f3(summary.bestValLoss)} at epoch ${summary.bestEpoch}`,
    };
  },
};

/** The share of windows in which at least `units` units latch. */
function latchShare(r: StoryRecord, units: number) {
  const latches = r.windows.map((w) => latchUnits(w.activations, w.input)?.units.length ?? 0);
  return { share: latches.filter((n) => n >= units).length / latches.length, latches };
}

const forgetLatch: StoryClaim = {
  id: 'forget-gate-latch',
  quote: {
    en: 'a few units’ forget gate f (outlined) stays near 1 from the first marked step to the second',
    'zh-CN': '少数单元（已框出）的遗忘门 f 从第一个标记一直保持在 1 附近直到第二个标记',
  },
  windows: 40,
  check({ story }) {
    const { share, latches } = latchShare(story, 2);
    const sorted = [...latches].sort((a, b) => a - b);
    return {
      holds: share >= 0.8,
      figure: `≥ 2 units with f ≥ 0.9 on ≥ 90% of the steps between the markers in ${Math.round(share * latches.length)}/${latches.length} windows (median ${sorted[sorted.length >> 1]} of ${story.config.layers[0]} units)`,
    };
  },
};

const cellHolds: StoryClaim = {
  id: 'c-holds-first',
  quote: { en: 'so their c holds the first value', 'zh-CN': '于是它们的 c 保存了第一个数值' },
  windows: 40,
  check({ story }) {
    // The units that latch in at least half the windows: the c of one of them, just before the
    // second marker, follows the first marked value (its sign is the unit's own: |r| counts).
    const H = story.config.layers[0];
    const counts = new Array<number>(H).fill(0);
    const firstValues: number[] = [];
    const held: number[][] = [];
    for (const w of story.windows) {
      const latch = latchUnits(w.activations, w.input);
      if (!latch) continue;
      for (const j of latch.units) counts[j]++;
      firstValues.push(w.input[latch.first * 2]);
      const c = w.activations.layers[0].directions[0].c as Float32Array;
      held.push(Array.from({ length: H }, (_, j) => c[(latch.second - 1) * H + j]));
    }
    let unit = -1;
    let r = 0;
    counts.forEach((n, j) => {
      if (n < held.length / 2) return;
      const rj = correlation(
        firstValues,
        held.map((row) => row[j]),
      );
      if (Math.abs(rj) > Math.abs(r)) [unit, r] = [j, rj];
    });
    const latching = counts.filter((n) => n >= held.length / 2).length;
    return {
      holds: Math.abs(r) >= 0.8,
      figure: `${latching} units latch in half the windows or more; the best, unit ${unit} (${counts[unit] ?? 0}/${held.length}): c before the second marker vs the first marked value, r = ${f3(r)}`,
    };
  },
};

const signalReaches: StoryClaim = {
  id: 'gradient-reaches-back',
  quote: {
    en: 'Gradient through time shows the learning signal ‖∂L/∂c_t‖ still reaching back to the first marked value',
    'zh-CN': '“随时间的梯度”显示学习信号 ‖∂L/∂c_t‖ 仍能传回第一个被标记的数值',
  },
  check({ story }) {
    const c = story.gradNorms?.c?.[0]?.[0];
    if (!c) return { holds: false, figure: 'no gradient norms' };
    const reach = gradientReach(c);
    return { holds: reach >= 0.01, figure: `‖∂L/∂c_0‖ / ‖∂L/∂c_T‖ = ${f3(reach)}` };
  },
};

// --- why an LSTM ---

const carriedFar: StoryClaim = {
  id: 'carried-25-steps',
  quote: {
    en: 'the first marked number must be carried across 25 steps or more',
    'zh-CN': '第一个被标记的数必须被携带 25 步以上',
  },
  check({ story }) {
    const { val, timesteps: T } = story.dataset;
    let shortest = T;
    for (let w = 0; w < val.n; w++) {
      const first = markedSteps(val.x.subarray(w * T * 2, (w + 1) * T * 2), T)[0];
      shortest = Math.min(shortest, T - 1 - first);
    }
    // The story's {carry}: T − ⌊T/2⌋ (storyText.ts), 25 for the preset's 50 steps.
    const carry = T - Math.floor(T / 2);
    return {
      holds: shortest >= carry,
      figure: `shortest carry to the output: ${shortest} steps (the story says ${carry})`,
    };
  },
};

const cellOf = (cell: Config['cell']) => (c: Config) => ({ ...c, cell });

const rnnGuessesMean: StoryClaim = {
  id: 'rnn-guesses-mean',
  quote: {
    en: 'The SimpleRNN stays near the loss of always guessing the mean',
    'zh-CN': 'SimpleRNN 停在总是猜均值的损失附近',
  },
  variants: { rnn: cellOf('simple_rnn') },
  check({ rnn }) {
    return {
      holds: rnn.summary.bestValLoss >= 0.8,
      figure: `SimpleRNN's best validation loss ${f3(rnn.summary.bestValLoss)} (guessing the mean: 1)`,
    };
  },
};

const rnnVanishes: StoryClaim = {
  id: 'rnn-gradient-vanishes',
  quote: {
    en: 'watch ‖∂L/∂h_t‖ fall away towards t = 0',
    'zh-CN': '‖∂L/∂h_t‖ 朝 t = 0 方向迅速衰减',
  },
  variants: { rnn: cellOf('simple_rnn') },
  check({ rnn }) {
    const h = rnn.gradNorms?.h[0]?.[0];
    if (!h) return { holds: false, figure: 'no gradient norms' };
    const reach = gradientReach(h);
    return { holds: reach < 1e-3, figure: `SimpleRNN's ‖∂L/∂h_0‖ / ‖∂L/∂h_T‖ = ${reach.toExponential(2)}` };
  },
};

const gatedSolve: StoryClaim = {
  id: 'gated-cells-solve',
  quote: {
    en: 'the LSTM and the GRU, whose gated state carries it, solve the task',
    'zh-CN': 'LSTM 和 GRU 靠门控的状态把信息带过去，解决了这个任务',
  },
  variants: { gru: cellOf('gru') },
  check({ story, gru }) {
    const [a, b] = [story.summary.bestValLoss, gru.summary.bestValLoss];
    return { holds: a < 0.1 && b < 0.1, figure: `best validation loss: LSTM ${f3(a)}, GRU ${f3(b)}` };
  },
};

export const MEMORY_CLAIMS = {
  'long-range': [plateauThenDrop, forgetLatch, cellHolds, signalReaches],
  'why-lstm': [carriedFar, rnnGuessesMean, rnnVanishes, gatedSolve],
} satisfies Record<string, StoryClaim[]>;
