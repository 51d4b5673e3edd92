import type { PresetName } from '../model/presets';
import { markedSteps } from './storyEvidence';
import { f3, type StoryClaim, type StoryRecord } from './storyRecord';

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

export const ATTENTION_CLAIMS = {
  attention: [gathersOnMarked, leavesPlateau, plainStays],
} satisfies Partial<Record<PresetName, StoryClaim[]>>;
