import { PRESETS, type PresetName } from '../model/presets';

/**
 * The seeds a story's claims are checked on: the preset's own (what a class sees first) and the
 * next ones (what a class sees after changing the seed, or on another engine's rounding). Five
 * seeds; three for keras-seed, whose run takes ~30 s on the CPU engine.
 */
export const STORY_SEED_COUNT: Record<PresetName, number> = {
  overfit: 5,
  dropout: 5,
  l2: 5,
  'early-stopping': 5,
  'long-range': 5,
  'why-lstm': 5,
  attention: 5,
  sentiment: 5,
  'which-words': 5,
  'keras-seed': 3,
  translation: 5,
};

export function storySeeds(name: PresetName, count = STORY_SEED_COUNT[name]): number[] {
  const own = PRESETS[name].config.seed;
  return Array.from({ length: count }, (_, k) => own + k);
}

/**
 * A claim stands when it holds on the preset's own seed and on all seeds but at most one in five:
 * small data and short runs make one seed in five an outlier now and then (a slow start, a noisy
 * split), and a story tells what a class will see, not what every seed does.
 */
export function claimVerdict(holdsBySeed: readonly boolean[]) {
  const held = holdsBySeed.filter(Boolean).length;
  const allowedMisses = Math.floor(holdsBySeed.length / 5);
  const ownSeed = holdsBySeed[0] ?? false;
  return { held, ownSeed, ok: ownSeed && holdsBySeed.length - held <= allowedMisses };
}
