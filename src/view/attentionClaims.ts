import type { PresetName } from '../model/presets';
import { markedSteps } from './storyEvidence';
import { accuracyOf, f3, last, type StoryClaim, type StoryRecord } from './storyRecord';

/**
 * The attention story's claims (issue 22): on the adding problem, attention finds the two marked
 * steps, and the head's direct path to them gets the loss off its plateau early.
 */

/** The two marked steps' share of the attention weight in each probed window (α at the markers). */
export function markedShares(r: StoryRecord): number[] {
  const T = r.dataset.timesteps;
  return r.windows.flatMap(({ input, activations }) => {
    const alpha = activations.attention?.alpha;
    if (!alpha) return [];
    return [markedSteps(input, T).reduce((s, t) => s + alpha[t], 0)];
  });
}

/** How many times the uniform share 2/T the marked steps must take together: "many times". */
export const MANY_TIMES = 5;

const gathersOnMarked: StoryClaim = {
  id: 'attention-on-marked-steps',
  quote: {
    en: 'the weights gather on the two marked steps',
    'zh-CN': '权重聚集在两个被标记的步上',
  },
  windows: 40,
  check({ story }) {
    const shares = markedShares(story);
    const T = story.dataset.timesteps;
    const uniform = 2 / T;
    if (shares.length === 0) return { holds: false, figure: 'no attention weights probed' };
    const mean = shares.reduce((s, v) => s + v, 0) / shares.length;
    return {
      holds: mean >= MANY_TIMES * uniform,
      figure: `the marked steps take ${f3(100 * mean)}% of the weight (mean of ${shares.length} windows; least ${f3(100 * Math.min(...shares))}%), ${f3(mean / uniform)}× the uniform 2/${T} = ${f3(100 * uniform)}%`,
    };
  },
};

/** Validation loss after epoch 5 (the story's "within 5 epochs"). */
const afterFive = (r: StoryRecord) => r.reports[4]?.valLoss ?? Number.NaN;

const leavesPlateau: StoryClaim = {
  id: 'attention-leaves-plateau',
  quote: {
    en: 'the loss leaves its plateau (near 1 once scaled) within 5 epochs',
    'zh-CN': '损失在 5 轮之内就离开平台（缩放后接近 1）',
  },
  check({ story }) {
    const loss = afterFive(story);
    return { holds: loss < 0.5, figure: `validation loss ${f3(loss)} after epoch 5` };
  },
};

const plainStays: StoryClaim = {
  id: 'plain-lstm-on-plateau',
  quote: {
    en: 'compare runs shows the plain LSTM still near 1 at epoch 5',
    'zh-CN': '“运行对比”显示普通 LSTM 在第 5 轮时仍接近 1',
  },
  variants: { plain: (config) => ({ ...config, attention: 'none' }) },
  check({ plain }) {
    const loss = afterFive(plain);
    return { holds: loss >= 0.8, figure: `without attention, validation loss ${f3(loss)} after epoch 5` };
  },
};

// --- which words: attention on real e-mail (SpamAssassin) ---

/** Words seen fewer times than this in the probed windows are not ranked (one e-mail's quirk). */
export const MIN_SEEN = 10;

/**
 * Each word's mean attention weight over its occurrences in the probed windows (one-hot rows of
 * the dataset's vocabulary; padding rows skipped), ranked heaviest first, the rare ones left out.
 */
export function wordWeights(r: StoryRecord): { word: string; mean: number; seen: number }[] {
  const { timesteps: T, features: F, vocabulary = [] } = r.dataset;
  const sums = new Map<string, { sum: number; seen: number }>();
  for (const { input, activations } of r.windows) {
    const alpha = activations.attention?.alpha;
    if (!alpha) continue;
    for (let t = 0; t < T; t++) {
      const id = input.subarray(t * F, (t + 1) * F).findIndex((v) => v > 0.5);
      if (id < 0) continue;
      const word = vocabulary[id] ?? `#${id}`;
      const entry = sums.get(word) ?? { sum: 0, seen: 0 };
      entry.sum += alpha[t];
      entry.seen++;
      sums.set(word, entry);
    }
  }
  return [...sums.entries()]
    .filter(([, e]) => e.seen >= MIN_SEEN)
    .map(([word, e]) => ({ word, mean: e.sum / e.seen, seen: e.seen }))
    .sort((a, b) => b.mean - a.mean);
}

const spamAccuracy: StoryClaim = {
  id: 'spam-accuracy',
  quote: { en: 'Validation accuracy passes 0.8 within', 'zh-CN': '验证准确率在' },
  check({ story }) {
    const accuracies = story.reports.map(accuracyOf);
    const best = Math.max(...accuracies);
    return {
      holds: best > 0.8,
      figure: `validation accuracy ${f3(best)} at best, ${f3(last(accuracies) ?? Number.NaN)} after epoch ${story.reports.length}`,
    };
  },
};

const hereWeighted: StoryClaim = {
  id: 'here-weighted',
  quote: {
    en: '“here” is among the ten words it weighs most',
    'zh-CN': '“here”是它权重最高的十个词之一',
  },
  windows: 400,
  check({ story }) {
    const ranked = wordWeights(story);
    const rank = ranked.findIndex((w) => w.word === 'here') + 1;
    const top = ranked
      .slice(0, 5)
      .map((w) => `${w.word} ${f3(w.mean)}`)
      .join(', ');
    return {
      holds: rank >= 1 && rank <= 10,
      figure: `“here” ranks ${rank || 'nowhere'} of ${ranked.length} words seen ${MIN_SEEN}+ times (mean α ${f3(ranked[rank - 1]?.mean ?? Number.NaN)}; uniform 1/${story.dataset.timesteps}); heaviest: ${top}`,
    };
  },
};

export const ATTENTION_CLAIMS = {
  attention: [gathersOnMarked, leavesPlateau, plainStays],
  'which-words': [spamAccuracy, hereWeighted],
} satisfies Partial<Record<PresetName, StoryClaim[]>>;
