import { PRESETS } from '../model/presets';
import { activeUnitJumpiness, curveNoise } from './storyEvidence';
import { f3, last, type StoryClaim, type StoryRecord, tailMean } from './storyRecord';

/** The overfitting story's claims and its three remedies' (the same data and model). */

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

export const OVERFIT_CLAIMS = {
  overfit: [overfitParting, overfitJumpy],
  dropout: [dropoutTrain, dropoutVal],
  l2: [l2ClimbsLess, l2TooMuch],
  'early-stopping': [earlyStops, patienceCreeps],
} satisfies Record<string, StoryClaim[]>;
