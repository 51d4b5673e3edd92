import type { Dataset } from '../data/types';
import type { GradNorms, ProbeActivations } from '../engine/probe';
import type { EpochProbe, EpochReport, RunSummary } from '../engine/report';
import { trainingStepFlops } from '../engine/stepCost';
import type { Lang } from '../i18n';
import type { Config } from '../model/config';
import { modelShapeOf } from '../model/params';
import { PRESET_NAMES, PRESETS, type PresetName } from '../model/presets';
import {
  activeUnitJumpiness,
  correlation,
  curveNoise,
  gradientReach,
  latchUnits,
  markedSteps,
} from './storyEvidence';

/**
 * Every claim a story makes to a class, as a check over what a run produced. The quote is the
 * story's own words that the claim holds (a test finds it in the story, in both languages); check
 * returns whether it holds on this run and the measured figure the note and the test print.
 * `npm run stories` trains each story over several seeds and prints every figure; the test
 * (src/cli/storyClaims.test.ts) asserts each claim holds on most seeds.
 */

/** What one run produced, as far as the claims look. */
export interface StoryRecord {
  config: Config;
  dataset: Dataset;
  reports: EpochReport[];
  summary: RunSummary;
  /** Validation loss of the weights the run ends with (the best epoch's after a restore). */
  finalValLoss: number;
  /** Validation window 0's insides after each epoch (only where a claim asks for them). */
  epochProbes: EpochProbe[];
  /** The first validation windows' inputs and insides, from the final weights. */
  windows: { input: Float32Array; activations: ProbeActivations }[];
  /** The last epoch's gradient norms through time (means over its steps, window 0 probed). */
  gradNorms: GradNorms | null;
  /** Readouts [T, K] of the claims' own sentences through the final weights. */
  sentences: Record<string, Float32Array>;
}

/** The story's run under `story`, and each variant a claim compares it with (same seed). */
export type StoryRuns = { story: StoryRecord } & Record<string, StoryRecord>;

export interface ClaimResult {
  holds: boolean;
  /** The measured numbers, in a line: what the note and a failing test show. */
  figure: string;
}

export interface StoryClaim {
  id: string;
  /** The story's words this claim holds, verbatim (minus any {figure} the text takes from the run). */
  quote: Record<Lang, string>;
  /** Runs to compare with: the story's config changed, at the same seed. */
  variants?: Record<string, (config: Config) => Config>;
  /** Validation windows to probe with the final weights. */
  windows?: number;
  /** Window 0's probe after every epoch. */
  epochProbes?: boolean;
  /** Own sentences to read through the final weights (text stories). */
  sentences?: string[];
  check(runs: StoryRuns): ClaimResult;
}

const f3 = (v: number) => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3));
const last = <T>(a: readonly T[]) => a[a.length - 1];
/** Mean of the last n epochs' values: one epoch's noise does not decide a comparison. */
const tailMean = (reports: readonly EpochReport[], key: 'trainLoss' | 'valLoss', n = 5) => {
  const tail = reports.slice(-n);
  return tail.reduce((s, r) => s + r[key], 0) / tail.length;
};
const accuracyOf = (r: EpochReport) =>
  r.metrics.task === 'classification' ? r.metrics.accuracy : Number.NaN;
/** p(positive) after the last word of a two-class readout [T, 2]. */
const positiveAfter = (readout: Float32Array, step: number) => readout[step * 2 + 1];

// --- overfitting and its remedies (the same data and model) ---

const overfitParting: StoryClaim = {
  id: 'curves-part',
  quote: {
    en: 'the training loss keep falling while the validation loss bottoms out early and then climbs',
    'zh-CN': '训练损失不断下降，而验证损失很早就触底然后上升',
  },
  check({ story }) {
    const { reports, summary } = story;
    const atBest = reports[summary.bestEpoch - 1];
    const end = last(reports);
    const holds =
      summary.bestEpoch <= reports.length / 2 &&
      end.trainLoss < 0.5 * atBest.trainLoss &&
      end.valLoss >= 1.3 * summary.bestValLoss;
    return {
      holds,
      figure: `best epoch ${summary.bestEpoch}/${reports.length}; train ${f3(atBest.trainLoss)} → ${f3(end.trainLoss)}; val ${f3(summary.bestValLoss)} → ${f3(end.valLoss)} (×${f3(end.valLoss / summary.bestValLoss)})`,
    };
  },
};

const overfitJumpy: StoryClaim = {
  id: 'units-jumpier',
  quote: {
    en: 'the most active units’ h jump with the noisy points of the window more sharply than at the best epoch',
    'zh-CN': '最活跃单元的 h 随窗口里的噪声点跳动，比最佳轮次时更剧烈',
  },
  epochProbes: true,
  check({ story }) {
    const best = story.epochProbes.find((p) => p.epoch === story.summary.bestEpoch);
    const end = last(story.epochProbes);
    if (!best || !end) return { holds: false, figure: 'no probe at the best or the last epoch' };
    const before = activeUnitJumpiness(best.activations);
    const after = activeUnitJumpiness(end.activations);
    return {
      holds: after >= 1.3 * before,
      figure: `mean |Δh| of the 3 most active units: ${f3(before)} at epoch ${best.epoch}, ${f3(after)} at epoch ${end.epoch} (×${f3(after / before)})`,
    };
  },
};

const withOverfit = { overfit: () => structuredClone(PRESETS.overfit.config) };

const dropoutTrain: StoryClaim = {
  id: 'train-noisier-higher',
  quote: {
    en: 'The training loss is noisier and higher',
    'zh-CN': '训练损失更嘈杂、更高',
  },
  variants: withOverfit,
  check({ story, overfit }) {
    const [a, b] = [tailMean(story.reports, 'trainLoss'), tailMean(overfit.reports, 'trainLoss')];
    const [na, nb] = [curveNoise(story.reports, 'trainLoss'), curveNoise(overfit.reports, 'trainLoss')];
    return {
      holds: a > b && na > nb,
      figure: `last 5 epochs' training loss ${f3(a)} vs ${f3(b)} without dropout; epoch-to-epoch change ${f3(na)} vs ${f3(nb)}`,
    };
  },
};

const dropoutVal: StoryClaim = {
  id: 'val-lower',
  quote: { en: 'but the validation loss stays lower', 'zh-CN': '但验证损失保持更低' },
  variants: withOverfit,
  check({ story, overfit }) {
    const [a, b] = [tailMean(story.reports, 'valLoss'), tailMean(overfit.reports, 'valLoss')];
    return { holds: a < b, figure: `last 5 epochs' validation loss ${f3(a)} vs ${f3(b)} without dropout` };
  },
};

const climb = (r: StoryRecord) => last(r.reports).valLoss - r.summary.bestValLoss;

const l2ClimbsLess: StoryClaim = {
  id: 'val-climbs-less',
  quote: { en: 'so the validation loss climbs less', 'zh-CN': '验证损失上升得更少' },
  variants: withOverfit,
  check({ story, overfit }) {
    return {
      holds: climb(story) < climb(overfit),
      figure: `validation loss climbs ${f3(climb(story))} above its best, ${f3(climb(overfit))} without L2`,
    };
  },
};

const l2TooMuch: StoryClaim = {
  id: 'too-much-underfits',
  quote: {
    en: 'Try a larger L2 (0.03) and see the training loss rise too',
    'zh-CN': '试试更大的 L2（0.03），会看到训练损失也上升',
  },
  variants: { larger: (c) => ({ ...c, l2: 0.03 }) },
  check({ story, larger }) {
    const [a, b] = [tailMean(larger.reports, 'trainLoss'), tailMean(story.reports, 'trainLoss')];
    return {
      holds: a > 1.15 * b,
      figure: `last 5 epochs' training loss ${f3(a)} at L2 0.03, ${f3(b)} at 0.003`,
    };
  },
};

const earlyStops: StoryClaim = {
  id: 'stops-restores',
  quote: {
    en: 'training stops once the validation loss has not improved for a few epochs, and the best weights are restored',
    'zh-CN': '当验证损失连续几个轮次没有改善时停止训练，并恢复最佳权重',
  },
  check({ story }) {
    const { summary, reports, config, finalValLoss } = story;
    const holds =
      summary.stoppedEarly &&
      reports.length === summary.bestEpoch + config.earlyStopping.patience &&
      Math.abs(finalValLoss - summary.bestValLoss) <= 1e-6 * Math.max(1, summary.bestValLoss) + 1e-6;
    return {
      holds,
      figure: `best epoch ${summary.bestEpoch}, stopped after epoch ${reports.length} of ${config.epochs} (patience ${config.earlyStopping.patience}); final validation loss ${f3(finalValLoss)} = best ${f3(summary.bestValLoss)}`,
    };
  },
};

const patienceCreeps: StoryClaim = {
  id: 'patience-overfits',
  quote: {
    en: 'Raise the patience (to 20) to see how much overfitting creeps back in',
    'zh-CN': '把耐心值增大到 20，看看过拟合如何重新出现',
  },
  variants: {
    patient: (c) => ({ ...c, earlyStopping: { ...c.earlyStopping, patience: 20 } }),
  },
  check({ story, patient }) {
    const rise = (r: StoryRecord) => last(r.reports).valLoss / r.summary.bestValLoss;
    return {
      holds: patient.reports.length > story.reports.length && rise(patient) > rise(story),
      figure: `patience 20 stops after epoch ${patient.reports.length} with the validation loss ×${f3(rise(patient))} its best; patience 6 after ${story.reports.length}, ×${f3(rise(story))}`,
    };
  },
};

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

// --- word order ---

const ORDER = ['the plot was good but the acting was boring', 'the plot was boring but the acting was good'];
const NOT_BAD = 'not bad at all';

const readsInOrder: StoryClaim = {
  id: 'reads-in-order',
  quote: { en: 'an LSTM reads in order', 'zh-CN': 'LSTM 按顺序读' },
  sentences: ORDER,
  check({ story }) {
    const [goodBut, boringBut] = ORDER.map((s) => {
      const r = story.sentences[s];
      return positiveAfter(r, r.length / 2 - 1);
    });
    return {
      holds: goodBut < 0.5 && boringBut > 0.5,
      figure: `p(positive): "${ORDER[0]}" ${f3(goodBut)}, "${ORDER[1]}" ${f3(boringBut)}`,
    };
  },
};

const notFlips: StoryClaim = {
  id: 'not-flips',
  quote: {
    en: 'in “not bad at all” the belief is positive after “bad”, which alone reads negative',
    'zh-CN': '在 “not bad at all” 中，读到 “bad” 之后判断是正面的，而单独的 “bad” 是负面的',
  },
  sentences: [NOT_BAD, 'bad'],
  check({ story }) {
    const r = story.sentences[NOT_BAD];
    const T = r.length / 2;
    // "not bad at all" fills the last 4 of T steps: "bad" is step T − 3.
    const atNot = positiveAfter(r, T - 4);
    const atBad = positiveAfter(r, T - 3);
    const atEnd = positiveAfter(r, T - 1);
    const alone = positiveAfter(story.sentences.bad, T - 1);
    return {
      holds: atBad > 0.5 && atEnd > 0.5 && alone < 0.5,
      figure: `p(positive) after “not” ${f3(atNot)}, after “not bad” ${f3(atBad)}, after “not bad at all” ${f3(atEnd)}; “bad” alone ${f3(alone)}`,
    };
  },
};

// --- the seed article's model ---

const sharpens: StoryClaim = {
  id: 'accuracy-sharpens',
  quote: {
    en: 'Watch accuracy and the confusion matrix sharpen',
    'zh-CN': '观察准确率和混淆矩阵逐渐清晰',
  },
  check({ story }) {
    const [a, b] = [accuracyOf(story.reports[0]), accuracyOf(last(story.reports))];
    return {
      holds: b >= 0.9 && b >= a + 0.2,
      figure: `validation accuracy ${f3(a)} after epoch 1, ${f3(b)} after epoch ${story.reports.length}`,
    };
  },
};

/** One training step's matmul FLOPs of a preset's model, at its batch size. */
export function presetStepFlops(name: PresetName, features: number, outputs: number): number {
  const config = PRESETS[name].config;
  return trainingStepFlops(
    modelShapeOf(config, features, outputs),
    config.batchSize,
    config.dataset.timesteps,
  );
}

const heaviest: StoryClaim = {
  id: 'heaviest',
  quote: { en: 'It is the heaviest preset', 'zh-CN': '这是最重的预设' },
  check({ story }) {
    const own = trainingStepFlops(
      modelShapeOf(story.config, story.dataset.features, story.dataset.outputs),
      story.config.batchSize,
      story.config.dataset.timesteps,
    );
    // Every other preset counted with 32 inputs and 10 outputs, more than any of their datasets has
    // (sentiment's 32 words, 2 classes; the series 1 or 2 inputs): an upper bound on their steps.
    const others = PRESET_NAMES.filter((n) => n !== 'keras-seed').map((n) => presetStepFlops(n, 32, 10));
    const next = Math.max(...others);
    return { holds: own > 2 * next, figure: `${f3(own / 1e6)} MFLOP a step, the next ${f3(next / 1e6)}` };
  },
};

export const STORY_CLAIMS: Record<PresetName, StoryClaim[]> = {
  overfit: [overfitParting, overfitJumpy],
  dropout: [dropoutTrain, dropoutVal],
  l2: [l2ClimbsLess, l2TooMuch],
  'early-stopping': [earlyStops, patienceCreeps],
  'long-range': [plateauThenDrop, forgetLatch, cellHolds, signalReaches],
  'why-lstm': [carriedFar, rnnGuessesMean, rnnVanishes, gatedSolve],
  sentiment: [readsInOrder, notFlips],
  'keras-seed': [sharpens, heaviest],
};

/** What a story's runs must record for its claims. */
export function claimNeeds(claims: readonly StoryClaim[]) {
  return {
    windows: Math.max(0, ...claims.map((c) => c.windows ?? 0)),
    epochProbes: claims.some((c) => c.epochProbes),
    sentences: [...new Set(claims.flatMap((c) => c.sentences ?? []))],
  };
}
