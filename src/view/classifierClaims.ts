import { DATE_INPUT_VOCABULARY, DATE_OUTPUT_STEPS, DATE_OUTPUT_VOCABULARY } from '../data/dates';
import { trainingStepFlops } from '../engine/training/stepCost';
import { engineShapeOf, modelShapeOf } from '../model/params';
import { PRESET_NAMES, PRESETS, type PresetName } from '../model/presets';
import { hasSequenceTarget } from '../model/sequenceTarget';
import { accuracyOf, f3, last, positiveAfter, type StoryClaim } from './storyRecord';

/** The classification stories' claims: word order and the seed article's model. */

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
  // A translation preset counted as the model it trains: its characters in, its decoder and symbols out.
  const shape = hasSequenceTarget(config.dataset.name)
    ? engineShapeOf(config, {
        features: DATE_INPUT_VOCABULARY.length,
        outputs: DATE_OUTPUT_STEPS * DATE_OUTPUT_VOCABULARY.length,
        vocabulary: DATE_INPUT_VOCABULARY,
        target: { steps: DATE_OUTPUT_STEPS, vocabulary: DATE_OUTPUT_VOCABULARY },
      })
    : modelShapeOf(config, features, outputs);
  return trainingStepFlops(shape, config.batchSize, config.dataset.timesteps);
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

export const CLASSIFIER_CLAIMS = {
  sentiment: [readsInOrder, notFlips],
  'keras-seed': [sharpens, heaviest],
} satisfies Record<string, StoryClaim[]>;
